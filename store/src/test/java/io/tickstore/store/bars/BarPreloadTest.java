package io.tickstore.store.bars;

import static io.tickstore.store.StoreFixture.awaitDrained;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstore.config.TickstoreConfig;
import io.tickstore.store.FrameOutcomes;
import io.tickstore.store.StoreFixture;
import io.tickstore.store.TickStore;
import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.model.MessageType;
import io.tickstore.store.model.TickRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * After a restart the store is ready with each feed's latest hour of bars in memory and loads the older
 * kept bars in the background: the bar reader answers every range the same before, during and after
 * that load, and a late trade into an old bar is in the answer either way.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BarPreloadTest {
    private static final long T0 = 1_704_096_000_000_000L; // 2024-01-01T08:00:00Z
    private static final long MIN = 60_000_000L;
    private static final long DAY = 1440 * MIN;
    private static final String X = "PRELOAD";
    private static final String[] SYMBOLS = {"AAA", "BBB", "CCC"};
    /** Trades in the latest hour only: its series have no older bars, the preload moves their horizon all the same. */
    private static final String RECENT_ONLY = "DDD";
    private static final List<String> ALL = List.of("AAA", "BBB", "CCC", RECENT_ONLY);

    @TempDir
    Path dir;

    @Test
    void restartedBarsAnswerTheSameWhileAndAfterTheyLoadInTheBackground() throws Exception {
        Random random = new Random(11);
        TickstoreConfig base = StoreFixture.config(dir);
        TickstoreConfig config = base.withQuery(base.query().withBarMemoryDays(31));
        long[] sequence = new long[SYMBOLS.length];
        List<String> before;
        try (TickStore store = StoreFixture.open(config, new SimpleMeterRegistry())) {
            publish(store, trades(random, sequence, 3000, T0, 3 * DAY));
            publish(store, List.of(trade(RECENT_ONLY, 1, T0 + 3 * DAY, "7", "1")));
            awaitDrained(store);
            before = bars(store);
        }
        long latestHourStart;
        try (TickStore store = StoreFixture.open(config, new SimpleMeterRegistry())) {
            List<String> early = bars(store); // memory, DuckDB or both, depending on how far the preload got
            assertEquals(before, early, "answers while the bars load");
            store.awaitBarPreload(60, TimeUnit.SECONDS);
            long cutoff = Timeframe.D1.bucketStart(maxTime(store)) - 31 * DAY;
            for (String symbol : ALL) {
                for (int tf = 0; tf < Timeframe.STANDARD.size(); tf++) {
                    assertEquals(cutoff, store.barHistory().horizon(X, symbol, tf),
                            symbol + " " + Timeframe.STANDARD.get(tf) + ": memory answers from the kept days on");
                }
            }
            assertEquals(before, bars(store), "answers once memory holds every kept bar");
            // A late trade into the first day: memory takes it now (before the preload it was kept for DuckDB).
            latestHourStart = Timeframe.H1.bucketStart(maxTime(store));
            IngestMessage late = trade(SYMBOLS[0], ++sequence[0], T0 + 5 * MIN, "1.5", "2");
            publish(store, List.of(late));
            awaitDrained(store);
            BarHistory.Bars out = new BarHistory.Bars();
            long bucket = Timeframe.M1.bucketStart(T0 + 5 * MIN);
            assertTrue(store.read().bars().tryMemory(X, SYMBOLS[0], Timeframe.M1, bucket, bucket + MIN, 10, out),
                    "memory holds the first day's bars");
            assertEquals(150_000_000L, out.low[0], "the late trade's price is the bar's low");
            before = bars(store);
        }
        assertTrue(latestHourStart > T0, "premise: the first day is before the start-up part");
        try (TickStore store = StoreFixture.open(config, new SimpleMeterRegistry())) {
            store.awaitBarPreload(60, TimeUnit.SECONDS);
            assertEquals(before, bars(store), "the late trade survives a restart too");
        }
    }

    private static long maxTime(TickStore store) throws Exception {
        return store.readers().read(c -> {
            try (var s = c.createStatement(); var rs = s.executeQuery(
                    "SELECT epoch_us(max(timestamp)) FROM market_ticks WHERE last_price IS NOT NULL")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Every stored-timeframe bar of every symbol, as the store's bar reader answers. */
    private static List<String> bars(TickStore store) throws Exception {
        List<String> out = new ArrayList<>();
        BarHistory.Bars b = new BarHistory.Bars();
        for (String symbol : ALL) {
            for (Timeframe tf : Timeframe.STANDARD) {
                store.read().bars().stored(X, symbol, tf, T0 - DAY, T0 + 5 * DAY, 100_000, b);
                for (int i = 0; i < b.size; i++) {
                    out.add(symbol + " " + tf.label() + " " + b.bucket[i] + " o" + b.open[i] + " h" + b.high[i]
                            + " l" + b.low[i] + " c" + b.close[i] + " v" + b.volume(i) + " pv" + b.priceVolume(i)
                            + " n" + b.tradeCount[i]);
                }
            }
        }
        return out;
    }

    private static void publish(TickStore store, List<IngestMessage> messages) {
        FrameOutcomes outcomes = new FrameOutcomes();
        int frames = 0;
        for (int i = 0; i < messages.size(); i += 50) {
            IngestMessage[] frame = messages.subList(i, Math.min(messages.size(), i + 50)).toArray(IngestMessage[]::new);
            while (!store.pipeline().tryPublish(frame, frame.length, outcomes.frame(frames))) {
                Thread.onSpinWait();
            }
            frames++;
        }
        for (FrameOutcomes.Outcome o : outcomes.await(frames)) {
            assertTrue(o.journaled() && o.duplicates() == 0, o.toString());
        }
    }

    private static List<IngestMessage> trades(Random random, long[] sequence, int n, long start, long span) {
        List<IngestMessage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int s = i % SYMBOLS.length;
            long price = 100_00000000L + random.nextInt(100_000_000);
            IngestMessage m = trade(SYMBOLS[s], ++sequence[s], start + random.nextLong(span), null, null);
            m.tick.lastPrice = price;
            m.tick.lastSize = 1 + random.nextLong(50_00000000L);
            out.add(m);
        }
        return out;
    }

    private static IngestMessage trade(String symbol, long sequence, long time, String price, String size) {
        IngestMessage m = new IngestMessage();
        m.type = MessageType.TICK;
        TickRecord t = m.tick;
        t.exchange = X;
        t.symbol = symbol;
        t.sequenceNumber = sequence;
        t.timestamp = time;
        if (price != null) {
            t.lastPrice = Decimal8.parse(price);
            t.lastSize = Decimal8.parse(size);
        }
        return m;
    }
}

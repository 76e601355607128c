package io.tickstore.lifecycle.cold;

import io.micrometer.core.instrument.MeterRegistry;
import io.tickstore.config.LifecycleConfig;
import io.tickstore.config.TickstoreConfig;
import io.tickstore.store.TickStore;
import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.model.MessageType;
import io.tickstore.store.pipeline.FrameCompletion;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/** Real stores with ticks over several UTC days, for the lifecycle's tests. */
final class ColdFixture {
    static final long DAY = 86_400_000_000L;
    /** 2024-03-01T00:00:00Z. */
    static final long MARCH_1 = 1_709_251_200_000_000L;

    private ColdFixture() {
    }

    /** Defaults with data in {@code dir}, no tick memory (so tick reads go to the stored tiers) and no snapshots. */
    static TickstoreConfig config(Path dir, int warmDays) {
        TickstoreConfig d = TickstoreConfig.defaults();
        return d.withDataDir(dir)
                .withPortfolio(d.portfolio().withSnapshotIntervalSeconds(0))
                .withQuery(d.query().withTickMemoryMb(0))
                .withLifecycle(d.lifecycle().withEnabled(true).withWarmDays(warmDays).withRowGroupRows(1024));
    }

    static TickStore open(TickstoreConfig config, MeterRegistry registry) throws Exception {
        return TickStore.open(config, registry);
    }

    /**
     * {@code perDay} ticks per (exchange, symbol) on each of {@code days} days from March 1, at random times
     * of the day, with random decimals (some absent); sequence numbers rise with time per feed.
     */
    static List<IngestMessage> ticks(List<String> exchanges, List<String> symbols, int days, int perDay, long seed) {
        Random random = new Random(seed);
        List<IngestMessage> out = new ArrayList<>();
        for (String exchange : exchanges) {
            for (String symbol : symbols) {
                long seq = 1;
                for (int d = 0; d < days; d++) {
                    long[] times = new long[perDay];
                    for (int i = 0; i < perDay; i++) {
                        times[i] = MARCH_1 + d * DAY + (long) (random.nextDouble() * DAY);
                    }
                    java.util.Arrays.sort(times);
                    for (long t : times) {
                        out.add(tick(exchange, symbol, t, seq++, random));
                    }
                }
            }
        }
        return out;
    }

    static IngestMessage tick(String exchange, String symbol, long time, long seq, Random random) {
        IngestMessage m = new IngestMessage();
        m.type = MessageType.TICK;
        m.tick.exchange = exchange;
        m.tick.symbol = symbol;
        m.tick.timestamp = time;
        m.tick.sequenceNumber = seq;
        m.tick.bidPrice = random.nextInt(5) == 0 ? Decimal8.NULL : 10_000_000_000L + random.nextInt(1_000_000_000);
        m.tick.askPrice = m.tick.bidPrice == Decimal8.NULL ? Decimal8.NULL : m.tick.bidPrice + 1 + random.nextInt(1000);
        m.tick.bidSize = random.nextInt(1_000_000_000);
        m.tick.askSize = 1;
        m.tick.lastPrice = random.nextInt(3) == 0 ? Decimal8.NULL : 10_000_000_000L + random.nextInt(1_000_000_000);
        m.tick.lastSize = m.tick.lastPrice == Decimal8.NULL ? Decimal8.NULL : 1 + random.nextInt(99_999_999);
        m.tick.volume = 999_999_999_999_999_999L;
        m.tick.conditions = random.nextBoolean() ? "@F" : null;
        m.tick.tape = "C";
        return m;
    }

    /** Publishes every message (in frames of 500) and waits until every sink stored them. */
    static void ingest(TickStore store, List<IngestMessage> messages) throws InterruptedException {
        FrameCompletion ignore = new FrameCompletion() {
            @Override
            public void journaled(int accepted, int duplicates, long journalIndex) {
            }

            @Override
            public void rejected(MessageType type, String error) {
                throw new AssertionError(error);
            }

            @Override
            public void failed(String reason) {
                throw new AssertionError(reason);
            }
        };
        for (int i = 0; i < messages.size(); i += 500) {
            int n = Math.min(500, messages.size() - i);
            IngestMessage[] frame = messages.subList(i, i + n).toArray(new IngestMessage[0]);
            while (!store.pipeline().tryPublish(frame, n, ignore)) {
                Thread.sleep(1);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!store.pipeline().drained()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("pipeline not drained");
            }
            Thread.sleep(5);
        }
        if (!store.awaitStored(60, TimeUnit.SECONDS)) {
            throw new AssertionError("sinks did not catch up");
        }
    }

    static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String text(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}

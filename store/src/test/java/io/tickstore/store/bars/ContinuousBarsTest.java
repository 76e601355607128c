package io.tickstore.store.bars;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickstore.store.FrameOutcomes;
import io.tickstore.store.StoreFixture;
import io.tickstore.store.TickStore;
import io.tickstore.store.live.BarUpdate;
import io.tickstore.store.live.LiveBatch;
import io.tickstore.store.live.LiveListener;
import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.model.MessageType;
import io.tickstore.store.model.TickRecord;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bars against a direct computation over the stored ticks: shuffled arrivals across
 * many small batches, equal timestamps, late ticks into complete bars, and restarts in between (so
 * the hot tier's bars are restored from DuckDB and the DuckDB sink merges bars it no longer holds
 * with their stored state). The bars in memory (the hot tier), the bars stored in DuckDB (the sink's
 * own bar keeping) and the bars pushed live must all equal it.
 */
class ContinuousBarsTest {
    private static final long T0 = 1_704_186_000_000_000L; // 2024-01-02T09:00:00Z
    private static final String[] SYMBOLS = {"AAA", "BBB"};

    @TempDir
    Path dir;

    @Test
    void barsEqualADirectComputationThroughShufflesLateTicksAndRestarts() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        String context = "seed=" + seed + "L";
        List<IngestMessage> ticks = generate(random, 3000);
        Collections.shuffle(ticks.subList(0, 2400), random); // shuffled arrivals
        // The last 600 are late: earlier timestamps than most of what precedes them.
        List<IngestMessage> late = ticks.subList(2400, 3000);
        for (IngestMessage m : late) {
            m.tick.timestamp = T0 + random.nextLong(0, 2 * 3600_000_000L);
        }
        Map<String, BarUpdate> lastPushed = new ConcurrentHashMap<>();
        int sent = 0;
        for (int phase = 0; phase < 3; phase++) {
            try (TickStore store = StoreFixture.open(dir)) {
                store.setLiveListener(recorder(lastPushed));
                FrameOutcomes outcomes = new FrameOutcomes();
                int end = phase == 2 ? ticks.size() : (phase + 1) * 1000;
                int frame = 0;
                while (sent < end) {
                    int n = Math.min(end - sent, 1 + random.nextInt(40));
                    IngestMessage[] batch = ticks.subList(sent, sent + n).toArray(IngestMessage[]::new);
                    while (!store.pipeline().tryPublish(batch, n, outcomes.frame(frame))) {
                        Thread.onSpinWait();
                    }
                    frame++;
                    sent += n;
                    if (random.nextInt(4) == 0) {
                        StoreFixture.awaitDrained(store); // vary batch boundaries
                    }
                }
                StoreFixture.awaitDrained(store);
                assertTrue(!store.pipeline().health().failed(), store.pipeline().health().failure());
                Map<String, List<Object>> expected = barsFromTicks(store);
                assertStoredBarsMatch(store, expected, context + ", phase " + phase);
                // A bar the background bar preload revised (a late trade that came while it ran) is pushed
                // at the applier's next flush: give it that moment.
                String phaseContext = context + ", phase " + phase;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (true) {
                    try {
                        assertPushedBarsMatch(expected, lastPushed, phaseContext);
                        break;
                    } catch (AssertionError e) {
                        if (System.nanoTime() > deadline) {
                            throw e;
                        }
                        Thread.sleep(20);
                    }
                }
            }
        }
    }

    private static LiveListener recorder(Map<String, BarUpdate> lastPushed) {
        return new LiveListener() {
            @Override
            public boolean wantsTicks(String exchange, String symbol) {
                return false;
            }

            @Override
            public boolean wantsBars(String exchange, String symbol) {
                return true;
            }

            @Override
            public void applied(LiveBatch batch) {
                for (BarUpdate b : batch.bars()) {
                    lastPushed.put(b.symbol() + "/" + b.timeframe() + "/" + b.bucketStart(), b);
                }
            }
        };
    }

    private static List<IngestMessage> generate(Random random, int n) {
        List<IngestMessage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            IngestMessage m = new IngestMessage();
            m.type = MessageType.TICK;
            TickRecord t = m.tick;
            t.exchange = "BARS";
            t.symbol = SYMBOLS[i % SYMBOLS.length];
            t.sequenceNumber = i;
            // ~26 hours, so 1d bars complete; every fifth tick shares its predecessor's timestamp.
            t.timestamp = i % 5 == 4 ? out.get(i - 2).tick.timestamp : T0 + (long) i * 31_000_000L + random.nextInt(1_000_000);
            if (i % 7 == 3) {
                t.bidPrice = 1000_00000000L + random.nextInt(1_000_000);
                t.askPrice = t.bidPrice + 5;
            } else {
                t.lastPrice = 999_00000000L + random.nextLong(2_00000000L); // 999.00000000 .. 1000.99999999
                t.lastSize = 1 + random.nextLong(5_000_00000000L);            // up to 5000 with 8 decimals
            }
            out.add(m);
        }
        return out;
    }

    /**
     * Every bar of every standard timeframe computed directly from the stored ticks: the seven stored
     * values, then whether it is complete by the rule (its feed traded at or after its end).
     */
    private static Map<String, List<Object>> barsFromTicks(TickStore store) throws Exception {
        Map<String, List<Object>> expected = new HashMap<>();
        store.readers().read(c -> {
            try (Statement s = c.createStatement()) {
                for (Timeframe tf : Timeframe.STANDARD) {
                    String bucket = "(epoch_us(timestamp) // " + tf.micros() + ") * " + tf.micros();
                    String key = "{'t': epoch_us(timestamp), 's': sequence_number, 'j': journal_index}";
                    try (ResultSet rs = s.executeQuery("WITH latest AS (SELECT symbol, max(epoch_us(timestamp)) AS t "
                            + "FROM market_ticks WHERE last_price IS NOT NULL GROUP BY symbol) "
                            + "SELECT m.symbol, " + bucket + " AS b, arg_min(last_price, " + key + "), max(last_price), "
                            + "min(last_price), arg_max(last_price, " + key + "), sum(last_size), count(*), "
                            + "sum(last_price::DECIMAL(38,8) * last_size::DECIMAL(38,8)), "
                            + "any_value(l.t) >= " + bucket + " + " + tf.micros() + " "
                            + "FROM market_ticks m JOIN latest l ON l.symbol = m.symbol "
                            + "WHERE last_price IS NOT NULL GROUP BY m.symbol, b")) {
                        while (rs.next()) {
                            List<Object> row = row(rs, 3);
                            row.add(rs.getBoolean(10));
                            expected.put(rs.getString(1) + "/" + tf.label() + "/" + rs.getLong(2), row);
                        }
                    }
                }
            }
            return null;
        });
        assertTrue(expected.size() > 100, "enough bars to mean something: " + expected.size());
        return expected;
    }

    /** Every stored bar equals the direct computation, and there is no other. */
    private static void assertStoredBarsMatch(TickStore store, Map<String, List<Object>> expected, String context)
            throws Exception {
        Map<String, List<Object>> actual = new HashMap<>();
        store.readers().read(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT symbol, timeframe, "
                    + "epoch_us(bucket_start), open, high, low, close, volume, trade_count, price_volume FROM ohlcv_bars")) {
                while (rs.next()) {
                    actual.put(rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getLong(3), row(rs, 4));
                }
            }
            return null;
        });
        assertEquals(expected.keySet(), actual.keySet(), context);
        for (String k : expected.keySet()) {
            assertEquals(expected.get(k).subList(0, 7), actual.get(k), k + "; " + context);
        }
        long rows = StoreFixture.count(store, "SELECT count(*) FROM ohlcv_bars");
        assertEquals(actual.size(), rows, "one row per bar: no bar was written twice; " + context);
        // The bars kept in memory (fed by the writer, loaded at start-up) equal the stored ones.
        int inMemory = 0;
        for (String symbol : SYMBOLS) {
            for (Timeframe tf : Timeframe.STANDARD) {
                BarHistory.Bars bars = new BarHistory.Bars();
                long horizon = store.barHistory().read("BARS", symbol, tf, 0, Long.MAX_VALUE, 1_000_000, bars);
                assertTrue(horizon <= T0, "memory holds the whole day of data: horizon " + horizon + "; " + context);
                for (int i = 0; i < bars.size; i++) {
                    String k = symbol + "/" + tf.label() + "/" + bars.bucket[i];
                    assertEquals(actual.get(k), List.of(dec(bars.open[i]), dec(bars.high[i]), dec(bars.low[i]),
                            dec(bars.close[i]), bars.volume(i).stripTrailingZeros().toPlainString(), bars.tradeCount[i],
                            bars.priceVolume(i).stripTrailingZeros().toPlainString()), "in memory: " + k + "; " + context);
                    inMemory++;
                }
            }
        }
        assertEquals(actual.size(), inMemory, "every stored bar is in memory (the data spans a day); " + context);
    }

    /** The last push of each bar equals the direct computation, completeness included. */
    private static void assertPushedBarsMatch(Map<String, List<Object>> expected, Map<String, BarUpdate> pushed,
                                              String context) {
        int compared = 0;
        for (Map.Entry<String, BarUpdate> e : pushed.entrySet()) {
            BarUpdate b = e.getValue();
            List<Object> fromPush = List.of(dec(b.open()), dec(b.high()), dec(b.low()), dec(b.close()),
                    b.volume().stripTrailingZeros().toPlainString(), b.tradeCount(),
                    b.priceVolume().stripTrailingZeros().toPlainString(), b.complete());
            assertEquals(expected.get(e.getKey()), fromPush, e.getKey() + "; " + context);
            compared++;
        }
        assertTrue(compared > 50, "pushed bars were compared: " + compared);
    }

    private static String dec(long unscaled) {
        return io.tickstore.store.model.Decimal8.toBigDecimal(unscaled).stripTrailingZeros().toPlainString();
    }

    /** Seven values from column {@code first}: open, high, low, close, volume, trade_count, price_volume. */
    private static List<Object> row(ResultSet rs, int first) throws java.sql.SQLException {
        List<Object> out = new ArrayList<>();
        for (int i = first; i < first + 7; i++) {
            Object v = rs.getObject(i);
            out.add(v instanceof BigDecimal d ? d.stripTrailingZeros().toPlainString() : v);
        }
        return out;
    }
}

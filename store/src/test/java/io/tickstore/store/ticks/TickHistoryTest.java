package io.tickstore.store.ticks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.TickRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/**
 * Tick memory against a sorted reference: out-of-order and late ticks, chunk splits, cursors,
 * limits, horizons from start-up and from dropping ticks over budget, and nothing visible before
 * its commit is published.
 */
class TickHistoryTest {
    private static final long SEED = Long.getLong("tickstore.seed", System.nanoTime());
    private static final long T0 = 1_704_153_600_000_000L;

    /** Reference: key (time, sequence) → the tick's values, per feed. */
    private final TreeMap<String, TreeMap<Key, long[]>> reference = new TreeMap<>();

    record Key(long time, long sequence) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = Long.compare(time, o.time);
            return c != 0 ? c : Long.compare(sequence, o.sequence);
        }
    }

    @Test
    void readsEqualASortedReferenceThroughOutOfOrderInsertsAndChunkSplits() {
        Random r = new Random(SEED);
        TickHistory h = new TickHistory(1L << 30);
        String[] symbols = {"AAA", "BBB", "CCC"};
        long sequence = 0;
        for (int batch = 0; batch < 40; batch++) {
            for (int i = 0; i < 500; i++) {
                String symbol = symbols[r.nextInt(symbols.length)];
                // Mostly forward in time, a fifth anywhere earlier (late ticks), some on the same microsecond.
                long time = r.nextInt(5) == 0 ? T0 + r.nextInt(3_600_000) * 1_000L
                        : T0 + 3_600_000_000L + batch * 60_000_000L + r.nextInt(60) * 1_000_000L;
                stage(h, "X", symbol, time, sequence++, r);
            }
            h.publish(Long.MAX_VALUE);
        }
        assertEquals(20_000, h.ticks());
        for (int q = 0; q < 400; q++) {
            String symbol = symbols[r.nextInt(symbols.length)];
            List<Key> stored = new ArrayList<>(reference.get("X/" + symbol).keySet());
            long from = T0 + (long) (r.nextDouble() * 3 * 3_600_000_000L);
            long to = from + (long) (r.nextDouble() * 3_600_000_000L);
            if (r.nextBoolean()) { // bounds on stored timestamps: from inclusive, to exclusive
                long a = stored.get(r.nextInt(stored.size())).time;
                long b = stored.get(r.nextInt(stored.size())).time;
                from = Math.min(a, b);
                to = Math.max(a, b);
            }
            int max = 1 + r.nextInt(r.nextBoolean() ? 20 : 9000);
            long afterTime = Long.MIN_VALUE;
            long afterSequence = Long.MIN_VALUE;
            if (r.nextBoolean()) {
                Key k = stored.get(r.nextInt(stored.size()));
                afterTime = k.time;
                afterSequence = k.sequence;
            }
            assertRead(h, "X", symbol, from, to, afterTime, afterSequence, max);
        }
        // Every tick, one page at a time.
        for (String symbol : symbols) {
            List<Key> seen = new ArrayList<>();
            long afterTime = Long.MIN_VALUE;
            long afterSequence = Long.MIN_VALUE;
            TickHistory.Ticks out = new TickHistory.Ticks();
            do {
                assertEquals(TickHistory.Read.ANSWERED, h.read("X", symbol, Long.MIN_VALUE, Long.MAX_VALUE, afterTime, afterSequence, 777, out));
                for (int i = 0; i < out.size; i++) {
                    seen.add(new Key(out.timestamp(i), out.sequenceNumber(i)));
                }
                if (out.size > 0) {
                    afterTime = out.timestamp(out.size - 1);
                    afterSequence = out.sequenceNumber(out.size - 1);
                }
            } while (out.size == 777);
            assertEquals(new ArrayList<>(reference.get("X/" + symbol).keySet()), seen, "seed " + SEED);
        }
    }

    @Test
    void shuffledCommitsInterleavedWithHeldTicksMergeIntoKeyOrder() {
        Random r = new Random(SEED);
        TickHistory h = new TickHistory(1L << 30);
        for (int i = 0; i < 10_000; i++) { // in order: three chunks and a bit
            stage(h, "X", "A", T0 + i * 10L, i, r);
        }
        h.publish(Long.MAX_VALUE);
        List<Integer> late = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            late.add(i);
        }
        java.util.Collections.shuffle(late, r);
        for (int i : late) { // between the held ticks, and some on the same microsecond as one
            stage(h, "X", "A", T0 + i * 10L + (i % 3 == 0 ? 0 : 5), 100_000 + i, r);
        }
        h.publish(Long.MAX_VALUE);
        List<Integer> after = new ArrayList<>(late);
        java.util.Collections.shuffle(after, r);
        for (int i : after) { // after every held tick, shuffled
            stage(h, "X", "A", T0 + 1_000_000L + i, 200_000 + i, r);
        }
        h.publish(Long.MAX_VALUE);
        assertEquals(30_000, h.ticks());
        assertRead(h, "X", "A", Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE, 100_000);
        assertRead(h, "X", "A", T0 + 40_000L, T0 + 60_001L, Long.MIN_VALUE, Long.MIN_VALUE, 100_000);
    }

    @Test
    void theSameKeyTwiceInOneCommitKeepsTheLaterOne() {
        TickHistory h = new TickHistory(1L << 20);
        TickRecord t = tick("X", "A", T0 + 5, 1);
        h.stage(t, 1);
        h.stage(tick("X", "A", T0 + 9, 2), 1);
        t.conditions = "first";
        h.stage(t, 1);
        t.conditions = "second";
        h.stage(t, 1);
        h.publish(Long.MAX_VALUE);
        assertEquals("second", first(h, T0, T0 + 10, 2).conditions);
        assertEquals(2, h.ticks());
    }

    @Test
    void aPreloadFillsMemoryNewestFirstUpToTheBudgetAndKeepsLateTicksCommittedMeanwhile() throws Exception {
        Random r = new Random(SEED);
        long rowBytes = TickHistory.LONGS * 8 + TickHistory.STRINGS * 4;
        long budget = 4000 * rowBytes * 16 / 15 + 16; // room for 4,000 rows after the sixteenth kept free
        TickHistory h = new TickHistory(budget);
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:");
             java.sql.Statement st = c.createStatement()) {
            st.execute("CREATE TABLE market_ticks (exchange VARCHAR, symbol VARCHAR, timestamp TIMESTAMP, "
                    + "sequence_number BIGINT, bid_price DECIMAL(18,8), ask_price DECIMAL(18,8), bid_size DECIMAL(18,8), "
                    + "ask_size DECIMAL(18,8), last_price DECIMAL(18,8), last_size DECIMAL(18,8), volume DECIMAL(18,8), "
                    + "conditions VARCHAR, tape VARCHAR)");
            // Stored before start-up: 3,000 ticks each for A and B, interleaved in time.
            try (java.sql.PreparedStatement in = c.prepareStatement(
                    "INSERT INTO market_ticks VALUES (?, ?, make_timestamp(?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < 3000; i++) {
                    store(in, "A", T0 + i * 1000L, i, r);
                    store(in, "B", T0 + i * 1000L + 500, i, r);
                }
            }
            h.loadHorizon("X", "A", T0 + 2999 * 1000L);
            h.loadHorizon("X", "B", T0 + 2999 * 1000L + 500);
            // After start-up: a new tick (memory holds it) and, once the preload started, a late one the
            // preload's snapshot will not see (committed after it), which memory must still hold.
            stage(h, "X", "A", T0 + 5_000_000L, 10_000, r);
            h.publish(Long.MAX_VALUE);
            h.startPreload();
            stage(h, "X", "A", T0 + 2500 * 1000L + 1, 10_001, r);
            h.publish(Long.MAX_VALUE);
            long limit = h.preloadRowLimit();
            assertTrue(limit > 3900 && limit <= 4000, "limit " + limit); // less what is held already
            // The stored rows newest first (both feeds): the first one past the limit is where the load stops.
            List<Key> stored = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                stored.add(new Key(T0 + i * 1000L, i));
                stored.add(new Key(T0 + i * 1000L + 500, i));
            }
            stored.sort(java.util.Comparator.reverseOrder());
            long horizon = stored.get((int) limit).time + 1;
            long loaded;
            try (java.sql.PreparedStatement newest = c.prepareStatement(TickHistory.PRELOAD_SQL)) {
                newest.setLong(1, limit + 1);
                try (java.sql.ResultSet rs = newest.executeQuery()) {
                    loaded = h.preload(rs, limit, () -> false);
                }
            }
            assertEquals(limit, loaded);
            assertEquals(limit + 2, h.ticks());
            // Memory answers both feeds from just after the first tick it did not load.
            TickHistory.Ticks out = new TickHistory.Ticks();
            assertEquals(TickHistory.Read.PARTIAL, h.read("X", "A", horizon - 1, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE, 10, out));
            assertEquals(TickHistory.Read.PARTIAL, h.read("X", "B", horizon - 1, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE, 10, out));
            assertRead(h, "X", "A", horizon, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE, 10_000);
            assertRead(h, "X", "B", horizon, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE, 10_000);
            assertRead(h, "X", "A", T0 + 2400 * 1000L, T0 + 2600 * 1000L, Long.MIN_VALUE, Long.MIN_VALUE, 10_000);
            // Late ticks after the preload are held as usual.
            stage(h, "X", "B", T0 + 1500 * 1000L + 7, 10_002, r);
            h.publish(Long.MAX_VALUE);
            assertRead(h, "X", "B", horizon, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE, 10_000);
        }
        h.close();
    }

    /** Inserts a random tick of feed X/{@code symbol} into DuckDB and the reference. */
    private void store(java.sql.PreparedStatement in, String symbol, long time, long sequence, Random r)
            throws java.sql.SQLException {
        long bid = r.nextInt(4) == 0 ? Decimal8.NULL : r.nextInt(1_000_000_000);
        long last = r.nextBoolean() ? Decimal8.NULL : r.nextInt(1_000_000_000);
        long[] v = {time, sequence, bid, bid == Decimal8.NULL ? Decimal8.NULL : bid + r.nextInt(1000),
                r.nextInt(1_000_000), r.nextInt(1_000_000), last, r.nextInt(1_000_000), r.nextLong() & 0xFFFF_FFFF_FFFFL};
        String conditions = r.nextBoolean() ? null : "@ " + (char) ('A' + r.nextInt(5));
        String tape = r.nextBoolean() ? null : "C";
        in.setString(1, "X");
        in.setString(2, symbol);
        in.setLong(3, time);
        in.setLong(4, sequence);
        for (int i = 2; i < 9; i++) {
            in.setBigDecimal(3 + i, v[i] == Decimal8.NULL ? null : java.math.BigDecimal.valueOf(v[i], 8));
        }
        in.setString(12, conditions);
        in.setString(13, tape);
        in.execute();
        long[] row = java.util.Arrays.copyOf(v, 11);
        row[9] = conditions == null ? -1 : conditions.hashCode();
        row[10] = tape == null ? -1 : tape.hashCode();
        reference.computeIfAbsent("X/" + symbol, k -> new TreeMap<>()).put(new Key(time, sequence), row);
    }

    @Test
    void stagedTicksAreInvisibleUntilPublished() {
        TickHistory h = new TickHistory(1L << 20);
        Random r = new Random(SEED);
        stage(h, "X", "A", T0, 1, r);
        TickHistory.Ticks out = new TickHistory.Ticks();
        assertEquals(TickHistory.Read.ANSWERED, h.read("X", "A", T0, T0 + 1, Long.MIN_VALUE, Long.MIN_VALUE, 10, out));
        assertEquals(0, out.size);
        assertEquals(0, h.ticks());
        h.publish(Long.MAX_VALUE);
        assertEquals(TickHistory.Read.ANSWERED, h.read("X", "A", T0, T0 + 1, Long.MIN_VALUE, Long.MIN_VALUE, 10, out));
        assertEquals(1, out.size);
        assertEquals(1, h.ticks());
    }

    @Test
    void tryReadNeverWaitsForTheWriterButReadDoes() throws Exception {
        TickHistory h = new TickHistory(1L << 20);
        stage(h, "X", "A", T0, 1, new Random(SEED));
        h.publish(Long.MAX_VALUE);
        ReentrantLock lock = h.lockOf("X", "A");
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread writer = new Thread(() -> { // holds the feed as publish does while it merges
            lock.lock();
            try {
                held.countDown();
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                lock.unlock();
            }
        });
        writer.start();
        held.await();
        TickHistory.Ticks out = new TickHistory.Ticks();
        assertEquals(TickHistory.Read.BUSY, h.tryRead("X", "A", T0, T0 + 1, Long.MIN_VALUE, Long.MIN_VALUE, 10, out));
        assertEquals(0, out.size);
        assertEquals(TickHistory.Read.ANSWERED, h.tryRead("X", "B", T0, T0 + 1, Long.MIN_VALUE, Long.MIN_VALUE, 10, out),
                "another feed is not held");
        CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(() -> {
            TickHistory.Ticks got = new TickHistory.Ticks();
            assertEquals(TickHistory.Read.ANSWERED, h.read("X", "A", T0, T0 + 1, Long.MIN_VALUE, Long.MIN_VALUE, 10, got));
            return got.size;
        });
        Thread.sleep(200);
        assertFalse(waiting.isDone(), "read waits while the feed is held");
        release.countDown();
        assertEquals(1, waiting.get(10, TimeUnit.SECONDS));
        writer.join();
        assertEquals(TickHistory.Read.ANSWERED, h.tryRead("X", "A", T0, T0 + 1, Long.MIN_VALUE, Long.MIN_VALUE, 10, out));
        assertEquals(1, out.size);
    }

    @Test
    void aStoredFeedIsAnsweredOnlyAfterItsLatestStoredTick() {
        TickHistory h = new TickHistory(1L << 20);
        h.loadHorizon("X", "A", T0);
        Random r = new Random(SEED);
        stage(h, "X", "A", T0 - 5, 1, r); // late: DuckDB alone holds it
        stage(h, "X", "A", T0 + 5, 2, r);
        h.publish(Long.MAX_VALUE);
        TickHistory.Ticks out = new TickHistory.Ticks();
        assertEquals(TickHistory.Read.PARTIAL, h.read("X", "A", T0, T0 + 10, Long.MIN_VALUE, Long.MIN_VALUE, 10, out));
        assertEquals(TickHistory.Read.ANSWERED, h.read("X", "A", T0 + 1, T0 + 10, Long.MIN_VALUE, Long.MIN_VALUE, 10, out));
        assertEquals(1, out.size);
        assertEquals(2, out.sequenceNumber(0));
        assertEquals(1, h.ticks());
        // A cursor past the horizon is enough, whatever the from.
        assertEquals(TickHistory.Read.ANSWERED, h.read("X", "A", T0 - 100, T0 + 10, T0 + 1, 0, 10, out));
        assertEquals(1, out.size);
        // A feed memory never saw has no stored ticks.
        assertEquals(TickHistory.Read.ANSWERED, h.read("X", "NEW", T0, T0 + 10, Long.MIN_VALUE, Long.MIN_VALUE, 10, out));
        assertEquals(0, out.size);
    }

    @Test
    void overBudgetTheOldestTicksAcrossFeedsAreDroppedAndTheirRangeGoesToDuckDb() {
        Random r = new Random(SEED);
        long budget = 4 * TickHistory.CHUNK * 100L; // about four full chunks
        TickHistory h = new TickHistory(budget);
        long sequence = 0;
        // Two feeds, interleaved in time; A's ticks are older than B's at every step.
        for (int batch = 0; batch < 30; batch++) {
            for (int i = 0; i < 1000; i++) {
                long time = T0 + (batch * 1000L + i) * 1_000_000L;
                stage(h, "X", "A", time, sequence++, r);
                stage(h, "X", "B", time + 500_000, sequence++, r);
            }
            h.publish(Long.MAX_VALUE);
            assertTrue(h.bytes() <= budget, h.bytes() + " > " + budget);
        }
        assertTrue(h.ticks() < 60_000);
        // The newest range is held for both feeds and equals the reference.
        long last = T0 + 29_999L * 1_000_000L;
        assertRead(h, "X", "A", last - 1_000_000_000L, last + 1, Long.MIN_VALUE, Long.MIN_VALUE, 5000);
        assertRead(h, "X", "B", last - 1_000_000_000L, last + 1, Long.MIN_VALUE, Long.MIN_VALUE, 5000);
        // The oldest is not: memory refuses, DuckDB answers.
        TickHistory.Ticks out = new TickHistory.Ticks();
        assertEquals(TickHistory.Read.PARTIAL, h.read("X", "A", T0, T0 + 10_000_000L, Long.MIN_VALUE, Long.MIN_VALUE, 10, out));
        assertEquals(TickHistory.Read.PARTIAL, h.read("X", "B", T0, T0 + 10_000_000L, Long.MIN_VALUE, Long.MIN_VALUE, 10, out));
        // Whatever is answered from the horizon on is complete: find A's horizon and read across it.
        long horizon = T0;
        while (TickHistory.Read.ANSWERED != h.read("X", "A", horizon, horizon + 1, Long.MIN_VALUE, Long.MIN_VALUE, 1, out)) {
            horizon += 1_000_000L;
        }
        assertRead(h, "X", "A", horizon, last + 1, Long.MIN_VALUE, Long.MIN_VALUE, 100_000);
        // A late tick before the horizon is not held.
        long held = h.ticks();
        stage(h, "X", "A", horizon - 2_000_000L, sequence++, r);
        h.publish(Long.MAX_VALUE);
        assertEquals(held, h.ticks());
    }

    @Test
    void closeFreesEverythingAndLaterReadsGoToDuckDb() {
        TickHistory h = new TickHistory(1L << 30);
        Random r = new Random(SEED);
        for (int i = 0; i < 10_000; i++) {
            stage(h, "X", i % 2 == 0 ? "A" : "B", T0 + i, i, r);
        }
        h.publish(Long.MAX_VALUE);
        assertEquals(10_000, h.ticks());
        assertTrue(h.bytes() >= 10_000L * TickHistory.LONGS * 8);
        stage(h, "X", "C", T0 + 20_000, 20_000, r); // a writer that outlives the close: staged before it,
        h.close();
        h.publish(Long.MAX_VALUE); // published after it
        assertEquals(0, h.ticks());
        assertEquals(0, h.bytes());
        assertEquals(TickHistory.Read.PARTIAL, h.read("X", "A", T0, T0 + 10, Long.MIN_VALUE, Long.MIN_VALUE, 10, new TickHistory.Ticks()));
        assertEquals(TickHistory.Read.PARTIAL, h.read("X", "C", T0, T0 + 30_000, Long.MIN_VALUE, Long.MIN_VALUE, 10, new TickHistory.Ticks()));
        h.close(); // twice is harmless
    }

    @Test
    void offMeansEveryReadGoesToDuckDb() {
        TickHistory h = new TickHistory(0);
        stage(h, "X", "A", T0, 1, new Random(SEED));
        h.publish(Long.MAX_VALUE);
        assertEquals(TickHistory.Read.PARTIAL, h.read("X", "A", T0, T0 + 1, Long.MIN_VALUE, Long.MIN_VALUE, 10, new TickHistory.Ticks()));
        assertEquals(0, h.ticks());
    }

    @Test
    void theSameKeyAgainKeepsTheLatestValues() {
        TickHistory h = new TickHistory(1L << 20);
        TickRecord t = tick("X", "A", T0, 7);
        t.bidPrice = Decimal8.fromBigDecimal(new java.math.BigDecimal("1.5"));
        h.stage(t, 1);
        h.publish(Long.MAX_VALUE);
        t.bidPrice = Decimal8.fromBigDecimal(new java.math.BigDecimal("2.5"));
        t.conditions = "late";
        h.stage(t, 1);
        h.publish(Long.MAX_VALUE);
        TickRecord back = first(h, T0, T0 + 1, 1);
        assertEquals(Decimal8.fromBigDecimal(new java.math.BigDecimal("2.5")), back.bidPrice);
        assertEquals("late", back.conditions);
        assertEquals(1, h.ticks());
    }

    /** Feed X/A's first tick in [from, to), after checking how many ticks the range holds. */
    private static TickRecord first(TickHistory h, long from, long to, int expected) {
        TickHistory.Ticks out = new TickHistory.Ticks();
        assertEquals(TickHistory.Read.ANSWERED, h.read("X", "A", from, to, Long.MIN_VALUE, Long.MIN_VALUE, 10, out));
        assertEquals(expected, out.size);
        TickRecord back = new TickRecord();
        out.copyTo(0, back);
        return back;
    }

    private void assertRead(TickHistory h, String exchange, String symbol, long from, long to, long afterTime,
                            long afterSequence, int max) {
        TickHistory.Ticks out = new TickHistory.Ticks();
        assertEquals(TickHistory.Read.ANSWERED, h.read(exchange, symbol, from, to, afterTime, afterSequence, max, out));
        List<long[]> expected = new ArrayList<>();
        Key after = new Key(afterTime, afterSequence);
        for (var e : reference.get(exchange + "/" + symbol).entrySet()) {
            Key k = e.getKey();
            if (k.time >= from && k.time < to && k.compareTo(after) > 0 && expected.size() < max) {
                expected.add(e.getValue());
            }
        }
        String what = "seed " + SEED + ": " + symbol + " [" + from + ", " + to + ") after " + after + " max " + max;
        assertEquals(expected.size(), out.size, what);
        TickRecord back = new TickRecord();
        for (int i = 0; i < out.size; i++) {
            out.copyTo(i, back);
            long[] v = expected.get(i);
            long[] got = {back.timestamp, back.sequenceNumber, back.bidPrice, back.askPrice, back.bidSize,
                    back.askSize, back.lastPrice, back.lastSize, back.volume,
                    back.conditions == null ? -1 : back.conditions.hashCode(), back.tape == null ? -1 : back.tape.hashCode()};
            assertEquals(java.util.Arrays.toString(v), java.util.Arrays.toString(got), what + " row " + i);
        }
    }

    /** Stages a random tick and records it in the reference (as published: the test publishes after). */
    private void stage(TickHistory h, String exchange, String symbol, long time, long sequence, Random r) {
        TickRecord t = tick(exchange, symbol, time, sequence);
        t.bidPrice = r.nextInt(4) == 0 ? Decimal8.NULL : r.nextInt(1_000_000_000);
        t.askPrice = t.bidPrice == Decimal8.NULL ? Decimal8.NULL : t.bidPrice + r.nextInt(1000);
        t.bidSize = r.nextInt(1_000_000);
        t.askSize = r.nextInt(1_000_000);
        t.lastPrice = r.nextBoolean() ? Decimal8.NULL : r.nextInt(1_000_000_000);
        t.lastSize = r.nextInt(1_000_000);
        t.volume = r.nextLong() & Long.MAX_VALUE;
        t.conditions = r.nextBoolean() ? null : "@ " + (char) ('A' + r.nextInt(5));
        t.tape = r.nextBoolean() ? null : new String(new char[] {(char) ('A' + r.nextInt(3))});
        h.stage(t, 1);
        if (h.enabled()) {
            reference.computeIfAbsent(exchange + "/" + symbol, k -> new TreeMap<>()).put(new Key(time, sequence),
                    new long[] {time, sequence, t.bidPrice, t.askPrice, t.bidSize, t.askSize, t.lastPrice, t.lastSize,
                            t.volume, t.conditions == null ? -1 : t.conditions.hashCode(),
                            t.tape == null ? -1 : t.tape.hashCode()});
        }
    }

    private static TickRecord tick(String exchange, String symbol, long time, long sequence) {
        TickRecord t = new TickRecord();
        t.clear();
        t.exchange = exchange;
        t.symbol = symbol;
        t.timestamp = time;
        t.sequenceNumber = sequence;
        return t;
    }
}

package io.tickstore.store.bars;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BarHistoryTest {
    private static final long MIN = 60_000_000L;
    private static final long DAY = 1440 * MIN;
    private static final long UNIT = 100_000_000L;
    /** Everything is stored in DuckDB: old bars may go. */
    private static final long ALL_STORED = Long.MAX_VALUE;

    private static List<Long> buckets(BarHistory.Bars b) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < b.size; i++) {
            out.add(b.bucket[i]);
        }
        return out;
    }

    /** A trade of 1 at {@code price} units, sequence = journal index = {@code n}. */
    private static boolean trade(BarHistory h, String symbol, long time, long price, long n, long stored) {
        return h.onTrade("X", symbol, price * UNIT, UNIT, time, n, n, stored);
    }

    @Test
    void foldsTradesIntoEveryTimeframeInOrderOfTimeAndSequence() {
        BarHistory h = new BarHistory(10 * DAY);
        assertTrue(trade(h, "A", 5 * MIN + 1, 5, 1, ALL_STORED));
        assertTrue(trade(h, "A", 1 * MIN, 1, 2, ALL_STORED));
        assertTrue(trade(h, "A", 3 * MIN + 10, 3, 3, ALL_STORED));
        assertTrue(trade(h, "A", 3 * MIN + 5, 30, 4, ALL_STORED)); // earlier in the bucket: the new open
        BarHistory.Bars out = new BarHistory.Bars();
        assertEquals(Long.MIN_VALUE, h.read("X", "A", Timeframe.M1, 0, 10 * MIN, 100, out),
                "a series that started here: memory holds all of it");
        assertEquals(List.of(1 * MIN, 3 * MIN, 5 * MIN), buckets(out));
        assertEquals(30 * UNIT, out.open[1]);
        assertEquals(3 * UNIT, out.close[1]);
        assertEquals(30 * UNIT, out.high[1]);
        assertEquals(2, out.tradeCount[1]);
        assertEquals(new BigDecimal("2.00000000"), out.volume(1), "exact, at the stored scale");
        assertEquals(new BigDecimal("33.0000000000000000"), out.priceVolume(1));

        h.read("X", "A", Timeframe.M5, 0, 10 * MIN, 100, out);
        assertEquals(List.of(0L, 5 * MIN), buckets(out));
        assertEquals(3, out.tradeCount[0]);
        h.read("X", "A", Timeframe.M1, 2 * MIN, 5 * MIN, 100, out);
        assertEquals(List.of(3 * MIN), buckets(out), "from inclusive, to exclusive");
        h.read("X", "A", Timeframe.M1, 0, 10 * MIN, 2, out);
        assertEquals(List.of(1 * MIN, 3 * MIN), buckets(out), "at most max bars");
        assertEquals(Long.MIN_VALUE, h.read("X", "B", Timeframe.M1, 0, 10 * MIN, 100, out));
        assertEquals(0, out.size, "an unknown series has no bars");
    }

    @Test
    void oldBarsLeaveMemoryOnceStoredAndTradesBeforeTheHorizonAreNotFolded() {
        BarHistory h = new BarHistory(2 * DAY);
        trade(h, "A", 0, 1, 1, ALL_STORED);
        trade(h, "A", DAY, 1, 2, ALL_STORED);
        BarHistory.Bars out = new BarHistory.Bars();
        trade(h, "A", 3 * DAY, 1, 3, ALL_STORED); // day 0 is more than two days back
        assertEquals(DAY, h.read("X", "A", Timeframe.M1, 0, 4 * DAY, 100, out), "day 0 left: memory answers from day 1");
        assertEquals(List.of(DAY, 3 * DAY), buckets(out), "the part from the horizon on");
        assertFalse(trade(h, "A", 10, 9, 4, ALL_STORED), "a late trade into old history is not folded");
        h.read("X", "A", Timeframe.M1, DAY, 4 * DAY, 100, out);
        assertEquals(List.of(DAY, 3 * DAY), buckets(out));
    }

    @Test
    void aBarDuckDbHasNotStoredStaysInMemoryPastItsDays() {
        BarHistory h = new BarHistory(0); // the latest bar only
        trade(h, "A", 0, 1, 1, 0);
        trade(h, "A", MIN, 2, 2, 0); // DuckDB has stored nothing: the minute-0 bar must stay
        BarHistory.Bars out = new BarHistory.Bars();
        assertEquals(Long.MIN_VALUE, h.read("X", "A", Timeframe.M1, 0, DAY, 100, out));
        assertEquals(List.of(0L, MIN), buckets(out));
        trade(h, "A", MIN + 1, 3, 3, 1); // stored up to index 1: minute 0 may go now
        assertEquals(MIN, h.read("X", "A", Timeframe.M1, 0, DAY, 100, out));
        assertEquals(List.of(MIN), buckets(out));
        assertFalse(trade(h, "A", 5, 4, 4, 3), "a trade into the dropped bar is before the horizon");
    }

    @Test
    void restoredBarsAndHorizonsAnswerLikeFoldedOnes() {
        BarHistory h = new BarHistory(10 * DAY);
        for (int tf = 0; tf < Timeframe.STANDARD.size(); tf++) {
            h.restoreHorizon("X", "A", tf, DAY); // a day boundary: every timeframe's buckets align
        }
        BarState stored = new BarState();
        stored.clear(DAY);
        stored.addTrade(7 * UNIT, UNIT, DAY, 1, 1);
        h.restoreBar("X", "A", 0, stored);
        assertFalse(trade(h, "A", DAY - MIN, 1, 2, ALL_STORED), "before the restored horizon");
        assertTrue(trade(h, "A", DAY + 1, 9, 3, ALL_STORED));
        BarHistory.Bars out = new BarHistory.Bars();
        assertEquals(DAY, h.read("X", "A", Timeframe.M1, 0, 2 * DAY, 100, out));
        assertEquals(List.of(DAY), buckets(out));
        assertEquals(7 * UNIT, out.open[0]);
        assertEquals(9 * UNIT, out.close[0]);
        assertEquals(2, out.tradeCount[0]);
        BarState got = new BarState();
        assertTrue(h.get("X", "A", 0, DAY, got));
        assertEquals(3, got.closeJournalIndex, "the full state is held, keys included");
        assertFalse(h.get("X", "A", 0, DAY - MIN, got));
    }

    @Test
    void aNarrowReadOfALongSeriesSizesTheBufferToTheRange() {
        BarHistory h = new BarHistory(10 * DAY);
        for (int m = 0; m < 10_000; m++) {
            trade(h, "A", m * MIN, 1, m, ALL_STORED);
        }
        BarHistory.Bars out = new BarHistory.Bars();
        h.read("X", "A", Timeframe.M1, 100 * MIN, 110 * MIN, 1_000_000, out);
        assertEquals(10, out.size);
        assertEquals(64, out.capacity(), "the bars after the range are not counted");
        h.read("X", "A", Timeframe.M1, 0, 10_000 * MIN, 1_000_000, out);
        assertEquals(10_000, out.size);
    }

    @Test
    void sumsWiderThanALongSurviveExactly() {
        BarHistory h = new BarHistory(DAY);
        long big = Long.MAX_VALUE / 4;
        for (int i = 0; i < 8; i++) {
            h.onTrade("X", "A", big, big, i, i, i, ALL_STORED);
        }
        BarHistory.Bars out = new BarHistory.Bars();
        h.read("X", "A", Timeframe.M1, 0, DAY, 10, out);
        BigDecimal size = BigDecimal.valueOf(big).movePointLeft(8);
        assertEquals(size.multiply(BigDecimal.valueOf(8)), out.volume(0));
        assertEquals(size.multiply(size).multiply(BigDecimal.valueOf(8)).setScale(16), out.priceVolume(0));
    }
    /** Every bar of every standard timeframe as text, read from memory. */
    private static List<String> all(BarHistory h, String symbol) {
        List<String> out = new ArrayList<>();
        BarHistory.Bars b = new BarHistory.Bars();
        for (Timeframe tf : Timeframe.STANDARD) {
            h.read("X", symbol, tf, Long.MIN_VALUE, Long.MAX_VALUE, 1_000_000, b);
            for (int i = 0; i < b.size; i++) {
                out.add(tf.label() + " " + b.bucket[i] + " o" + b.open[i] + " h" + b.high[i] + " l" + b.low[i]
                        + " c" + b.close[i] + " v" + b.volume(i) + " pv" + b.priceVolume(i) + " n" + b.tradeCount[i]);
            }
        }
        return out;
    }

    @Test
    void aPreloadInstallsStoredBarsAndFoldsTheTradesMemoryCouldNotTakeMeanwhile() {
        // The whole story in one history, as if every trade had been folded as it came.
        BarHistory direct = new BarHistory(30 * DAY);
        // The same after a restart: memory holds from the latest hour on, the older part comes from
        // "DuckDB" (a history of the trades up to index 6 = the stored index W) while trades keep coming.
        BarHistory stored = new BarHistory(30 * DAY);
        BarHistory h = new BarHistory(30 * DAY);
        long latestHour = 2 * DAY + 10 * 60 * MIN;
        long[][] before = { // time, price, index: stored before the restart
            {DAY + 5 * MIN, 4, 1}, {DAY + 5 * MIN + 7, 6, 2}, {2 * DAY + 9 * MIN, 5, 3},
            {latestHour + 2 * MIN, 7, 4}, {2 * DAY + 3 * 60 * MIN, 2, 5}, {latestHour + 3 * MIN, 8, 6}};
        for (long[] t : before) {
            trade(direct, "A", t[0], t[1], t[2], 0);
            trade(stored, "A", t[0], t[1], t[2], 0);
        }
        for (int tf = 0; tf < Timeframe.STANDARD.size(); tf++) {
            Timeframe t = Timeframe.STANDARD.get(tf);
            long horizon = t == Timeframe.D1 ? 2 * DAY : latestHour; // the start-up part
            h.restoreHorizon("X", "A", tf, horizon);
            BarHistory.Bars b = new BarHistory.Bars();
            stored.read("X", "A", t, horizon, Long.MAX_VALUE, 1000, b);
            for (int i = 0; i < b.size; i++) {
                BarState s = new BarState();
                assertTrue(stored.get("X", "A", tf, b.bucket[i], s));
                h.restoreBar("X", "A", tf, s);
            }
        }
        h.startPreload();
        // 7 and 8 are late trades after W (before the start-up horizon); 9 is a new one.
        long[][] after = {{DAY + 5 * MIN + 3, 9, 7}, {2 * DAY + 9 * MIN, 1, 8}, {latestHour + 4 * MIN, 3, 9}};
        for (long[] t : after) {
            trade(direct, "A", t[0], t[1], t[2], 0);
            boolean held = trade(h, "A", t[0], t[1], t[2], 0);
            assertEquals(t[0] >= latestHour, held, "a trade before the start-up horizon is not folded yet");
        }
        for (int tf = 0; tf < Timeframe.STANDARD.size(); tf++) {
            Timeframe t = Timeframe.STANDARD.get(tf);
            List<BarState> loaded = new ArrayList<>();
            BarHistory.Bars b = new BarHistory.Bars();
            stored.read("X", "A", t, 0, Long.MAX_VALUE, 1000, b);
            for (int i = 0; i < b.size; i++) {
                BarState s = new BarState();
                stored.get("X", "A", tf, b.bucket[i], s);
                loaded.add(s);
            }
            h.install("X", "A", tf, loaded, 6, 0);
            assertEquals(0, h.horizon("X", "A", tf), "the horizon moved back to the preload's");
        }
        h.endPreload();
        assertEquals(all(direct, "A"), all(h, "A"));
    }
}

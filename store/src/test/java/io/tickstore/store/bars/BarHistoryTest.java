package io.tickstore.store.bars;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickstore.store.live.BarUpdate;
import io.tickstore.store.model.Int128;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BarHistoryTest {
    private static final long MIN = 60_000_000L;
    private static final long DAY = 1440 * MIN;

    private static BarUpdate bar(String symbol, long bucket, long close, String volume) {
        return bar(symbol, bucket, close, new BigDecimal(volume), new BigDecimal(volume).multiply(BigDecimal.TEN));
    }

    private static BarUpdate bar(String symbol, long bucket, long close, BigDecimal volume, BigDecimal priceVolume) {
        return new BarUpdate("X", symbol, "1m", bucket, 1, 2, 1, close, Int128.high(volume, 8), Int128.low(volume, 8),
                Int128.high(priceVolume, 16), Int128.low(priceVolume, 16), 1, false, false);
    }

    private static List<Long> buckets(BarHistory.Bars b) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < b.size; i++) {
            out.add(b.bucket[i]);
        }
        return out;
    }

    @Test
    void keepsBarsSortedReplacesSameBucketAndAnswersRanges() {
        BarHistory h = new BarHistory(10 * DAY);
        h.apply(List.of(bar("A", 5 * MIN, 5, "1"), bar("A", 1 * MIN, 1, "1"), bar("A", 3 * MIN, 3, "1")));
        h.apply(List.of(bar("A", 3 * MIN, 33, "2.5"))); // a late tick revised it
        BarHistory.Bars out = new BarHistory.Bars();
        assertTrue(h.read("X", "A", Timeframe.M1, 0, 10 * MIN, 100, out));
        assertEquals(List.of(1 * MIN, 3 * MIN, 5 * MIN), buckets(out));
        assertEquals(33, out.close[1]);
        assertEquals(new BigDecimal("2.50000000"), out.volume(1), "exact, at the stored scale");
        assertEquals(new BigDecimal("25.0000000000000000"), out.priceVolume(1));

        assertTrue(h.read("X", "A", Timeframe.M1, 2 * MIN, 5 * MIN, 100, out), "from inclusive, to exclusive");
        assertEquals(List.of(3 * MIN), buckets(out));
        assertTrue(h.read("X", "A", Timeframe.M1, 0, 10 * MIN, 1, out));
        assertEquals(List.of(1 * MIN, 3 * MIN), buckets(out), "max bars plus one, to tell there is more");
        assertTrue(h.read("X", "B", Timeframe.M1, 0, 10 * MIN, 100, out), "an unknown series has no bars");
        assertEquals(0, out.size);
    }

    @Test
    void aNarrowReadOfALongSeriesSizesTheBufferToTheRange() {
        BarHistory h = new BarHistory(10 * DAY);
        List<BarUpdate> many = new ArrayList<>();
        for (int m = 0; m < 10_000; m++) {
            many.add(bar("A", m * MIN, 1, "1"));
        }
        h.apply(many);
        BarHistory.Bars out = new BarHistory.Bars();
        assertTrue(h.read("X", "A", Timeframe.M1, 100 * MIN, 110 * MIN, 1_000_000, out));
        assertEquals(10, out.size);
        assertEquals(64, out.capacity(), "the bars after the range are not counted");
        assertTrue(h.read("X", "A", Timeframe.M1, 0, 10_000 * MIN, 1_000_000, out));
        assertEquals(10_000, out.size);
    }

    @Test
    void oldBarsLeaveMemoryAndReadsBeforeTheHorizonGoToTheDatabase() {
        BarHistory h = new BarHistory(2 * DAY);
        h.apply(List.of(bar("A", 0, 1, "1"), bar("A", DAY, 1, "1")));
        BarHistory.Bars out = new BarHistory.Bars();
        assertTrue(h.read("X", "A", Timeframe.M1, 0, 3 * DAY, 100, out));
        h.apply(List.of(bar("A", 3 * DAY, 1, "1"))); // horizon moves to day 1
        assertFalse(h.read("X", "A", Timeframe.M1, 0, 4 * DAY, 100, out), "day 0 is no longer in memory");
        assertTrue(h.read("X", "A", Timeframe.M1, DAY, 4 * DAY, 100, out));
        assertEquals(List.of(DAY, 3 * DAY), buckets(out));
        h.apply(List.of(bar("A", 0, 9, "1"))); // a late tick into old history: stays in DuckDB only
        assertFalse(h.read("X", "A", Timeframe.M1, 0, 4 * DAY, 100, out));
    }

    @Test
    void offMeansEveryReadGoesToTheDatabase() {
        BarHistory h = new BarHistory(0);
        h.apply(List.of(bar("A", 0, 1, "1")));
        assertFalse(h.read("X", "A", Timeframe.M1, 0, DAY, 100, new BarHistory.Bars()));
    }

    @Test
    void sumsWiderThanALongSurviveExactly() {
        BarHistory h = new BarHistory(DAY);
        BigDecimal huge = new BigDecimal("123456789012345678901.12345678");
        h.apply(List.of(bar("A", 0, 1, huge, new BigDecimal("-98765432109876543210.0123456789012345"))));
        BarHistory.Bars out = new BarHistory.Bars();
        assertTrue(h.read("X", "A", Timeframe.M1, 0, DAY, 10, out));
        assertEquals(huge, out.volume(0));
        assertEquals(new BigDecimal("-98765432109876543210.0123456789012345"), out.priceVolume(0));
    }
}

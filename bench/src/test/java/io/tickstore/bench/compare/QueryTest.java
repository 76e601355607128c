package io.tickstore.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class QueryTest {
    private final DataSet data = DataSet.of(42, 1_000_000, 100);

    @Test
    void barRangesAreAlignedToTheBarLengthAndInsideTheData() {
        for (Query.Kind k : Query.Kind.values()) {
            for (int run = 0; run < 50; run++) {
                Query q = Query.of(k, run, data);
                assertTrue(q.from() < q.to(), q.toString());
                assertTrue(q.from() >= data.startMicros() && q.from() < data.endMicros(), q.toString());
                if (k.bars()) {
                    assertEquals(0, q.from() % k.barMicros, q.toString());
                    assertEquals(0, q.to() % k.barMicros, q.toString());
                }
                assertEquals(k == Query.Kind.OHLCV_1H_ALL || k == Query.Kind.LATEST_QUOTES, q.symbol() < 0);
            }
        }
        // 2024-01-08T00:00Z is not a multiple of 7 minutes from the epoch: the week starts at the next one
        Query week = Query.of(Query.Kind.OHLCV_7M_WEEK, 1, data);
        assertEquals(Query.alignUp(data.startMicros() + 7 * DataSet.MICROS_PER_DAY, 7 * Query.MINUTE), week.from());
        assertTrue(week.from() > data.startMicros() + 7 * DataSet.MICROS_PER_DAY);
    }

    @Test
    void runsRotateTheSameWayEveryTime() {
        assertEquals(Query.of(Query.Kind.TICKS_HOUR, 17, data), Query.of(Query.Kind.TICKS_HOUR, 17, data));
        assertTrue(Query.of(Query.Kind.OHLCV_1M_DAY, 0, data).symbol() != Query.of(Query.Kind.OHLCV_1M_DAY, 1, data)
                .symbol());
        assertEquals(Query.HOUR, Query.of(Query.Kind.TICKS_HOUR, 3, data).to() - Query.of(Query.Kind.TICKS_HOUR, 3, data)
                .from());
    }
}

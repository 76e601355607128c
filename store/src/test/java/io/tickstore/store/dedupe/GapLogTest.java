package io.tickstore.store.dedupe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class GapLogTest {

    private static SequenceGap gap(String exchange, String symbol, long from) {
        return new SequenceGap(exchange, symbol, from, from + 1, 0);
    }

    @Test
    void keepsTheNewestUpToItsCapacityNewestFirst() {
        GapLog log = new GapLog(3, new SimpleMeterRegistry());
        for (int i = 1; i <= 5; i++) {
            log.record(gap("NASDAQ", "AAPL", i * 10));
        }
        assertEquals(List.of(gap("NASDAQ", "AAPL", 50), gap("NASDAQ", "AAPL", 40), gap("NASDAQ", "AAPL", 30)),
                log.recent(null, null, 100));
        assertEquals(5, log.totalGaps(), "the counter counts every gap, not just those kept");
    }

    @Test
    void filtersByExchangeAndSymbolAndLimits() {
        GapLog log = new GapLog(100, new SimpleMeterRegistry());
        log.record(gap("NASDAQ", "AAPL", 1));
        log.record(gap("NYSE", "AAPL", 2));
        log.record(gap("NASDAQ", "MSFT", 3));
        log.record(gap("NASDAQ", "AAPL", 4));

        assertEquals(List.of(gap("NASDAQ", "AAPL", 4), gap("NASDAQ", "AAPL", 1)), log.recent("NASDAQ", "AAPL", 10));
        assertEquals(List.of(gap("NASDAQ", "AAPL", 4), gap("NASDAQ", "MSFT", 3), gap("NASDAQ", "AAPL", 1)),
                log.recent("NASDAQ", null, 10));
        assertEquals(List.of(gap("NASDAQ", "AAPL", 4), gap("NYSE", "AAPL", 2), gap("NASDAQ", "AAPL", 1)),
                log.recent(null, "AAPL", 10));
        assertEquals(List.of(gap("NASDAQ", "AAPL", 4)), log.recent("NASDAQ", "AAPL", 1));
        assertEquals(List.of(), log.recent("LSE", null, 10));
        assertEquals(List.of(), log.recent(null, null, 0));
    }

    @Test
    void missingCountsTheInclusiveRange() {
        assertEquals(1, new SequenceGap("X", "Y", 5, 5, 0).missing());
        assertEquals(7, new SequenceGap("X", "Y", 3, 9, 0).missing());
    }
}

package io.tickstore.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tickstore.store.model.TickRecord;

/** The assertion the writer tests share: two parsed ticks carry the same feed, time, sequence and decimals. */
final class SameTick {
    private SameTick() {
    }

    static void assertSameTick(TickRecord expected, TickRecord actual) {
        assertEquals(expected.exchange, actual.exchange);
        assertEquals(expected.symbol, actual.symbol);
        assertEquals(expected.timestamp, actual.timestamp);
        assertEquals(expected.sequenceNumber, actual.sequenceNumber);
        assertEquals(expected.bidPrice, actual.bidPrice);
        assertEquals(expected.askPrice, actual.askPrice);
        assertEquals(expected.bidSize, actual.bidSize);
        assertEquals(expected.askSize, actual.askSize);
        assertEquals(expected.lastPrice, actual.lastPrice);
        assertEquals(expected.lastSize, actual.lastSize);
        assertEquals(expected.volume, actual.volume);
    }
}

package io.tickstore.ingest.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.MessageType;
import io.tickstore.store.model.TickRecord;
import java.time.Instant;

/** JSON frame builders and assertions shared by the protocol tests. */
final class Frames {
    private Frames() {
    }

    /** 2024-01-02T14:30:00Z in epoch microseconds. */
    static final long T0 = 1_704_205_800_000_000L;
    static final String T0_ISO = "2024-01-02T14:30:00Z";

    /** A valid tick with only the required fields and a bid price, then {@code extra} (raw JSON members). */
    static String tick(String extra) {
        return "{\"type\":\"tick\",\"exchange\":\"NASDAQ\",\"symbol\":\"AAPL\",\"timestamp\":\"" + T0_ISO + "\","
                + "\"sequence_number\":1" + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    /** A valid market order with only the required fields, then {@code extra}. */
    static String order(String extra) {
        return "{\"type\":\"order\",\"order_id\":\"O-1\",\"exchange\":\"NASDAQ\",\"symbol\":\"AAPL\",\"side\":\"buy\","
                + "\"order_type\":\"market\",\"quantity\":100,\"status\":\"pending\"" + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    /** A valid trade with only the required fields, then {@code extra}. */
    static String trade(String extra) {
        return "{\"type\":\"trade\",\"trade_id\":\"T-1\",\"order_id\":\"O-1\",\"exchange\":\"NASDAQ\",\"symbol\":\"AAPL\",\"side\":\"sell\","
                + "\"quantity\":10,\"price\":190.01,\"executed_at\":\"" + T0_ISO + "\"" + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    static String array(String... elements) {
        return "[" + String.join(",", elements) + "]";
    }

    static long micros(String iso) {
        Instant i = Instant.parse(iso);
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000;
    }

    /**
     * The two ticks of docs/protocol.md's examples (a quote, then a trade of AAPL on NASDAQ), whichever
     * frame shape carried them.
     */
    static void assertProtocolDocTicks(FrameParser parser, int parsed) {
        assertEquals(2, parsed);
        TickRecord quote = parser.messages()[0].tick;
        TickRecord trade = parser.messages()[1].tick;
        assertEquals("AAPL", quote.symbol);
        assertEquals(T0 + 123_456L, quote.timestamp);
        assertEquals(18_998_000_000L, quote.bidPrice);
        assertEquals(19_001_000_000L, quote.askPrice);
        assertEquals(Decimal8.NULL, quote.lastPrice);
        assertEquals(1L, quote.sequenceNumber);
        assertEquals("NASDAQ", trade.exchange);
        assertEquals(T0 + 200_000L, trade.timestamp);
        assertEquals(19_000_000_000L, trade.lastPrice);
        assertEquals(10_000_000_000L, trade.lastSize);
        assertEquals(Decimal8.NULL, trade.bidPrice);
        assertEquals(2L, trade.sequenceNumber);
    }

    /** Parses {@code frame}, expecting a rejection with exactly {@code message} and {@code type}. */
    static FrameRejection assertRejected(FrameParser parser, String frame, MessageType type, String message) {
        FrameRejection e = assertThrows(FrameRejection.class, () -> parser.parse(frame), frame);
        assertEquals(message, e.getMessage(), frame);
        assertEquals(type, e.type(), () -> "type() for " + frame);
        return e;
    }

    static FrameRejection assertRejected(String frame, MessageType type, String message) {
        return assertRejected(new FrameParser(16), frame, type, message);
    }
}

package io.tickstore.store.journal;

import static io.tickstore.store.SampleMessages.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickstore.store.SampleMessages;
import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.EpochMicros;
import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.model.MessageType;
import io.tickstore.store.model.OrderStatus;
import net.openhft.chronicle.bytes.Bytes;
import org.junit.jupiter.api.Test;

class JournalCodecTest {

    private static IngestMessage roundTrip(IngestMessage in) {
        Bytes<?> bytes = Bytes.allocateElasticOnHeap(256);
        try {
            JournalCodec.write(in, bytes);
            IngestMessage out = new IngestMessage();
            JournalCodec.read(bytes, out);
            assertEquals(0, bytes.readRemaining(), "the reader consumes exactly what the writer wrote");
            return out;
        } finally {
            bytes.releaseLast();
        }
    }

    @Test
    void tickWithEveryFieldRoundTrips() {
        IngestMessage in = SampleMessages.tick("NASDAQ", "AAPL", 42);
        assertEquals(describe(in), describe(roundTrip(in)));
    }

    @Test
    void tickWithAbsentFieldsRoundTripsAsNulls() {
        IngestMessage in = SampleMessages.bareTick("NYSE", "IBM", Long.MAX_VALUE);
        IngestMessage out = roundTrip(in);
        assertEquals(describe(in), describe(out));
        assertEquals(Decimal8.NULL, out.tick.bidPrice);
        assertEquals(Decimal8.NULL, out.tick.volume);
        assertNull(out.tick.conditions);
        assertNull(out.tick.tape);
    }

    @Test
    void orderWithEveryFieldRoundTrips() {
        IngestMessage in = SampleMessages.order("o-1", OrderStatus.PARTIAL);
        assertEquals(describe(in), describe(roundTrip(in)));
    }

    @Test
    void orderWithNullEnumsStringsAndDecimalsRoundTrips() {
        IngestMessage in = new IngestMessage();
        in.type = MessageType.ORDER;
        in.order.orderId = "o-2";
        IngestMessage out = roundTrip(in);
        assertEquals(describe(in), describe(out));
        assertNull(out.order.side);
        assertNull(out.order.orderType);
        assertNull(out.order.timeInForce);
        assertNull(out.order.status);
        assertNull(out.order.clientOrderId);
        assertEquals(Decimal8.NULL, out.order.price);
        assertEquals(EpochMicros.NULL, out.order.createdAt);
    }

    @Test
    void tradeWithEveryFieldRoundTrips() {
        IngestMessage in = SampleMessages.trade("t-1");
        assertEquals(describe(in), describe(roundTrip(in)));
    }

    @Test
    void tradeWithNullsRoundTrips() {
        IngestMessage in = SampleMessages.bareTrade("t-2");
        in.trade.orderId = null;
        IngestMessage out = roundTrip(in);
        assertEquals(describe(in), describe(out));
        assertNull(out.trade.liquidity);
        assertNull(out.trade.orderId);
        assertEquals(Decimal8.NULL, out.trade.fees);
    }

    @Test
    void nonAsciiTextRoundTrips() {
        IngestMessage in = SampleMessages.tick("BÖRSE", "日本株", 1);
        in.tick.conditions = "\uD83D\uDCC8 surrogate pair";
        in.tick.tape = "";
        assertEquals(describe(in), describe(roundTrip(in)));
    }

    @Test
    void aReaderCachingTextReadsEveryKindOfStringBackExactly() {
        // Short ASCII (cached by bytes; "Aa" and "BB" share a hash), empty, null, non-ASCII and long
        // strings, each read many times through one reader's cache, in an order that evicts slots.
        String longText = "X".repeat(65);
        String[][] cases = {{"Aa", "BB", "@F", ""}, {"BB", "Aa", null, "T"}, {"BÖRSE", "日本株", "\uD83D\uDCC8", null},
            {longText, longText + "Y", "Aa", "BB"}, {"EX", "S00001", "", ""}, {"Z".repeat(64), "Z".repeat(63), "Z", "ZZ"}};
        JournalText text = new JournalText();
        Bytes<?> bytes = Bytes.allocateElasticOnHeap(256);
        try {
            for (int round = 0; round < 50; round++) {
                for (int i = 0; i < cases.length; i++) {
                    String[] c = cases[(i + round) % cases.length];
                    IngestMessage in = SampleMessages.tick(c[0], c[1] + round % 3, round);
                    in.tick.conditions = c[2];
                    in.tick.tape = c[3];
                    bytes.clear();
                    JournalCodec.write(in, bytes);
                    IngestMessage out = new IngestMessage();
                    JournalCodec.read(bytes, out, text);
                    assertEquals(0, bytes.readRemaining(), "the reader consumes exactly what the writer wrote");
                    assertEquals(describe(in), describe(out), "round " + round + ", case " + i);
                }
            }
        } finally {
            bytes.releaseLast();
        }
    }

    @Test
    void extremeAndNegativeNumbersRoundTrip() {
        IngestMessage in = SampleMessages.trade("t-x");
        in.trade.commission = -Decimal8.MAX_UNSCALED; // a rebate
        in.trade.fees = -1;
        in.trade.quantity = Decimal8.MAX_UNSCALED;
        in.trade.executedAt = 0;
        IngestMessage out = roundTrip(in);
        assertEquals(describe(in), describe(out));
        assertEquals(-Decimal8.MAX_UNSCALED, out.trade.commission);
    }

    @Test
    void readingIntoAUsedHolderReplacesItsContent() {
        Bytes<?> bytes = Bytes.allocateElasticOnHeap(256);
        try {
            JournalCodec.write(SampleMessages.bareTrade("t-3"), bytes);
            IngestMessage holder = SampleMessages.tick("NASDAQ", "AAPL", 7);
            JournalCodec.read(bytes, holder);
            assertEquals(describe(SampleMessages.bareTrade("t-3")), describe(holder));
            // the tick record was cleared, so a later switch back to it cannot see stale fields
            assertNull(holder.tick.exchange);
        } finally {
            bytes.releaseLast();
        }
    }

    @Test
    void journaledAtRoundTripsAndAVersionOneDocumentReadsWithoutIt() {
        Bytes<?> bytes = Bytes.allocateElasticOnHeap(256);
        try {
            IngestMessage tick = SampleMessages.tick("NASDAQ", "AAPL", 1);
            JournalCodec.write(tick, 1_733_526_000_123_000L, bytes);
            IngestMessage out = new IngestMessage();
            JournalCodec.read(bytes, out);
            assertEquals(1_733_526_000_123_000L, out.journaledAt);
            assertEquals(describe(tick), describe(out));

            // version 1: the same fields, no journaled_at
            bytes.clear();
            JournalCodec.write(tick, 0L, bytes);
            bytes.writeByte(0, JournalCodec.VERSION_1);
            bytes.writeLimit(bytes.writePosition() - 8);
            bytes.writePosition(bytes.writePosition() - 8);
            out = new IngestMessage();
            JournalCodec.read(bytes, out);
            assertEquals(EpochMicros.NULL, out.journaledAt);
            assertEquals(describe(tick), describe(out));
            assertEquals(0, bytes.readRemaining(), "a version 1 document is read to its end and no further");
        } finally {
            bytes.releaseLast();
        }
    }

    @Test
    void unknownVersionIsRefusedWithExpectedAndActual() {
        Bytes<?> bytes = Bytes.allocateElasticOnHeap(64);
        try {
            JournalCodec.write(SampleMessages.tick("NASDAQ", "AAPL", 1), bytes);
            bytes.writeByte(0, (byte) 9);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> JournalCodec.read(bytes, new IngestMessage()));
            assertTrue(e.getMessage().contains("format version 9"), e.getMessage());
            assertTrue(e.getMessage().contains("reads versions 1 and 2"), e.getMessage());
        } finally {
            bytes.releaseLast();
        }
    }

    @Test
    void unknownMessageTypeIsRefused() {
        Bytes<?> bytes = Bytes.allocateElasticOnHeap(64);
        try {
            bytes.writeByte(JournalCodec.VERSION);
            bytes.writeByte((byte) 7);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> JournalCodec.read(bytes, new IngestMessage()));
            assertTrue(e.getMessage().contains("7"), e.getMessage());
        } finally {
            bytes.releaseLast();
        }
    }
}

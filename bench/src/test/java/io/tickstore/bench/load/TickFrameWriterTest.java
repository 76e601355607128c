package io.tickstore.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickstore.ingest.protocol.FrameParser;
import io.tickstore.store.model.EpochMicros;
import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.model.MessageType;
import io.tickstore.store.model.TickRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TickFrameWriterTest {
    private static final long T0 = 1_704_205_800_123_456L; // 2024-01-02T14:30:00.123456Z

    @Test
    void framesParseWithFreshKeysInOrder() throws Exception {
        TickFrameWriter w = new TickFrameWriter("LOAD-1-c0", 3, 7);
        FrameParser parser = new FrameParser(10_000);
        long[] lastSeq = new long[3];
        long lastMicros = Long.MIN_VALUE;
        for (int f = 0; f < 4; f++) {
            String frame = w.next(500, T0 + f).toString();
            int n = parser.parse(frame);
            assertEquals(500, n);
            for (int i = 0; i < n; i++) {
                IngestMessage m = parser.messages()[i];
                assertEquals(MessageType.TICK, m.type);
                TickRecord t = m.tick;
                assertEquals("LOAD-1-c0", t.exchange);
                int s = Integer.parseInt(t.symbol.substring(1));
                assertEquals(lastSeq[s] + 1, t.sequenceNumber, "per-symbol sequence numbers are consecutive");
                lastSeq[s] = t.sequenceNumber;
                assertTrue(t.timestamp > lastMicros, "timestamps strictly increase");
                lastMicros = t.timestamp;
                assertTrue(t.bidPrice > 0 && t.bidPrice < t.askPrice, "bid " + t.bidPrice + " ask " + t.askPrice);
                assertTrue(t.lastPrice >= t.bidPrice && t.lastPrice <= t.askPrice);
                assertTrue(t.bidSize > 0 && t.askSize > 0 && t.lastSize > 0);
            }
        }
        assertEquals(2000, lastSeq[0] + lastSeq[1] + lastSeq[2]);
        assertEquals(lastSeq[1], w.lastSequence(1));
    }

    @Test
    void framesOfRowsHoldTheSameTicksAsFramesOfObjects() throws Exception {
        TickFrameWriter objects = new TickFrameWriter("LOAD-1-c0", 3, 7);
        TickFrameWriter rows = new TickFrameWriter("LOAD-1-c0", 3, 7);
        FrameParser a = new FrameParser(10_000);
        FrameParser b = new FrameParser(10_000);
        for (int f = 0; f < 3; f++) {
            assertEquals(500, a.parse(objects.next(500, T0 + f).toString()));
            String frame = rows.nextRows(500, T0 + f).toString();
            assertTrue(frame.startsWith("[" + TickJsonWriter.ROWS_HEADER + ",[\"tick\","), frame.substring(0, 200));
            assertEquals(500, b.parse(frame));
            for (int i = 0; i < 500; i++) {
                SameTick.assertSameTick(a.messages()[i].tick, b.messages()[i].tick);
            }
        }
    }

    @Test
    void oneTickFrameIsAnObjectWithExactDecimalsAndIsoTime() throws Exception {
        TickFrameWriter w = new TickFrameWriter("X", 1, 1);
        String frame = w.next(1, T0).toString();
        assertTrue(frame.startsWith("{\"type\":\"tick\",\"exchange\":\"X\",\"symbol\":\"S00000\","
                + "\"timestamp\":\"2024-01-02T14:30:00.123456Z\",\"bid_price\":"), frame);
        Matcher m = Pattern.compile("\"(bid|ask|last)_price\":(\\d+\\.\\d{8}),").matcher(frame);
        int prices = 0;
        while (m.find()) {
            prices++;
        }
        assertEquals(3, prices, frame);
        FrameParser parser = new FrameParser(1);
        assertEquals(1, parser.parse(frame));
        assertEquals(T0, parser.messages()[0].tick.timestamp);
        assertEquals(1, parser.messages()[0].tick.sequenceNumber);
    }

    @Test
    void timestampsCrossSecondsAndStayIncreasingWhenTheClockDoesNot() throws Exception {
        TickFrameWriter w = new TickFrameWriter("X", 2, 1);
        FrameParser parser = new FrameParser(10);
        long end = 1_704_205_800_999_999L;
        parser.parse(w.next(3, end).toString());
        assertEquals(end, parser.messages()[0].tick.timestamp);
        assertEquals(end + 1, parser.messages()[1].tick.timestamp); // 14:30:01.000000
        assertEquals(end + 2, parser.messages()[2].tick.timestamp);
        parser.parse(w.next(2, end).toString()); // the clock went back: still increasing
        assertEquals(end + 3, parser.messages()[0].tick.timestamp);
        assertTrue(EpochMicros.NULL != parser.messages()[1].tick.timestamp);
    }

    @Test
    void decimal8AlwaysWritesEightFractionDigits() {
        StringBuilder b = new StringBuilder();
        TickFrameWriter.decimal8(b, 18_998_000_000L);
        assertEquals("189.98000000", b.toString());
        b.setLength(0);
        TickFrameWriter.decimal8(b, 1);
        assertEquals("0.00000001", b.toString());
    }
}

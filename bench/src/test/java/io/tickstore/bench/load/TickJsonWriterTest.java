package io.tickstore.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tickstore.ingest.protocol.FrameParser;
import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.TickRecord;
import org.junit.jupiter.api.Test;

class TickJsonWriterTest {
    private static final long T0 = 1_704_205_800_123_456L; // 2024-01-02T14:30:00.123456Z

    @Test
    void absentFieldsAreLeftOutAndTheRestRoundTripsExactly() throws Exception {
        TickJsonWriter w = new TickJsonWriter();
        StringBuilder b = new StringBuilder("[");
        String prefix = TickJsonWriter.prefix("BENCH", "S00001");
        w.tick(b, prefix, T0, 18_998_000_000L, 18_999_000_001L, 300 * Decimal8.SCALE, 12_345_678_901L,
                Decimal8.NULL, Decimal8.NULL, 7);
        b.append(',');
        w.tick(b, prefix, T0 + 1, Decimal8.NULL, Decimal8.NULL, Decimal8.NULL, Decimal8.NULL, -5, 1, 8);
        b.append(']');
        assertEquals("[{\"type\":\"tick\",\"exchange\":\"BENCH\",\"symbol\":\"S00001\","
                + "\"timestamp\":\"2024-01-02T14:30:00.123456Z\",\"bid_price\":189.98000000,\"ask_price\":189.99000001,"
                + "\"bid_size\":300,\"ask_size\":123.45678901,\"sequence_number\":7},"
                + "{\"type\":\"tick\",\"exchange\":\"BENCH\",\"symbol\":\"S00001\","
                + "\"timestamp\":\"2024-01-02T14:30:00.123457Z\",\"last_price\":-0.00000005,\"last_size\":0.00000001,"
                + "\"sequence_number\":8}]", b.toString());

        FrameParser parser = new FrameParser(10);
        assertEquals(2, parser.parse(b.toString()));
        TickRecord quote = parser.messages()[0].tick;
        assertEquals(T0, quote.timestamp);
        assertEquals(12_345_678_901L, quote.askSize);
        assertEquals(Decimal8.NULL, quote.lastPrice);
        TickRecord trade = parser.messages()[1].tick;
        assertEquals(-5, trade.lastPrice);
        assertEquals(Decimal8.NULL, trade.bidPrice);
        assertEquals(8, trade.sequenceNumber);
    }

    @Test
    void rowsUnderTheHeaderParseToTheSameTicksAsObjects() throws Exception {
        TickJsonWriter w = new TickJsonWriter();
        StringBuilder rows = new StringBuilder("[").append(TickJsonWriter.ROWS_HEADER);
        StringBuilder objects = new StringBuilder("[");
        String rowPrefix = TickJsonWriter.rowPrefix("BENCH", "S00001");
        String prefix = TickJsonWriter.prefix("BENCH", "S00001");
        long[][] ticks = {
            {T0, 18_998_000_000L, 18_999_000_001L, 300 * Decimal8.SCALE, 12_345_678_901L, Decimal8.NULL, Decimal8.NULL, 7},
            {T0 + 1, Decimal8.NULL, Decimal8.NULL, Decimal8.NULL, Decimal8.NULL, -5, 1, 8},
        };
        for (long[] t : ticks) {
            rows.append(',');
            w.row(rows, rowPrefix, t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7]);
            objects.append(objects.length() == 1 ? "" : ",");
            w.tick(objects, prefix, t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7]);
        }
        rows.append(']');
        objects.append(']');
        assertEquals("[[\"type\",\"exchange\",\"symbol\",\"timestamp\",\"bid_price\",\"ask_price\",\"bid_size\","
                + "\"ask_size\",\"last_price\",\"last_size\",\"sequence_number\"],"
                + "[\"tick\",\"BENCH\",\"S00001\",1704205800123456,189.98000000,189.99000001,300,123.45678901,null,null,7],"
                + "[\"tick\",\"BENCH\",\"S00001\",1704205800123457,null,null,null,null,-0.00000005,0.00000001,8]]",
                rows.toString());

        FrameParser fromRows = new FrameParser(10);
        FrameParser fromObjects = new FrameParser(10);
        assertEquals(2, fromRows.parse(rows.toString()));
        assertEquals(2, fromObjects.parse(objects.toString()));
        for (int i = 0; i < 2; i++) {
            SameTick.assertSameTick(fromObjects.messages()[i].tick, fromRows.messages()[i].tick);
        }
    }
}

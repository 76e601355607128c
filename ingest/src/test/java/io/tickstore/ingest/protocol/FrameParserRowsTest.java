package io.tickstore.ingest.protocol;

import static io.tickstore.ingest.protocol.Frames.T0;
import static io.tickstore.ingest.protocol.Frames.array;
import static io.tickstore.ingest.protocol.Frames.assertRejected;
import static io.tickstore.ingest.protocol.Frames.order;
import static io.tickstore.ingest.protocol.Frames.tick;
import static io.tickstore.ingest.protocol.Frames.trade;
import static io.tickstore.store.model.MessageType.ORDER;
import static io.tickstore.store.model.MessageType.TICK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.model.MessageType;
import io.tickstore.store.model.TickRecord;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Frames of rows: a header array of field names, then one array of values per message. Each row must
 * give exactly the message its object would, and every malformed header or row is refused with the
 * element and the problem.
 */
class FrameParserRowsTest {
    private static final String HEADER = "[\"type\",\"exchange\",\"symbol\",\"timestamp\",\"bid_price\","
            + "\"ask_price\",\"last_price\",\"last_size\",\"sequence_number\"]";

    private final FrameParser parser = new FrameParser(16);

    @Test
    void protocolDocExampleOfRows() throws FrameRejection {
        int n = parser.parse("[[\"type\",\"exchange\",\"symbol\",\"timestamp\",\"bid_price\",\"ask_price\","
                + "\"last_price\",\"last_size\",\"sequence_number\"],\n"
                + " [\"tick\",\"NASDAQ\",\"AAPL\",\"2024-01-02T14:30:00.123456Z\",189.98,190.01,null,null,1],\n"
                + " [\"tick\",\"NASDAQ\",\"AAPL\",1704205800200000,null,null,\"190.00\",100,2]]");
        Frames.assertProtocolDocTicks(parser, n);
    }

    @Test
    void mixedTypesUnderOneHeaderAreTheirObjects() throws FrameRejection {
        String objects = array(
                tick("\"bid_price\":1"),
                order("\"price\":2,\"strategy_id\":\"S1\"").replace("\"market\"", "\"limit\""),
                trade("\"fees\":0.1,\"strategy_id\":\"S1\""));
        String rows = toRows(objects, new Random(7));
        assertSameMessages(objects, rows);
    }

    /** Random ticks, orders and trades, each frame sent both ways with the columns in a random order. */
    @Test
    void randomFramesOfRowsGiveTheSameMessagesAsTheirObjects() throws FrameRejection {
        Random random = new Random(20261207);
        for (int frame = 0; frame < 300; frame++) {
            List<String> elements = new ArrayList<>();
            int messages = 1 + random.nextInt(12);
            for (int i = 0; i < messages; i++) {
                elements.add(randomMessage(random, i + 1));
            }
            String objects = array(elements.toArray(new String[0]));
            assertSameMessages(objects, toRows(objects, random));
        }
    }

    @Test
    void theHeaderMustNameKnownFieldsOnceEachAndTheType() {
        assertRejected("[[\"type\",\"bid_prize\"],[\"tick\",1]]", null,
                "element 0 (the header): bid_prize: unknown field");
        assertRejected("[[\"type\",\"symbol\",\"symbol\"],[\"tick\",\"A\",\"B\"]]", null,
                "element 0 (the header): symbol: appears more than once");
        assertRejected("[[\"type\",3],[\"tick\",1]]", null,
                "element 0 (the header): expected field names (strings), got a number");
        assertRejected("[[\"type\",null],[\"tick\",1]]", null,
                "element 0 (the header): expected field names (strings), got null");
        assertRejected("[[\"exchange\",\"symbol\"],[\"X\",\"Y\"]]", null,
                "element 0 (the header): type: required (each row's type: tick, order or trade)");
        assertRejected("[[]]", null, "element 0 (the header): type: required (each row's type: tick, order or trade)");
        assertRejected("[" + HEADER + "]", null, "empty frame: element 0 is a header, but no rows of values follow it");
    }

    @Test
    void everyRowHasTheHeadersLength() {
        String good = "[\"tick\",\"N\",\"A\",1704205800000000,1,null,null,null,1]";
        assertRejected("[" + HEADER + "," + good + ",[\"tick\",\"N\",\"A\",1704205800000000,1,null,null,null]]", TICK,
                "element 2: has 8 values; the header names 9");
        assertRejected("[" + HEADER + "," + good + ",[\"tick\",\"N\",\"A\",1704205800000000,1,null,null,null,2,3]]",
                TICK, "element 2: has more values than the 9 the header names");
        assertRejected("[" + HEADER + ",[]]", null, "element 1: has 0 values; the header names 9");
    }

    @Test
    void rowsAreArraysAndObjectsAreNotMixedIn() {
        assertRejected("[" + HEADER + "," + tick("\"bid_price\":1") + "]", null,
                "element 1: expected an array of values (element 0 is a header), got an object");
        assertRejected("[" + HEADER + ",\"tick\"]", null,
                "element 1: expected an array of values (element 0 is a header), got a string");
        // A frame of objects still takes objects only.
        assertRejected(array(tick("\"bid_price\":1"), "[\"tick\"]"), null, "element 1: expected a JSON object, got an array");
    }

    @Test
    void aBadValueNamesItsRowAndField() {
        String first = "[\"tick\",\"N\",\"A\",1704205800000000,1,null,null,null,1]";
        assertRejected("[" + HEADER + "," + first + ",[\"tick\",\"N\",\"A\",1704205800000000,\"1.123456789\",null,null,null,2]]",
                TICK, "element 2: bid_price: expected a decimal with at most 8 fraction digits, got 1.123456789");
        assertRejected("[" + HEADER + ",[null,\"N\",\"A\",1704205800000000,1,null,null,null,1]]", null,
                "element 1: type: required: tick, order or trade");
        assertRejected("[" + HEADER + ",[\"tick\",\"N\",\"A\",1704205800000000,[1],null,null,null,1]]", TICK,
                "element 1: bid_price: expected a decimal number, got an array");
        assertRejected("[" + HEADER + ",[\"tick\",\"N\",null,1704205800000000,1,null,null,null,1]]", TICK,
                "element 1: symbol: required for type tick");
        assertRejected("[[\"type\",\"exchange\",\"symbol\",\"timestamp\",\"bid_price\",\"sequence_number\",\"order_id\"],"
                + "[\"tick\",\"N\",\"A\",1704205800000000,1,1,\"O-1\"]]", TICK, "element 1: order_id: not a field of type tick");
        assertRejected("[[\"type\",\"order_id\",\"exchange\",\"symbol\",\"side\",\"order_type\",\"quantity\",\"status\"],"
                + "[\"order\",\"O-1\",\"N\",\"A\",\"buy\",\"market\",0,\"pending\"]]", ORDER,
                "element 1: quantity: must be greater than 0");
    }

    @Test
    void aFieldOfAnotherTypeMayBeNullInARow() throws FrameRejection {
        assertEquals(1, parser.parse("[[\"type\",\"exchange\",\"symbol\",\"timestamp\",\"bid_price\",\"sequence_number\","
                + "\"order_id\"],[\"tick\",\"N\",\"A\",1704205800000000,1,1,null]]"));
        assertEquals(MessageType.TICK, parser.messages()[0].type);
    }

    @Test
    void rowsCountAgainstTheFrameLimit() throws FrameRejection {
        String row = "[\"tick\",\"N\",\"A\",1704205800000000,1,null,null,null,1]";
        String four = "[" + HEADER + "," + String.join(",", Collections.nCopies(4, row)) + "]";
        assertEquals(4, new FrameParser(4).parse(four));
        String five = "[" + HEADER + "," + String.join(",", Collections.nCopies(5, row)) + "]";
        assertRejected(new FrameParser(4), five, null,
                "frame holds more than 4 messages (ingest.max_messages_per_frame); split it");
    }

    @Test
    void aRowLeavesNothingOfThePreviousRowBehind() throws FrameRejection {
        int n = parser.parse("[" + HEADER + ",[\"tick\",\"N\",\"A\",1704205800000000,1,2,3,4,1],"
                + "[\"tick\",\"N\",\"A\",1704205800000001,null,null,5,6,2]]");
        assertEquals(2, n);
        TickRecord second = parser.messages()[1].tick;
        assertEquals(Decimal8.NULL, second.bidPrice);
        assertEquals(Decimal8.NULL, second.askPrice);
        assertEquals(500_000_000L, second.lastPrice);
        assertNotEquals(Decimal8.NULL, parser.messages()[0].tick.bidPrice);
    }

    // ---- helpers

    private void assertSameMessages(String objects, String rows) throws FrameRejection {
        FrameParser a = new FrameParser(16);
        int n = a.parse(objects);
        FrameParser b = new FrameParser(16);
        assertEquals(n, b.parse(rows), rows);
        for (int i = 0; i < n; i++) {
            assertEquals(fields(a.messages()[i]), fields(b.messages()[i]), "message " + i + " of " + rows);
        }
    }

    /** Every public field of the message's live record, by name. */
    private static Map<String, Object> fields(IngestMessage m) {
        Object record = switch (m.type) {
            case TICK -> m.tick;
            case ORDER -> m.order;
            case TRADE -> m.trade;
            case PORTFOLIO_SNAPSHOT -> throw new AssertionError("not parsed from a frame");
        };
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", m.type);
        for (Field f : record.getClass().getFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                try {
                    out.put(f.getName(), f.get(record));
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return out;
    }

    /**
     * The same messages as a frame of rows: the union of the objects' field names as the header, in a
     * random order, each row the object's values (null where the object has no such field). Parses the
     * objects' JSON with a minimal reader: the test frames are flat objects of scalars.
     */
    private static String toRows(String objects, Random random) {
        List<Map<String, String>> parsed = FlatObjects.parse(objects);
        List<String> columns = new ArrayList<>();
        for (Map<String, String> o : parsed) {
            for (String k : o.keySet()) {
                if (!columns.contains(k)) {
                    columns.add(k);
                }
            }
        }
        Collections.shuffle(columns, random);
        StringBuilder b = new StringBuilder("[[");
        for (int i = 0; i < columns.size(); i++) {
            b.append(i == 0 ? "" : ",").append('"').append(columns.get(i)).append('"');
        }
        b.append(']');
        for (Map<String, String> o : parsed) {
            b.append(",[");
            for (int i = 0; i < columns.size(); i++) {
                b.append(i == 0 ? "" : ",").append(o.getOrDefault(columns.get(i), "null"));
            }
            b.append(']');
        }
        return b.append(']').toString();
    }

    private static String randomMessage(Random r, int sequence) {
        String price = r.nextBoolean() ? "\"" + decimal(r) + "\"" : decimal(r);
        return switch (r.nextInt(3)) {
            case 0 -> {
                StringBuilder extra = new StringBuilder("\"bid_price\":" + price);
                if (r.nextBoolean()) {
                    extra.append(",\"ask_price\":").append(decimal(r));
                }
                if (r.nextBoolean()) {
                    extra.append(",\"last_price\":").append(decimal(r)).append(",\"last_size\":").append(size(r));
                }
                if (r.nextBoolean()) {
                    extra.append(",\"bid_size\":").append(size(r)).append(",\"volume\":null");
                }
                if (r.nextBoolean()) {
                    extra.append(",\"conditions\":\"@F\\u00e9\",\"tape\":\"C\"");
                }
                String t = tick(extra.toString()).replace("\"sequence_number\":1", "\"sequence_number\":" + sequence);
                yield r.nextBoolean() ? t : t.replace("\"2024-01-02T14:30:00Z\"", Long.toString(T0 + r.nextInt(1_000_000)));
            }
            case 1 -> order("\"price\":" + price + ",\"client_order_id\":\"C-" + sequence + "\"")
                    .replace("\"market\"", "\"LIMIT\"").replace("\"O-1\"", "\"O-" + sequence + "\"");
            default -> trade("\"commission\":" + decimal(r) + ",\"liquidity\":\"maker\"")
                    .replace("\"T-1\"", "\"T-" + sequence + "\"");
        };
    }

    private static String decimal(Random r) {
        return (r.nextInt(5) == 0 ? "-" : "") + r.nextInt(100_000) + "." + String.format("%08d", r.nextInt(100_000_000));
    }

    private static String size(Random r) {
        return r.nextInt(10_000) + (r.nextBoolean() ? "" : "." + r.nextInt(1000));
    }

    /** Splits an array of flat JSON objects (scalar values) into name → value, each value as its raw JSON text. */
    private static final class FlatObjects {
        private final String s;
        private int pos;

        private FlatObjects(String s) {
            this.s = s;
        }

        static List<Map<String, String>> parse(String json) {
            FlatObjects p = new FlatObjects(json);
            List<Map<String, String>> out = new ArrayList<>();
            p.expect('[');
            while (true) {
                p.expect('{');
                Map<String, String> o = new LinkedHashMap<>();
                while (true) {
                    String name = p.rawString();
                    p.expect(':');
                    o.put(name.substring(1, name.length() - 1), p.rawValue());
                    if (p.next() == '}') {
                        break;
                    }
                }
                out.add(o);
                if (p.next() == ']') {
                    return out;
                }
            }
        }

        private char next() {
            while (Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
            return s.charAt(pos++);
        }

        private void expect(char c) {
            char got = next();
            if (got != c) {
                throw new AssertionError("expected " + c + " at " + (pos - 1) + " of " + s + ", got " + got);
            }
        }

        private String rawString() {
            int start = pos;
            expect('"');
            while (s.charAt(pos) != '"') {
                pos += s.charAt(pos) == '\\' ? 2 : 1;
            }
            pos++;
            return s.substring(start, pos).strip();
        }

        private String rawValue() {
            while (Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
            if (s.charAt(pos) == '"') {
                return rawString();
            }
            int start = pos;
            while (s.charAt(pos) != ',' && s.charAt(pos) != '}') {
                pos++;
            }
            return s.substring(start, pos).strip();
        }
    }
}

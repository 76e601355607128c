package io.tickstore.ingest.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.model.MessageType;
import io.tickstore.store.model.OrderRecord;
import io.tickstore.store.model.TickRecord;
import io.tickstore.store.model.TradeRecord;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzz tests. Each iteration has its own seed, printed in every failure; replay one with
 * {@code -Dtickstore.fuzz.seed=SEED -Dtickstore.fuzz.iterations=1}. Without the properties the
 * seeds are fixed, so the suite is deterministic.
 */
class FrameParserFuzzTest {
    private static final long BASE_SEED = Long.getLong("tickstore.fuzz.seed", 0x7AC5_702EL);
    private static final int ITERATIONS = Integer.getInteger("tickstore.fuzz.iterations", 3000);
    private static final int MAX_MESSAGES = 8;
    private static final BigDecimal LIMIT = new BigDecimal("1e10");
    private static final String JUNK = "{}[]:,\"\\ \n0123456789-+.eEnulltruefalseNaN\u0000\u00e9\ud83d";

    private static long seed(int iteration) {
        return iteration == 0 ? BASE_SEED : BASE_SEED + iteration * 0x9E37_79B9_7F4A_7C15L;
    }

    private static String replay(long seed, String frame) {
        String shown = frame.length() > 3000 ? frame.substring(0, 3000) + "..." : frame;
        return "replay with -Dtickstore.fuzz.seed=" + seed + " -Dtickstore.fuzz.iterations=1; frame: " + shown;
    }

    // ---- valid frames

    @Test
    void randomValidFramesParseToExactlyTheirValues() {
        FrameParser parser = new FrameParser(MAX_MESSAGES);
        for (int it = 0; it < ITERATIONS; it++) {
            long seed = seed(it);
            Random random = new Random(seed);
            RandomMessages gen = new RandomMessages(random);
            IngestMessage[] expected = randomMessages(gen, random);
            String frame = render(gen, expected);
            int n = parseOrFail(parser, frame, seed);
            assertEquals(expected.length, n, () -> replay(seed, frame));
            for (int i = 0; i < n; i++) {
                assertSameMessage(expected[i], parser.messages()[i], i, () -> replay(seed, frame));
            }
        }
    }

    @Test
    void randomDecimalTextsAgreeWithBigDecimal() {
        FrameParser parser = new FrameParser(1);
        for (int it = 0; it < ITERATIONS * 3; it++) {
            long seed = seed(it);
            Random random = new Random(seed);
            String number = randomJsonNumber(random);
            boolean asString = random.nextBoolean();
            String frame = Frames.tick("\"bid_price\":" + (asString ? "\"" + number + "\"" : number));
            BigDecimal exact = new BigDecimal(number);
            BigDecimal stripped = exact.stripTrailingZeros();
            String problem = null;
            if (exact.abs().compareTo(LIMIT) >= 0) {
                problem = "out of range for DECIMAL(18,8) (max 9999999999.99999999), got ";
            } else if (exact.signum() != 0 && stripped.scale() > 8) {
                problem = "expected a decimal with at most 8 fraction digits, got ";
            }
            try {
                parser.parse(frame);
                long units = parser.messages()[0].tick.bidPrice;
                if (problem != null) {
                    fail("accepted " + number + " as " + units + "; " + replay(seed, frame));
                }
                assertEquals(exact.movePointRight(8).longValueExact(), units, () -> replay(seed, frame));
            } catch (FrameRejection e) {
                String shown = number.length() > 40 ? number.substring(0, 40) + "..." : number;
                assertEquals(problem == null ? "<accepted>" : "element 0: bid_price: " + problem + shown, e.getMessage(),
                        () -> replay(seed, frame));
                assertEquals(MessageType.TICK, e.type(), () -> replay(seed, frame));
            } catch (RuntimeException e) {
                throw new AssertionError("unexpected " + e + "; " + replay(seed, frame), e);
            }
        }
    }

    /** {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?} with lengths around the 8-digit and 10^10 edges. */
    private static String randomJsonNumber(Random random) {
        StringBuilder sb = new StringBuilder();
        if (random.nextInt(3) == 0) {
            sb.append('-');
        }
        int intDigits = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(random.nextBoolean() ? 11 : 22);
        if (intDigits == 0) {
            sb.append('0');
        } else {
            sb.append((char) ('1' + random.nextInt(9)));
            appendDigits(sb, random, intDigits - 1);
        }
        if (random.nextInt(3) > 0) {
            sb.append('.');
            appendDigits(sb, random, 1 + random.nextInt(random.nextBoolean() ? 9 : 20));
        }
        if (random.nextInt(3) == 0) {
            sb.append(random.nextBoolean() ? 'e' : 'E');
            int r = random.nextInt(3);
            if (r > 0) {
                sb.append(r == 1 ? '+' : '-');
            }
            sb.append(random.nextInt(5) == 0 ? 100 + random.nextInt(100_000) : random.nextInt(20));
        }
        return sb.toString();
    }

    private static void appendDigits(StringBuilder sb, Random random, int count) {
        boolean zeros = random.nextInt(3) == 0; // mostly zeros: exercises trailing/leading zero handling
        for (int i = 0; i < count; i++) {
            sb.append(zeros && random.nextInt(5) > 0 ? '0' : (char) ('0' + random.nextInt(10)));
        }
    }

    // ---- mutated frames

    @Test
    void truncatedFramesAreAlwaysRejected() {
        FrameParser parser = new FrameParser(MAX_MESSAGES);
        for (int it = 0; it < ITERATIONS; it++) {
            long seed = seed(it);
            Random random = new Random(seed);
            RandomMessages gen = new RandomMessages(random);
            String whole = render(gen, randomMessages(gen, random)).strip();
            String frame = whole.substring(0, random.nextInt(whole.length()));
            assertRejected(parser, frame, seed);
        }
    }

    @Test
    void unknownFieldsAreAlwaysRejected() {
        FrameParser parser = new FrameParser(MAX_MESSAGES);
        for (int it = 0; it < ITERATIONS; it++) {
            long seed = seed(it);
            Random random = new Random(seed);
            RandomMessages gen = new RandomMessages(random);
            IngestMessage[] messages = randomMessages(gen, random);
            int bad = random.nextInt(messages.length);
            String name = random.nextBoolean() ? "bid_prize" : "x" + random.nextInt(1000);
            List<String> objects = new ArrayList<>();
            for (int i = 0; i < messages.length; i++) {
                List<String> members = gen.members(messages[i]);
                if (i == bad) {
                    String value = random.nextBoolean() ? "null" : random.nextBoolean() ? "[1,{\"a\":2}]" : "\"v\"";
                    members.add(random.nextInt(members.size() + 1), "\"" + name + "\":" + value);
                }
                objects.add(gen.object(members));
            }
            String frame = "[" + String.join(",", objects) + "]";
            FrameRejection e = assertRejected(parser, frame, seed);
            assertEquals("element " + bad + ": " + name + ": unknown field for type " + messages[bad].type.text,
                    e.getMessage(), () -> replay(seed, frame));
            assertEquals(messages[bad].type, e.type(), () -> replay(seed, frame));
        }
    }

    @Test
    void duplicatedMembersAreAlwaysRejected() {
        FrameParser parser = new FrameParser(MAX_MESSAGES);
        for (int it = 0; it < ITERATIONS; it++) {
            long seed = seed(it);
            Random random = new Random(seed);
            RandomMessages gen = new RandomMessages(random);
            IngestMessage[] messages = randomMessages(gen, random);
            int bad = random.nextInt(messages.length);
            String duplicated = null;
            List<String> objects = new ArrayList<>();
            for (int i = 0; i < messages.length; i++) {
                List<String> members = gen.members(messages[i]);
                if (i == bad) {
                    String m = members.get(random.nextInt(members.size()));
                    duplicated = m.substring(1, m.indexOf('"', 1));
                    members.add(random.nextInt(members.size() + 1), m);
                }
                objects.add(gen.object(members));
            }
            String frame = "[" + String.join(",", objects) + "]";
            FrameRejection e = assertRejected(parser, frame, seed);
            assertEquals("element " + bad + ": " + duplicated + ": appears more than once", e.getMessage(),
                    () -> replay(seed, frame));
            assertEquals("type".equals(duplicated) ? null : messages[bad].type, e.type(), () -> replay(seed, frame));
        }
    }

    @Test
    void swappedTypesAreAlwaysRejectedWithTheNewType() {
        FrameParser parser = new FrameParser(MAX_MESSAGES);
        for (int it = 0; it < ITERATIONS; it++) {
            long seed = seed(it);
            Random random = new Random(seed);
            RandomMessages gen = new RandomMessages(random);
            IngestMessage[] messages = randomMessages(gen, random);
            int bad = random.nextInt(messages.length);
            MessageType was = messages[bad].type;
            MessageType now = MessageType.values()[(was.ordinal() + 1 + random.nextInt(2)) % 3];
            List<String> objects = new ArrayList<>();
            for (int i = 0; i < messages.length; i++) {
                List<String> members = gen.members(messages[i]);
                if (i == bad) {
                    members.replaceAll(m -> m.startsWith("\"type\"") ? "\"type\":\"" + now.text + "\"" : m);
                }
                objects.add(gen.object(members));
            }
            String frame = "[" + String.join(",", objects) + "]";
            FrameRejection e = assertRejected(parser, frame, seed);
            assertTrue(e.getMessage().startsWith("element " + bad + ": "), () -> e.getMessage() + "; " + replay(seed, frame));
            assertEquals(now, e.type(), () -> e.getMessage() + "; " + replay(seed, frame));
        }
    }

    /**
     * Junk inserted, characters replaced, ranges deleted or repeated: the parser either rejects the frame or
     * accepts messages that are themselves valid, i.e. render and parse back to the same values.
     * Nothing but {@link FrameRejection} may escape.
     */
    @Test
    void randomlyMutatedFramesAreRejectedOrParseToValidMessages() {
        FrameParser parser = new FrameParser(MAX_MESSAGES);
        FrameParser checker = new FrameParser(MAX_MESSAGES);
        int accepted = 0;
        for (int it = 0; it < ITERATIONS * 2; it++) {
            long seed = seed(it);
            Random random = new Random(seed);
            RandomMessages gen = new RandomMessages(random);
            String frame = render(gen, randomMessages(gen, random));
            int mutations = 1 + random.nextInt(3);
            for (int k = 0; k < mutations; k++) {
                frame = mutate(frame, random);
            }
            int n;
            try {
                n = parser.parse(frame);
            } catch (FrameRejection e) {
                assertNotNull(e.getMessage());
                continue;
            } catch (RuntimeException | StackOverflowError e) {
                throw new AssertionError("unexpected " + e + "; " + replay(seed, frame), e);
            }
            accepted++;
            assertTrue(n >= 1 && n <= MAX_MESSAGES, replay(seed, frame));
            IngestMessage[] got = new IngestMessage[n];
            for (int i = 0; i < n; i++) {
                got[i] = new IngestMessage();
                got[i].copyFrom(parser.messages()[i]);
            }
            String again = render(gen, got);
            int m = parseOrFail(checker, again, seed);
            assertEquals(n, m, replay(seed, again));
            for (int i = 0; i < n; i++) {
                final String f = frame;
                assertSameMessage(got[i], checker.messages()[i], i, () -> "re-rendered " + again + "; " + replay(seed, f));
            }
        }
        assertTrue(accepted > 0, "no mutated frame was accepted: the mutations are too destructive to test acceptance");
    }

    private static String mutate(String frame, Random random) {
        if (frame.isEmpty()) {
            return String.valueOf(JUNK.charAt(random.nextInt(JUNK.length())));
        }
        int at = random.nextInt(frame.length());
        switch (random.nextInt(6)) {
            case 0: // insert junk
                return frame.substring(0, at) + JUNK.charAt(random.nextInt(JUNK.length())) + frame.substring(at);
            case 1: // replace a character
                return frame.substring(0, at) + JUNK.charAt(random.nextInt(JUNK.length())) + frame.substring(at + 1);
            case 2: { // delete a short range
                int end = Math.min(frame.length(), at + 1 + random.nextInt(8));
                return frame.substring(0, at) + frame.substring(end);
            }
            case 3: { // repeat a short range
                int end = Math.min(frame.length(), at + 1 + random.nextInt(20));
                return frame.substring(0, end) + frame.substring(at);
            }
            case 4: // truncate
                return frame.substring(0, at);
            default: { // swap a type word or an enum word for another known word
                String[] words = {"\"tick\"", "\"order\"", "\"trade\"", "\"buy\"", "\"limit\"", "\"stop\"", "\"filled\"",
                    "\"maker\"", "null", "0", "-1", "\"\"", "1e400", "NaN"};
                String from = words[random.nextInt(words.length)];
                int i = frame.indexOf(from);
                return i < 0 ? frame : frame.substring(0, i) + words[random.nextInt(words.length)] + frame.substring(i + from.length());
            }
        }
    }

    // ---- helpers

    private static IngestMessage[] randomMessages(RandomMessages gen, Random random) {
        IngestMessage[] out = new IngestMessage[1 + random.nextInt(MAX_MESSAGES)];
        for (int i = 0; i < out.length; i++) {
            out[i] = new IngestMessage();
            gen.randomMessage(out[i]);
        }
        return out;
    }

    private static String render(RandomMessages gen, IngestMessage[] messages) {
        List<String> objects = new ArrayList<>();
        for (IngestMessage m : messages) {
            objects.add(gen.object(gen.members(m)));
        }
        return gen.frame(objects);
    }

    private static int parseOrFail(FrameParser parser, String frame, long seed) {
        try {
            return parser.parse(frame);
        } catch (FrameRejection e) {
            throw new AssertionError("rejected: " + e.getMessage() + "; " + replay(seed, frame), e);
        } catch (RuntimeException e) {
            throw new AssertionError("unexpected " + e + "; " + replay(seed, frame), e);
        }
    }

    private static FrameRejection assertRejected(FrameParser parser, String frame, long seed) {
        try {
            int n = parser.parse(frame);
            throw new AssertionError("accepted " + n + " messages; " + replay(seed, frame));
        } catch (FrameRejection e) {
            return e;
        } catch (RuntimeException e) {
            throw new AssertionError("unexpected " + e + "; " + replay(seed, frame), e);
        }
    }

    static void assertSameMessage(IngestMessage expected, IngestMessage actual, int index, Supplier<String> context) {
        Supplier<String> where = () -> "element " + index + ": " + context.get();
        assertEquals(expected.type, actual.type, where);
        switch (expected.type) {
            case TICK -> assertSameTick(expected.tick, actual.tick, where);
            case ORDER -> assertSameOrder(expected.order, actual.order, where);
            case TRADE -> assertSameTrade(expected.trade, actual.trade, where);
        }
    }

    private static Supplier<String> field(String name, Supplier<String> where) {
        return () -> name + " of " + where.get();
    }

    private static void assertSameTick(TickRecord e, TickRecord a, Supplier<String> w) {
        assertEquals(e.exchange, a.exchange, field("exchange", w));
        assertEquals(e.symbol, a.symbol, field("symbol", w));
        assertEquals(e.timestamp, a.timestamp, field("timestamp", w));
        assertEquals(e.sequenceNumber, a.sequenceNumber, field("sequence_number", w));
        assertEquals(e.bidPrice, a.bidPrice, field("bid_price", w));
        assertEquals(e.askPrice, a.askPrice, field("ask_price", w));
        assertEquals(e.bidSize, a.bidSize, field("bid_size", w));
        assertEquals(e.askSize, a.askSize, field("ask_size", w));
        assertEquals(e.lastPrice, a.lastPrice, field("last_price", w));
        assertEquals(e.lastSize, a.lastSize, field("last_size", w));
        assertEquals(e.volume, a.volume, field("volume", w));
        assertEquals(e.conditions, a.conditions, field("conditions", w));
        assertEquals(e.tape, a.tape, field("tape", w));
    }

    private static void assertSameOrder(OrderRecord e, OrderRecord a, Supplier<String> w) {
        assertEquals(e.orderId, a.orderId, field("order_id", w));
        assertEquals(e.clientOrderId, a.clientOrderId, field("client_order_id", w));
        assertEquals(e.exchange, a.exchange, field("exchange", w));
        assertEquals(e.symbol, a.symbol, field("symbol", w));
        assertEquals(e.strategyId, a.strategyId, field("strategy_id", w));
        assertEquals(e.side, a.side, field("side", w));
        assertEquals(e.orderType, a.orderType, field("order_type", w));
        assertEquals(e.timeInForce, a.timeInForce, field("time_in_force", w));
        assertEquals(e.quantity, a.quantity, field("quantity", w));
        assertEquals(e.price, a.price, field("price", w));
        assertEquals(e.stopPrice, a.stopPrice, field("stop_price", w));
        assertEquals(e.status, a.status, field("status", w));
        assertEquals(e.filledQuantity, a.filledQuantity, field("filled_quantity", w));
        assertEquals(e.averageFillPrice, a.averageFillPrice, field("average_fill_price", w));
        assertEquals(e.createdAt, a.createdAt, field("created_at", w));
        assertEquals(e.updatedAt, a.updatedAt, field("updated_at", w));
    }

    private static void assertSameTrade(TradeRecord e, TradeRecord a, Supplier<String> w) {
        assertEquals(e.tradeId, a.tradeId, field("trade_id", w));
        assertEquals(e.orderId, a.orderId, field("order_id", w));
        assertEquals(e.exchange, a.exchange, field("exchange", w));
        assertEquals(e.symbol, a.symbol, field("symbol", w));
        assertEquals(e.strategyId, a.strategyId, field("strategy_id", w));
        assertEquals(e.side, a.side, field("side", w));
        assertEquals(e.quantity, a.quantity, field("quantity", w));
        assertEquals(e.price, a.price, field("price", w));
        assertEquals(e.executedAt, a.executedAt, field("executed_at", w));
        assertEquals(e.commission, a.commission, field("commission", w));
        assertEquals(e.fees, a.fees, field("fees", w));
        assertEquals(e.exchangeTradeId, a.exchangeTradeId, field("exchange_trade_id", w));
        assertEquals(e.liquidity, a.liquidity, field("liquidity", w));
    }
}

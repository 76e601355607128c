package io.tickstore.ingest.protocol;

import static io.tickstore.ingest.protocol.Frames.T0_ISO;
import static io.tickstore.ingest.protocol.Frames.array;
import static io.tickstore.ingest.protocol.Frames.assertRejected;
import static io.tickstore.ingest.protocol.Frames.order;
import static io.tickstore.ingest.protocol.Frames.tick;
import static io.tickstore.ingest.protocol.Frames.trade;
import static io.tickstore.store.model.MessageType.ORDER;
import static io.tickstore.store.model.MessageType.TICK;
import static io.tickstore.store.model.MessageType.TRADE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickstore.store.model.EpochMicros;
import io.tickstore.store.model.MessageType;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One test per class of bad input: the whole frame is refused with an exact reason and type. */
class FrameParserRejectionTest {
    private static final String BID = "\"bid_price\":1";

    private static String withTimestamp(String json) {
        return tick(BID).replace("\"" + T0_ISO + "\"", json);
    }

    private static String withSequence(String json) {
        return tick(BID).replace("\"sequence_number\":1", "\"sequence_number\":" + json);
    }

    /** The message {@link EpochMicros} gives for {@code iso}: the parser only prefixes it. */
    private static String isoProblem(String iso) {
        return assertThrows(EpochMicros.FormatException.class, () -> EpochMicros.parseIso(iso)).getMessage();
    }

    private static String epochProblem(long value) {
        return assertThrows(EpochMicros.FormatException.class, () -> EpochMicros.fromEpochMicros(value)).getMessage();
    }

    private static void assertMalformed(String frame) {
        FrameRejection e = assertThrows(FrameRejection.class, () -> new FrameParser(4).parse(frame), frame);
        assertTrue(e.getMessage().startsWith("malformed JSON"), e.getMessage());
        assertNull(e.type(), frame);
    }

    // ---- frame shape

    @Test
    void malformedJsonGivesLineAndColumnAndNoType() {
        FrameRejection e = assertThrows(FrameRejection.class, () -> new FrameParser(4).parse("{\"type\":\"tick\","));
        assertTrue(e.getMessage().startsWith("malformed JSON at line 1, column 16: "), e.getMessage());
        assertNull(e.type());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "{", "[", "[{", "{\"type\"}", "{\"type\":}", "{'type':'tick'}", "{type:\"tick\"}", "[,]",
        "{\"type\":\"tick\",}", "{\"bid_price\":01}", "{\"bid_price\":.5}", "{\"bid_price\":1.}",
        "{\"symbol\":\"a\u0001b\"}", "nul", "tru",
    })
    void malformedJson(String frame) {
        assertMalformed(frame);
    }

    @Test
    void trailingGarbageAfterTheValueIsMalformed() {
        assertMalformed(tick(BID) + " x");
        assertMalformed(tick(BID) + "]");
        assertMalformed(tick(BID) + "}");
        assertMalformed(array(tick(BID)) + ",");
    }

    @Test
    void aSecondValueAfterTheFrameIsMalformed() {
        assertRejected(tick(BID) + " {}", null, "malformed JSON: unexpected content after the frame's value: an object");
        assertRejected(tick(BID) + tick(BID), null, "malformed JSON: unexpected content after the frame's value: an object");
        assertRejected(array(tick(BID)) + " []", null, "malformed JSON: unexpected content after the frame's value: an array");
        assertRejected(tick(BID) + " 1", null, "malformed JSON: unexpected content after the frame's value: a number");
        assertRejected(tick(BID) + " null", null, "malformed JSON: unexpected content after the frame's value: null");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", " ", "\n\t ", "[]", " [ ] "})
    void emptyFrame(String frame) {
        assertRejected(frame, null, "empty frame: expected a message object or a non-empty array of them");
    }

    @Test
    void frameThatIsNotAnObjectOrArray() {
        assertRejected("42", null, "expected a JSON object or an array of objects, got a number");
        assertRejected("\"tick\"", null, "expected a JSON object or an array of objects, got a string");
        assertRejected("true", null, "expected a JSON object or an array of objects, got true/false");
        assertRejected("null", null, "expected a JSON object or an array of objects, got null");
        // A string is read whole as its token is, so an unterminated one is malformed JSON.
        assertRejected("\"unterminated", null, "malformed JSON at line 1, column 14: unexpected end of input in a string");
    }

    @Test
    void nonObjectArrayElement() {
        assertRejected("[1]", null, "element 0: expected a JSON object, got a number");
        assertRejected(array(tick(BID), "null"), null, "element 1: expected a JSON object, got null");
        assertRejected(array(tick(BID), tick(BID), "[" + tick(BID) + "]"), null, "element 2: expected a JSON object, got an array");
        assertRejected(array(tick(BID), "\"x\""), null, "element 1: expected a JSON object, got a string");
    }

    @Test
    void moreThanMaxMessages() throws FrameRejection {
        FrameParser parser = new FrameParser(3);
        assertEquals(3, parser.parse(array(tick(BID), tick(BID), tick(BID))));
        assertRejected(parser, array(tick(BID), tick(BID), tick(BID), tick(BID)), null,
                "frame holds more than 3 messages (ingest.max_messages_per_frame); split it");
        // The count is checked before the element is looked at.
        assertRejected(parser, array(tick(BID), tick(BID), tick(BID), "42"), null,
                "frame holds more than 3 messages (ingest.max_messages_per_frame); split it");
    }

    @Test
    void maxMessagesOfOneStillTakesASingleObject() throws FrameRejection {
        FrameParser parser = new FrameParser(1);
        assertEquals(1, parser.parse(tick(BID)));
        assertEquals(1, parser.parse(array(tick(BID))));
        assertRejected(parser, array(tick(BID), tick(BID)), null,
                "frame holds more than 1 messages (ingest.max_messages_per_frame); split it");
    }

    @Test
    void maxMessagesBelowOneIsRefusedAtConstruction() {
        assertEquals("maxMessages must be at least 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> new FrameParser(0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new FrameParser(-1));
    }

    @Test
    void rejectionInTheLastElementNamesItsIndex() {
        assertRejected(array(tick(BID), order(""), tick("\"last_price\":\"abc\",\"last_size\":1")), TICK,
                "element 2: last_price: not a number: abc");
        assertRejected(array(tick(BID), tick(BID), tick(BID), tick("\"last_price\":\"abc\",\"last_size\":1")), TICK,
                "element 3: last_price: not a number: abc");
        assertRejected(array(tick(BID), tick(BID), order("\"quantity\":0").replace("\"quantity\":100,", "")), ORDER,
                "element 2: quantity: must be greater than 0");
    }

    @Test
    void theFirstBadElementIsReported() {
        assertRejected(array(tick(BID), trade("\"fees\":\"x\""), order("\"price\":\"y\"")), TRADE,
                "element 1: fees: not a number: x");
    }

    // ---- type

    @Test
    void missingType() {
        assertRejected("{\"exchange\":\"X\"}", null, "element 0: type: required: tick, order or trade");
        assertRejected("{}", null, "element 0: type: required: tick, order or trade");
        assertRejected("{\"type\":null,\"exchange\":\"X\"}", null, "element 0: type: required: tick, order or trade");
    }

    @Test
    void unknownType() {
        assertRejected("{\"type\":\"quote\"}", null, "element 0: type: unknown type \"quote\"; expected tick, order or trade");
        assertRejected("{\"type\":\"\"}", null, "element 0: type: unknown type \"\"; expected tick, order or trade");
    }

    @Test
    void typeIsMatchedInAnyCaseLikeOtherChoices() throws Exception {
        FrameParser parser = new FrameParser(10);
        assertEquals(1, parser.parse(tick(BID).replace("\"tick\"", "\"TICK\"")));
        assertEquals(TICK, parser.messages()[0].type);
    }

    @Test
    void longUnknownTypeIsTruncatedInTheMessage() {
        String word = "q".repeat(100);
        assertRejected("{\"type\":\"" + word + "\"}", null,
                "element 0: type: unknown type \"" + "q".repeat(64) + "...\"; expected tick, order or trade");
    }

    @Test
    void typeThatIsNotAString() {
        assertRejected("{\"type\":1}", null, "element 0: type: expected a string, got a number");
        assertRejected("{\"type\":[\"tick\"]}", null, "element 0: type: expected a string, got an array");
        assertRejected("{\"type\":{}}", null, "element 0: type: expected a string, got an object");
        assertRejected("{\"type\":true}", null, "element 0: type: expected a string, got true/false");
    }

    // ---- field set

    @Test
    void unknownField() {
        assertRejected(tick("\"bid_prize\":1"), TICK, "element 0: bid_prize: unknown field for type tick");
        assertRejected(order("\"Price\":1"), ORDER, "element 0: Price: unknown field for type order");
        assertRejected(trade("\"x\":{\"nested\":[1,2,{}]}"), TRADE, "element 0: x: unknown field for type trade");
        assertRejected(tick("\"bid_prize\":null"), TICK, "element 0: bid_prize: unknown field for type tick");
    }

    @Test
    void firstUnknownFieldIsNamedAndLongNamesAreTruncated() {
        assertRejected(tick("\"a\":1,\"b\":2"), TICK, "element 0: a: unknown field for type tick");
        assertRejected(tick("\"" + "n".repeat(70) + "\":1"), TICK,
                "element 0: " + "n".repeat(64) + "...: unknown field for type tick");
    }

    @Test
    void fieldOfAnotherType() {
        assertRejected(tick(BID + ",\"order_id\":\"x\""), TICK, "element 0: order_id: not a field of type tick");
        assertRejected(order("\"executed_at\":\"" + T0_ISO + "\""), ORDER, "element 0: executed_at: not a field of type order");
        assertRejected(trade("\"status\":\"filled\""), TRADE, "element 0: status: not a field of type trade");
        assertRejected(trade("\"bid_price\":1"), TRADE, "element 0: bid_price: not a field of type trade");
    }

    @Test
    void missingRequiredField() {
        assertRejected(tick(BID).replace("\"symbol\":\"AAPL\",", ""), TICK, "element 0: symbol: required for type tick");
        assertRejected(tick(BID).replace(",\"sequence_number\":1", ""), TICK, "element 0: sequence_number: required for type tick");
        assertRejected(order("").replace("\"status\":\"pending\"", "\"status\":null"), ORDER,
                "element 0: status: required for type order");
        assertRejected(trade("").replace("\"price\":190.01,", ""), TRADE, "element 0: price: required for type trade");
        assertRejected(trade("").replace("\"trade_id\":\"T-1\",", ""), TRADE, "element 0: trade_id: required for type trade");
    }

    @Test
    void duplicateKey() {
        assertRejected(tick("\"bid_price\":1,\"bid_price\":2"), TICK, "element 0: bid_price: appears more than once");
        assertRejected(order("\"side\":\"sell\""), ORDER, "element 0: side: appears more than once");
    }

    @Test
    void duplicateKeyIsRefusedEvenWhenOneOfThemIsNull() {
        assertRejected(tick("\"bid_price\":null,\"bid_price\":2"), TICK, "element 0: bid_price: appears more than once");
        assertRejected(tick("\"bid_price\":2,\"bid_price\":null"), TICK, "element 0: bid_price: appears more than once");
        assertRejected(tick(BID + ",\"tape\":null,\"tape\":null"), TICK, "element 0: tape: appears more than once");
    }

    @Test
    void duplicateTypeHasNoType() {
        assertRejected(tick(BID).replace("{", "{\"type\":\"order\","), null, "element 0: type: appears more than once");
        assertRejected("{\"type\":null,\"type\":\"tick\"}", null, "element 0: type: appears more than once");
    }

    @Test
    void duplicateKeyWithoutAValidTypeHasNoType() {
        assertRejected("{\"bid_price\":1,\"bid_price\":2}", null, "element 0: bid_price: appears more than once");
        assertRejected("{\"type\":\"quote\",\"bid_price\":1,\"bid_price\":2}", null,
                "element 0: bid_price: appears more than once");
    }

    // ---- decimals

    @Test
    void notANumber() {
        assertRejected(tick("\"last_price\":\"abc\",\"last_size\":1"), TICK, "element 0: last_price: not a number: abc");
        assertRejected(tick("\"bid_price\":\"\""), TICK, "element 0: bid_price: empty value");
        assertRejected(tick("\"bid_price\":\" 1\""), TICK, "element 0: bid_price: not a number (contains whitespace):  1");
        assertRejected(tick("\"bid_price\":\"+1\""), TICK,
                "element 0: bid_price: not a number (JSON does not allow a leading '+'): +1");
        assertRejected(tick("\"bid_price\":\"1,5\""), TICK, "element 0: bid_price: not a number: 1,5");
        assertRejected(tick("\"bid_price\":\"0x10\""), TICK, "element 0: bid_price: not a number: 0x10");
    }

    @Test
    void nanAndInfinityNameTheField() {
        assertRejected(tick("\"bid_price\":NaN"), TICK, "element 0: bid_price: not a number: NaN");
        assertRejected(tick("\"ask_price\":Infinity"), TICK, "element 0: ask_price: not a number: Infinity");
        assertRejected(tick("\"ask_price\":-Infinity"), TICK, "element 0: ask_price: not a number: -Infinity");
        assertRejected(tick("\"ask_price\":\"NaN\""), TICK, "element 0: ask_price: not a number: NaN");
        assertRejected(tick(BID + ",\"volume\":NaN"), TICK, "element 0: volume: not a number: NaN");
        assertRejected(trade("\"fees\":Infinity"), TRADE, "element 0: fees: not a number: Infinity");
        assertRejected(tick("\"ask_price\":-INF"), TICK, "element 0: ask_price: not a number: -INF");
        assertRejected(tick("\"ask_price\":+INF"), TICK,
                "element 0: ask_price: not a number (JSON does not allow a leading '+'): +INF");
        assertRejected(tick("\"ask_price\":+Infinity"), TICK,
                "element 0: ask_price: not a number (JSON does not allow a leading '+'): +Infinity");
    }

    @Test
    void moreThanEightFractionDigits() {
        assertRejected(tick("\"last_price\":1.123456789,\"last_size\":1"), TICK,
                "element 0: last_price: expected a decimal with at most 8 fraction digits, got 1.123456789");
        assertRejected(tick("\"bid_price\":\"0.000000001\""), TICK,
                "element 0: bid_price: expected a decimal with at most 8 fraction digits, got 0.000000001");
        assertRejected(tick("\"bid_price\":1e-9"), TICK,
                "element 0: bid_price: expected a decimal with at most 8 fraction digits, got 1e-9");
    }

    @Test
    void outOfRange() {
        assertRejected(tick("\"bid_price\":10000000000"), TICK,
                "element 0: bid_price: out of range for DECIMAL(18,8) (max 9999999999.99999999), got 10000000000");
        assertRejected(tick("\"bid_price\":-10000000000"), TICK,
                "element 0: bid_price: out of range for DECIMAL(18,8) (max 9999999999.99999999), got -10000000000");
        assertRejected(tick("\"bid_price\":1e10"), TICK,
                "element 0: bid_price: out of range for DECIMAL(18,8) (max 9999999999.99999999), got 1e10");
        assertRejected(tick("\"bid_price\":\"10000000000.00000001\""), TICK,
                "element 0: bid_price: out of range for DECIMAL(18,8) (max 9999999999.99999999), got 10000000000.00000001");
    }

    @Test
    void decimalOfTheWrongJsonKind() {
        assertRejected(tick("\"bid_price\":true"), TICK, "element 0: bid_price: expected a decimal number, got true/false");
        assertRejected(tick("\"bid_price\":{\"v\":1}"), TICK, "element 0: bid_price: expected a decimal number, got an object");
        assertRejected(tick("\"bid_price\":[1]"), TICK, "element 0: bid_price: expected a decimal number, got an array");
    }

    @Test
    void negativeSizes() {
        assertRejected(tick(BID + ",\"bid_size\":-1"), TICK, "element 0: bid_size: must not be negative, got -1");
        assertRejected(tick(BID + ",\"ask_size\":\"-0.5\""), TICK, "element 0: ask_size: must not be negative, got -0.5");
        assertRejected(tick("\"last_price\":1,\"last_size\":-0.00000001"), TICK,
                "element 0: last_size: must not be negative, got -0.00000001");
        assertRejected(tick(BID + ",\"volume\":-3e2"), TICK, "element 0: volume: must not be negative, got -300");
        assertRejected(order("\"filled_quantity\":-1"), ORDER, "element 0: filled_quantity: must not be negative, got -1");
        assertRejected(order("").replace("\"quantity\":100", "\"quantity\":-100"), ORDER,
                "element 0: quantity: must not be negative, got -100");
        assertRejected(trade("").replace("\"quantity\":10", "\"quantity\":-10"), TRADE,
                "element 0: quantity: must not be negative, got -10");
    }

    @Test
    void negativeZeroSizeIsZero() throws FrameRejection {
        FrameParser parser = new FrameParser(1);
        parser.parse(tick(BID + ",\"bid_size\":-0"));
        assertEquals(0L, parser.messages()[0].tick.bidSize);
    }

    @Test
    void quantityMustBePositive() {
        assertRejected(order("").replace("\"quantity\":100", "\"quantity\":0"), ORDER, "element 0: quantity: must be greater than 0");
        assertRejected(order("").replace("\"quantity\":100", "\"quantity\":\"0.0\""), ORDER,
                "element 0: quantity: must be greater than 0");
        assertRejected(trade("").replace("\"quantity\":10", "\"quantity\":-0"), TRADE, "element 0: quantity: must be greater than 0");
    }

    // ---- timestamps

    @Test
    void malformedIsoTimestamp() {
        for (String iso : new String[] {"yesterday", "2024-01-02 14:30:00Z", "2024-01-02T14:30Z", "2024-13-02T14:30:00Z",
                "2024-02-30T14:30:00Z", "2024-01-02T24:00:00Z", "2024-01-02T14:30:60Z", "2024-01-02T14:30:00.Z", ""}) {
            assertRejected(withTimestamp("\"" + iso + "\""), TICK, "element 0: timestamp: " + isoProblem(iso));
        }
    }

    @Test
    void isoTimestampWithoutZone() {
        String iso = "2024-01-02T14:30:00";
        assertRejected(withTimestamp("\"" + iso + "\""), TICK, "element 0: timestamp: " + isoProblem(iso));
        assertTrue(isoProblem(iso).contains("Z or an offset"), isoProblem(iso));
    }

    @Test
    void isoTimestampWithTenFractionDigits() {
        String iso = "2024-01-02T14:30:00.1234567891Z";
        assertRejected(withTimestamp("\"" + iso + "\""), TICK, "element 0: timestamp: " + isoProblem(iso));
        assertTrue(isoProblem(iso).contains("fraction digits"), isoProblem(iso));
    }

    @Test
    void isoTimestampOutsideTheStoredWindow() {
        for (String iso : new String[] {"1969-12-31T23:59:59Z", "2100-01-01T00:00:00Z"}) {
            assertRejected(withTimestamp("\"" + iso + "\""), TICK, "element 0: timestamp: " + isoProblem(iso));
        }
    }

    @Test
    void epochIntegersInOtherUnitsGetAHint() {
        long[] values = {1_704_205_800L, 1_704_205_800_123L, 1_704_205_800_123_456_789L, -1L, 0L};
        String[] hints = {"(looks like seconds)", "(looks like milliseconds)", "(looks like nanoseconds)", "out of range",
            "(looks like seconds)"};
        for (int i = 0; i < values.length; i++) {
            String problem = epochProblem(values[i]);
            assertTrue(problem.contains(hints[i]), problem);
            assertRejected(withTimestamp(Long.toString(values[i])), TICK, "element 0: timestamp: " + problem);
        }
    }

    @Test
    void epochIntegerBeyondALong() {
        assertRejected(withTimestamp("99999999999999999999"), TICK,
                "element 0: timestamp: integer out of range: 99999999999999999999");
    }

    @Test
    void timestampOfTheWrongJsonKind() {
        assertRejected(withTimestamp("1.7042058e15"), TICK,
                "element 0: timestamp: expected an ISO-8601 string or integer epoch microseconds, got a number with a fraction or exponent");
        assertRejected(withTimestamp("true"), TICK,
                "element 0: timestamp: expected an ISO-8601 string or integer epoch microseconds, got true/false");
        assertRejected(withTimestamp("{}"), TICK,
                "element 0: timestamp: expected an ISO-8601 string or integer epoch microseconds, got an object");
        assertRejected(order("\"created_at\":[]"), ORDER,
                "element 0: created_at: expected an ISO-8601 string or integer epoch microseconds, got an array");
    }

    @Test
    void timestampsOfOrdersAndTradesAreCheckedToo() {
        assertRejected(order("\"updated_at\":1704205800"), ORDER, "element 0: updated_at: " + epochProblem(1_704_205_800L));
        assertRejected(trade("").replace(T0_ISO, "2024-01-02"), TRADE, "element 0: executed_at: " + isoProblem("2024-01-02"));
    }

    // ---- sequence_number

    @Test
    void sequenceNumberMustBeANonNegativeJsonInteger() {
        assertRejected(withSequence("\"1\""), TICK, "element 0: sequence_number: expected a non-negative integer, got a string");
        assertRejected(withSequence("1.0"), TICK,
                "element 0: sequence_number: expected a non-negative integer, got a number with a fraction or exponent");
        assertRejected(withSequence("1e3"), TICK,
                "element 0: sequence_number: expected a non-negative integer, got a number with a fraction or exponent");
        assertRejected(withSequence("true"), TICK, "element 0: sequence_number: expected a non-negative integer, got true/false");
        assertRejected(withSequence("-1"), TICK, "element 0: sequence_number: must not be negative, got -1");
        assertRejected(withSequence("NaN"), TICK,
                "element 0: sequence_number: expected a non-negative integer, got a number with a fraction or exponent");
    }

    @Test
    void sequenceNumberBeyondALong() {
        assertRejected(withSequence("9223372036854775808"), TICK,
                "element 0: sequence_number: integer out of range: 9223372036854775808");
        assertRejected(withSequence("-9223372036854775809"), TICK,
                "element 0: sequence_number: integer out of range: -9223372036854775809");
    }

    // ---- strings

    @Test
    void stringsOverTheirMaximumLength() {
        assertRejected(tick(BID).replace("\"AAPL\"", "\"" + "S".repeat(65) + "\""), TICK,
                "element 0: symbol: longer than 64 characters (65)");
        assertRejected(tick(BID).replace("\"NASDAQ\"", "\"" + "E".repeat(33) + "\""), TICK,
                "element 0: exchange: longer than 32 characters (33)");
        assertRejected(tick(BID + ",\"conditions\":\"" + "c".repeat(65) + "\""), TICK,
                "element 0: conditions: longer than 64 characters (65)");
        assertRejected(tick(BID + ",\"tape\":\"" + "t".repeat(17) + "\""), TICK, "element 0: tape: longer than 16 characters (17)");
        assertRejected(trade("").replace("T-1", "T".repeat(65)), TRADE, "element 0: trade_id: longer than 64 characters (65)");
        assertRejected(order("\"client_order_id\":\"" + "c".repeat(1000) + "\""), ORDER,
                "element 0: client_order_id: longer than 64 characters (1000)");
    }

    @Test
    void lengthCountsDecodedCharactersNotEscapes() throws FrameRejection {
        FrameParser parser = new FrameParser(1);
        parser.parse(tick(BID).replace("\"NASDAQ\"", "\"" + "\\u0045".repeat(32) + "\""));
        assertEquals("E".repeat(32), parser.messages()[0].tick.exchange);
    }

    @Test
    void emptyIdentifier() {
        assertRejected(tick(BID).replace("\"NASDAQ\"", "\"\""), TICK, "element 0: exchange: must not be empty");
        assertRejected(order("").replace("\"O-1\"", "\"\""), ORDER, "element 0: order_id: must not be empty");
        assertRejected(trade("\"strategy_id\":\"\""), TRADE, "element 0: strategy_id: must not be empty");
    }

    @Test
    void identifierWithAControlCharacter() {
        assertRejected(tick(BID).replace("\"AAPL\"", "\"AA\\u0001PL\""), TICK, "element 0: symbol: contains a control character");
        assertRejected(tick(BID).replace("\"AAPL\"", "\"AAPL\\n\""), TICK, "element 0: symbol: contains a control character");
        assertRejected(tick(BID).replace("\"AAPL\"", "\"\\u0000\""), TICK, "element 0: symbol: contains a control character");
        assertRejected(order("\"client_order_id\":\"a\\u007fb\""), ORDER, "element 0: client_order_id: contains a control character");
    }

    @Test
    void stringFieldOfTheWrongJsonKind() {
        assertRejected(tick(BID + ",\"tape\":5"), TICK, "element 0: tape: expected a string, got a number");
        assertRejected(tick(BID).replace("\"AAPL\"", "123"), TICK, "element 0: symbol: expected a string, got a number");
        assertRejected(order("").replace("\"O-1\"", "1.5"), ORDER,
                "element 0: order_id: expected a string, got a number with a fraction or exponent");
        assertRejected(trade("\"exchange_trade_id\":false"), TRADE, "element 0: exchange_trade_id: expected a string, got true/false");
    }

    // ---- enums

    @Test
    void unknownEnumWord() {
        assertRejected(order("").replace("\"buy\"", "\"long\""), ORDER, "element 0: side: expected one of buy, sell, got \"long\"");
        assertRejected(order("").replace("\"market\"", "\"iceberg\""), ORDER,
                "element 0: order_type: expected one of market, limit, stop, stop_limit, got \"iceberg\"");
        assertRejected(order("\"time_in_force\":\"gtd\""), ORDER,
                "element 0: time_in_force: expected one of day, gtc, ioc, fok, got \"gtd\"");
        assertRejected(order("").replace("\"pending\"", "\"open\""), ORDER,
                "element 0: status: expected one of pending, submitted, partial, filled, cancelled, rejected, got \"open\"");
        assertRejected(trade("\"liquidity\":\"both\""), TRADE, "element 0: liquidity: expected one of maker, taker, got \"both\"");
    }

    @Test
    void enumWordsAreNotTrimmedOrAbbreviated() {
        assertRejected(order("").replace("\"buy\"", "\" buy\""), ORDER, "element 0: side: expected one of buy, sell, got \" buy\"");
        assertRejected(order("").replace("\"buy\"", "\"b\""), ORDER, "element 0: side: expected one of buy, sell, got \"b\"");
        assertRejected(order("").replace("\"market\"", "\"stop-limit\""), ORDER,
                "element 0: order_type: expected one of market, limit, stop, stop_limit, got \"stop-limit\"");
    }

    @Test
    void enumOfTheWrongJsonKind() {
        assertRejected(order("").replace("\"buy\"", "1"), ORDER, "element 0: side: expected a string, got a number");
    }

    @Test
    void longEnumWordIsTruncatedInTheMessage() {
        assertRejected(order("").replace("\"buy\"", "\"" + "x".repeat(200) + "\""), ORDER,
                "element 0: side: expected one of buy, sell, got \"" + "x".repeat(64) + "...\"");
    }

    // ---- cross-field rules

    @Test
    void tickWithoutAnyPrice() {
        assertRejected(tick(""), TICK, "element 0: a tick needs at least one of bid_price, ask_price, last_price");
        assertRejected(tick("\"bid_size\":1,\"ask_size\":1,\"volume\":1"), TICK,
                "element 0: a tick needs at least one of bid_price, ask_price, last_price");
        assertRejected(tick("\"bid_price\":null"), TICK, "element 0: a tick needs at least one of bid_price, ask_price, last_price");
    }

    @Test
    void lastPriceAndLastSizeGoTogether() {
        assertRejected(tick("\"last_price\":1"), TICK,
                "element 0: last_size: required when last_price is given (a trade tick needs its size)");
        assertRejected(tick(BID + ",\"last_size\":1"), TICK, "element 0: last_price: required when last_size is given");
        assertRejected(tick("\"last_price\":1,\"last_size\":null"), TICK,
                "element 0: last_size: required when last_price is given (a trade tick needs its size)");
    }

    @Test
    void orderPricesRequiredByOrderType() {
        assertRejected(order("").replace("\"market\"", "\"limit\""), ORDER, "element 0: price: required for a limit order");
        assertRejected(order("\"stop_price\":1").replace("\"market\"", "\"stop_limit\""), ORDER,
                "element 0: price: required for a stop_limit order");
        assertRejected(order("").replace("\"market\"", "\"stop\""), ORDER, "element 0: stop_price: required for a stop order");
        assertRejected(order("\"price\":1").replace("\"market\"", "\"STOP_LIMIT\""), ORDER,
                "element 0: stop_price: required for a stop_limit order");
        assertRejected(order("\"price\":null").replace("\"market\"", "\"limit\""), ORDER,
                "element 0: price: required for a limit order");
    }

    @Test
    void filledQuantityMustNotExceedQuantity() {
        assertRejected(order("\"filled_quantity\":100.5"), ORDER,
                "element 0: filled_quantity: must not exceed quantity 100, got 100.5");
        assertRejected(order("\"filled_quantity\":\"100.00000001\""), ORDER,
                "element 0: filled_quantity: must not exceed quantity 100, got 100.00000001");
    }

    // ---- order of checks within one element

    @Test
    void typeProblemsComeBeforeFieldProblems() {
        assertRejected("{\"type\":\"quote\",\"bid_prize\":1}", null,
                "element 0: type: unknown type \"quote\"; expected tick, order or trade");
    }

    @Test
    void unknownFieldsComeBeforeMissingOnes() {
        assertRejected("{\"type\":\"tick\",\"bid_prize\":1}", TICK, "element 0: bid_prize: unknown field for type tick");
    }

    @Test
    void rejectionCarriesTheMessageTypeOfTheFaultyElement() {
        for (MessageType t : MessageType.FROM_CLIENTS) {
            String bad = switch (t) {
                case TICK -> tick("\"bid_price\":\"x\"");
                case ORDER -> order("\"price\":\"x\"");
                case TRADE -> trade("\"fees\":\"x\"");
                case PORTFOLIO_SNAPSHOT -> throw new AssertionError("not a client type");
            };
            FrameRejection e = assertThrows(FrameRejection.class, () -> new FrameParser(4).parse(array(tick(BID), bad)));
            assertEquals(t, e.type());
            assertTrue(e.getMessage().startsWith("element 1: "), e.getMessage());
        }
    }

    @Test
    void deeplyNestedUnknownValueIsRefusedNotOverflowed() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        FrameRejection e = assertThrows(FrameRejection.class, () -> new FrameParser(4).parse(tick(BID + ",\"x\":" + deep)));
        assertTrue(e.getMessage().startsWith("malformed JSON"), e.getMessage());
    }

    @Test
    void manyElementsOfTheLimitAllRejectedIfOneIsBad() {
        String good = tick(BID);
        String frame = "[" + String.join(",", Collections.nCopies(99, good)) + "," + tick("\"bid_price\":-1,\"bid_size\":-1") + "]";
        assertRejected(new FrameParser(100), frame, TICK, "element 99: bid_size: must not be negative, got -1");
    }
}

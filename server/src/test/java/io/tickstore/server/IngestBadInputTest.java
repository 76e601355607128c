package io.tickstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickstore.config.IngestConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every class of bad input over a real WebSocket: a reply naming the element, the field and the
 * problem; nothing stored from the frame; the same connection still works afterwards.
 */
class IngestBadInputTest {
    private static final int MAX_FRAME_BYTES = 64 * 1024;
    private static final String TABLES_COUNT = "SELECT (SELECT count(*) FROM market_ticks), "
            + "(SELECT count(*) FROM orders), (SELECT count(*) FROM trades)";

    @TempDir
    static Path dataDir;
    static TestServer server;
    static Vertx vertx;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir, c -> c.withIngest(new IngestConfig(MAX_FRAME_BYTES, 100, 64)));
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().await();
        server.close();
    }

    static String tick(String fields) {
        return "{\"type\":\"tick\",\"exchange\":\"BAD\",\"symbol\":\"S\",\"timestamp\":\"2024-01-02T00:00:00Z\","
                + "\"sequence_number\":1" + (fields.isEmpty() ? "" : "," + fields) + "}";
    }

    static Stream<Arguments> badFrames() {
        String order = "{\"type\":\"order\",\"order_id\":\"B-1\",\"exchange\":\"BAD\",\"symbol\":\"S\",\"side\":\"buy\","
                + "\"order_type\":\"market\",\"quantity\":1,\"status\":\"pending\"";
        String trade = "{\"type\":\"trade\",\"trade_id\":\"BT-1\",\"order_id\":\"B-1\",\"exchange\":\"BAD\",\"symbol\":\"S\",\"side\":\"buy\","
                + "\"quantity\":1,\"price\":1,\"executed_at\":\"2024-01-02T00:00:00Z\"";
        return Stream.of(
                Arguments.of("malformed JSON", "{\"type\":\"tick\",", "malformed JSON at line 1, column 16:"),
                Arguments.of("not an object", "42", "expected a JSON object or an array of objects, got a number"),
                Arguments.of("empty array", "[]", "empty frame: expected a message object or a non-empty array of them"),
                Arguments.of("unknown type", "{\"type\":\"quote\"}",
                        "element 0: type: unknown type \"quote\"; expected tick, order or trade"),
                Arguments.of("missing type", "{\"exchange\":\"X\"}", "element 0: type: required: tick, order or trade"),
                Arguments.of("missing required field",
                        "{\"type\":\"tick\",\"exchange\":\"BAD\",\"timestamp\":\"2024-01-02T00:00:00Z\",\"sequence_number\":1,\"bid_price\":1}",
                        "element 0: symbol: required for type tick"),
                Arguments.of("wrong JSON type: number for string", tick("\"bid_price\":1,\"tape\":5"),
                        "element 0: tape: expected a string, got a number"),
                Arguments.of("wrong JSON type: string for integer",
                        tick("\"bid_price\":1").replace("\"sequence_number\":1", "\"sequence_number\":\"1\""),
                        "element 0: sequence_number: expected a non-negative integer, got a string"),
                Arguments.of("wrong JSON type: object for decimal", tick("\"bid_price\":{\"v\":1}"),
                        "element 0: bid_price: expected a decimal number, got an object"),
                Arguments.of("NaN", tick("\"last_price\":NaN,\"last_size\":1"), "element 0: last_price: not a number: NaN"),
                Arguments.of("Infinity", tick("\"ask_price\":Infinity"), "element 0: ask_price: not a number: Infinity"),
                Arguments.of("negative size", tick("\"bid_price\":1,\"bid_size\":-1"),
                        "element 0: bid_size: must not be negative, got -1"),
                Arguments.of("more than 8 decimals", tick("\"last_price\":1.123456789,\"last_size\":1"),
                        "element 0: last_price: expected a decimal with at most 8 fraction digits, got 1.123456789"),
                Arguments.of("out of DECIMAL(18,8) range", tick("\"bid_price\":12345678901"),
                        "element 0: bid_price: out of range for DECIMAL(18,8) (max 9999999999.99999999), got 12345678901"),
                Arguments.of("unparseable timestamp",
                        tick("\"bid_price\":1").replace("2024-01-02T00:00:00Z", "yesterday"),
                        "element 0: timestamp: expected an ISO-8601 timestamp like 2024-01-02T09:30:00.123456Z, got yesterday"),
                Arguments.of("timestamp without zone",
                        tick("\"bid_price\":1").replace("2024-01-02T00:00:00Z", "2024-01-02T00:00:00"),
                        "element 0: timestamp: expected an ISO-8601 timestamp with Z or an offset, got 2024-01-02T00:00:00"),
                Arguments.of("epoch in milliseconds",
                        tick("\"bid_price\":1").replace("\"2024-01-02T00:00:00Z\"", "1704153600000"),
                        "element 0: timestamp: epoch integer 1704153600000 is not in microseconds (looks like milliseconds); "
                                + "expected epoch microseconds between 1970-01-01 and 2100-01-01"),
                Arguments.of("string over its length", tick("\"bid_price\":1").replace("\"S\"", "\"" + "S".repeat(65) + "\""),
                        "element 0: symbol: longer than 64 characters (65)"),
                Arguments.of("unknown field", tick("\"bid_prize\":1"), "element 0: bid_prize: unknown field for type tick"),
                Arguments.of("field of another type", tick("\"bid_price\":1,\"order_id\":\"x\""),
                        "element 0: order_id: not a field of type tick"),
                Arguments.of("duplicate field", tick("\"bid_price\":1,\"bid_price\":2"),
                        "element 0: bid_price: appears more than once"),
                Arguments.of("tick without any price", tick(""),
                        "element 0: a tick needs at least one of bid_price, ask_price, last_price"),
                Arguments.of("trade tick without size", tick("\"last_price\":1"),
                        "element 0: last_size: required when last_price is given (a trade tick needs its size)"),
                Arguments.of("bad enum", order.replace("\"buy\"", "\"long\"") + "}",
                        "element 0: side: expected one of buy, sell, got \"long\""),
                Arguments.of("limit order without price", order.replace("\"market\"", "\"limit\"") + "}",
                        "element 0: price: required for a limit order"),
                Arguments.of("zero quantity", trade.replace("\"quantity\":1", "\"quantity\":0") + "}",
                        "element 0: quantity: must be greater than 0"),
                Arguments.of("over-long identifier", trade.replace("BT-1", "T".repeat(65)) + "}",
                        "element 0: trade_id: longer than 64 characters (65)"),
                Arguments.of("all or nothing: bad element 3 of 4",
                        "[" + tick("\"bid_price\":1") + "," + tick("\"bid_price\":1").replace("\"sequence_number\":1", "\"sequence_number\":2")
                                + "," + order + "}," + tick("\"last_price\":\"abc\",\"last_size\":1") + "]",
                        "element 3: last_price: not a number: abc"),
                Arguments.of("too many messages", "[" + String.join(",", java.util.Collections.nCopies(101, tick("\"bid_price\":1"))) + "]",
                        "frame holds more than 100 messages (ingest.max_messages_per_frame); split it"),
                Arguments.of("trailing content", tick("\"bid_price\":1") + " {}",
                        "malformed JSON: unexpected content after the frame's value: an object"),
                Arguments.of("rows: unknown field in the header", "[[\"type\",\"bid_prize\"],[\"tick\",1]]",
                        "element 0 (the header): bid_prize: unknown field"),
                Arguments.of("rows: a row shorter than the header", "[" + ROWS_HEADER + "," + row(1, "1") + ","
                                + "[\"tick\",\"BAD\",\"S\",1704153600000000,1]]",
                        "element 2: has 5 values; the header names 6"),
                Arguments.of("rows: all or nothing, bad row 3 of 3", "[" + ROWS_HEADER + "," + row(1, "1") + ","
                                + row(2, "2") + "," + row(3, "\"abc\"") + "]",
                        "element 3: bid_price: not a number: abc"));
    }

    /** A frame of rows' header and a tick row under it (exchange BAD): its sequence number and bid price. */
    static final String ROWS_HEADER = "[\"type\",\"exchange\",\"symbol\",\"timestamp\",\"sequence_number\",\"bid_price\"]";

    static String row(long sequence, String bidPrice) {
        return "[\"tick\",\"BAD\",\"S\",1704153600000000," + sequence + "," + bidPrice + "]";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFrames")
    void badInputGetsAClearErrorStoresNothingAndKeepsTheConnection(String name, String frame, String error)
            throws Exception {
        List<List<Object>> before = server.rows(TABLES_COUNT);
        try (IngestClient c = IngestClient.connect(vertx, server.port())) {
            JsonObject reply = c.request(frame);
            assertEquals("error", reply.getString("status"), reply.encode());
            String actual = reply.getString("error");
            assertTrue(actual.startsWith(error), "expected error starting with <" + error + "> but was <" + actual + ">");

            // The connection is still usable: a good frame right after is accepted.
            String good = "{\"type\":\"tick\",\"exchange\":\"GOOD\",\"symbol\":\"" + name.hashCode()
                    + "\",\"timestamp\":\"2024-01-02T00:00:00Z\",\"sequence_number\":1,\"bid_price\":1}";
            JsonObject ok = c.request(good);
            assertEquals("ok", ok.getString("status"), ok.encode());
            assertEquals(1, ok.getInteger("accepted"));
        }
        server.awaitApplied();
        List<List<Object>> after = server.rows(TABLES_COUNT);
        assertEquals((Long) before.get(0).get(0) + 1, after.get(0).get(0), "only the good tick was stored");
        assertEquals(before.get(0).get(1), after.get(0).get(1), "no order stored");
        assertEquals(before.get(0).get(2), after.get(0).get(2), "no trade stored");
        assertEquals(0, server.count("market_ticks WHERE exchange = 'BAD'"));
    }

    @Test
    void aFrameOfRowsIsStoredAsItsTicks() throws Exception {
        String rows = "[" + ROWS_HEADER + "," + row(1, "1.5") + "," + row(2, "\"2.25\"") + "," + row(3, "3") + "]";
        try (IngestClient c = IngestClient.connect(vertx, server.port())) {
            JsonObject reply = c.request(rows.replace("\"BAD\"", "\"ROWS\""));
            assertEquals("ok", reply.getString("status"), reply.encode());
            assertEquals(3, reply.getInteger("accepted"));
        }
        server.awaitApplied();
        assertEquals(List.of(List.of(1L, "1.50000000"), List.of(2L, "2.25000000"), List.of(3L, "3.00000000")),
                server.rows("SELECT sequence_number, bid_price::VARCHAR FROM market_ticks WHERE exchange = 'ROWS' ORDER BY 1"));
    }

    @Test
    void binaryFrameIsRefusedWithAReply() throws Exception {
        try (IngestClient c = IngestClient.connect(vertx, server.port())) {
            c.sendBinary(tick("\"bid_price\":1").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            JsonObject reply = c.reply();
            assertEquals("binary frames are not supported: send each frame as JSON text", reply.getString("error"));
            assertEquals("ok", c.request(tick("\"bid_price\":1").replace("BAD", "BIN")).getString("status"));
        }
    }

    @Test
    void frameOverTheSizeLimitClosesWithMessageTooBig() throws Exception {
        String huge = tick("\"bid_price\":1,\"conditions\":\"" + "x".repeat(MAX_FRAME_BYTES) + "\"");
        try (IngestClient c = IngestClient.connect(vertx, server.port())) {
            c.send(huge);
            assertEquals(1009, c.awaitClose(), "close code 1009 = message too big");
            assertEquals("frame exceeds ingest.max_frame_bytes = " + MAX_FRAME_BYTES + " (refused from its header, unread)",
                    c.closeReason());
        }
        assertEquals(0, server.count("market_ticks WHERE exchange = 'BAD'"));
        // The server is still up for everyone else.
        try (IngestClient c = IngestClient.connect(vertx, server.port())) {
            assertEquals("ok", c.request(tick("\"bid_price\":1").replace("BAD", "AFTER-HUGE")).getString("status"));
        }
    }
}

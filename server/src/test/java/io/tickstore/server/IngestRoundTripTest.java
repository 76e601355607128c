package io.tickstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each message type over a real WebSocket into a real store, and back out exactly. */
class IngestRoundTripTest {
    @TempDir
    static Path dataDir;
    static TestServer server;
    static Vertx vertx;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir);
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().await();
        server.close();
    }

    @Test
    void tickRoundTripsWithExactDecimalsOverWebSocketAndHttp() throws Exception {
        String tick = """
                {"type":"tick","exchange":"RT","symbol":"AAPL","timestamp":"2024-01-02T14:30:00.123456789Z",
                 "bid_price":189.98,"ask_price":"190.01","bid_size":300,"ask_size":0.00000001,
                 "last_price":800.01,"last_size":100.5,"volume":9999999999.99999999,
                 "sequence_number":7,"conditions":"@ T","tape":"C"}""";
        try (IngestClient c = IngestClient.connect(vertx, server.port())) {
            JsonObject ack = c.request(tick);
            assertEquals("ok", ack.getString("status"), ack.encode());
            assertEquals(1, ack.getInteger("accepted"));
            assertEquals(0, ack.getInteger("duplicates"));
            assertEquals(server.server.store().pipeline().lastJournalIndex(), ack.getLong("journal_index"));
        }
        server.awaitApplied();
        assertEquals(List.of(List.of("RT", "AAPL", LocalDateTime.parse("2024-01-02T14:30:00.123456"), "189.98",
                        "190.01", "300", "0.00000001", "800.01", "100.5", "9999999999.99999999", 7L, "@ T", "C")),
                server.rows("SELECT exchange, symbol, timestamp, bid_price, ask_price, bid_size, ask_size, last_price, "
                        + "last_size, volume, sequence_number, conditions, tape FROM market_ticks WHERE exchange = 'RT'"));

        var response = server.get("/api/v1/ticks?exchange=RT&symbol=AAPL");
        assertEquals(200, response.statusCode(), response.body());
        // Exact decimals in the JSON text itself, not via a double.
        String body = response.body();
        assertEquals("{\"exchange\":\"RT\",\"symbol\":\"AAPL\",\"ticks\":[{\"timestamp\":\"2024-01-02T14:30:00.123456Z\","
                + "\"sequence_number\":7,\"bid_price\":189.98,\"ask_price\":190.01,\"bid_size\":300,"
                + "\"ask_size\":0.00000001,\"last_price\":800.01,\"last_size\":100.5,\"volume\":9999999999.99999999,"
                + "\"conditions\":\"@ T\",\"tape\":\"C\"}],\"count\":1,\"next_cursor\":null}", body);
    }

    @Test
    void orderRoundTripsAndLaterMessagesUpdateItByOrderId() throws Exception {
        String created = """
                {"type":"order","order_id":"O-1","client_order_id":"C-1","exchange":"RT","symbol":"MSFT",
                 "strategy_id":"s1","side":"buy","order_type":"limit","time_in_force":"gtc","quantity":10.5,
                 "price":370.12345678,"status":"pending","created_at":"2024-01-02T14:30:00Z",
                 "updated_at":"2024-01-02T14:30:00Z"}""";
        String submitted = created.replace("\"pending\"", "\"submitted\"")
                .replace("\"updated_at\":\"2024-01-02T14:30:00Z\"", "\"updated_at\":\"2024-01-02T14:30:01Z\"");
        try (IngestClient c = IngestClient.connect(vertx, server.port())) {
            assertAck(c.request(created), 1, 0);
            assertAck(c.request(submitted), 1, 0);
            // The same update again changes nothing: a duplicate.
            assertAck(c.request(submitted), 0, 1);
        }
        server.awaitApplied();
        assertEquals(List.of(List.of("O-1", "C-1", "RT", "MSFT", "s1", "buy", "limit", "gtc", "10.5", "370.12345678",
                        "submitted", "0", LocalDateTime.parse("2024-01-02T14:30"),
                        LocalDateTime.parse("2024-01-02T14:30:01"))),
                server.rows("SELECT order_id, client_order_id, exchange, symbol, strategy_id, side, order_type, "
                        + "time_in_force, quantity, price, status, filled_quantity, created_at, updated_at "
                        + "FROM orders WHERE order_id = 'O-1'"));
    }

    @Test
    void orderUpdateWithoutOptionalFieldsKeepsThem() throws Exception {
        try (IngestClient c = IngestClient.connect(vertx, server.port())) {
            assertAck(c.request("""
                    {"type":"order","order_id":"O-2","exchange":"RT","symbol":"MSFT","side":"sell","order_type":"stop_limit",
                     "quantity":1,"price":99.5,"stop_price":100,"status":"submitted","strategy_id":"keep-me"}"""), 1, 0);
            assertAck(c.request("""
                    {"type":"order","order_id":"O-2","exchange":"RT","symbol":"MSFT","side":"sell","order_type":"stop_limit",
                     "quantity":1,"price":99.5,"stop_price":100,"status":"cancelled"}"""), 1, 0);
        }
        server.awaitApplied();
        assertEquals(List.of(List.of("cancelled", "keep-me", "day", "100")),
                server.rows("SELECT status, strategy_id, time_in_force, stop_price FROM orders WHERE order_id = 'O-2'"));
    }

    @Test
    void tradeRoundTripsAndIsKeyedByTradeId() throws Exception {
        String order = """
                {"type":"order","order_id":"O-T","exchange":"RT","symbol":"MSFT","strategy_id":"s1","side":"buy",
                 "order_type":"market","quantity":10,"status":"submitted"}""";
        String trade = """
                {"type":"trade","trade_id":"T-1","order_id":"O-T","exchange":"RT","symbol":"MSFT","side":"buy",
                 "quantity":2.25,"price":370.1,"executed_at":1704205800123456,"commission":-0.01,"fees":0.0001,
                 "exchange_trade_id":"X-9","liquidity":"maker","strategy_id":"s1"}""";
        try (IngestClient c = IngestClient.connect(vertx, server.port())) {
            assertAck(c.request(order), 1, 0);
            assertAck(c.request(trade), 1, 0);
            assertAck(c.request(trade.replace("2.25", "3")), 0, 1); // same trade_id: not stored again
        }
        server.awaitApplied();
        assertEquals(List.of(List.of("T-1", "O-T", "RT", "MSFT", "s1", "buy", "2.25", "370.1",
                        LocalDateTime.parse("2024-01-02T14:30:00.123456"), "-0.01", "0.0001", "X-9", "maker")),
                server.rows("SELECT trade_id, order_id, exchange, symbol, strategy_id, side, quantity, price, "
                        + "executed_at, commission, fees, exchange_trade_id, liquidity FROM trades WHERE trade_id = 'T-1'"));
    }

    @Test
    void resentFramesAreCountedAsDuplicatesAndStoredOnce() throws Exception {
        JsonArray frame = new JsonArray();
        for (int i = 1; i <= 3; i++) {
            frame.add(new JsonObject().put("type", "tick").put("exchange", "DUP").put("symbol", "X")
                    .put("timestamp", "2024-01-02T00:00:0" + i + "Z").put("bid_price", "1.5").put("sequence_number", i));
        }
        try (IngestClient c = IngestClient.connect(vertx, server.port())) {
            assertAck(c.request(frame.encode()), 3, 0);
        }
        // A reconnecting feed re-sends its last frame, plus one new tick.
        frame.add(new JsonObject().put("type", "tick").put("exchange", "DUP").put("symbol", "X")
                .put("timestamp", "2024-01-02T00:00:04Z").put("bid_price", "1.5").put("sequence_number", 4));
        try (IngestClient c = IngestClient.connect(vertx, server.port())) {
            assertAck(c.request(frame.encode()), 1, 3);
            assertAck(c.request(frame.encode()), 0, 4);
        }
        server.awaitApplied();
        assertEquals(List.of(List.of(4L, 4L)),
                server.rows("SELECT count(*), count(DISTINCT sequence_number) FROM market_ticks WHERE exchange = 'DUP'"));
    }

    @Test
    void duplicateWithinOneFrameIsCountedOnce() throws Exception {
        String t = "{\"type\":\"tick\",\"exchange\":\"DUP1\",\"symbol\":\"Y\",\"timestamp\":\"2024-01-02T00:00:00Z\","
                + "\"ask_price\":2,\"sequence_number\":1}";
        try (IngestClient c = IngestClient.connect(vertx, server.port())) {
            assertAck(c.request("[" + t + "," + t + "]"), 1, 1);
        }
        server.awaitApplied();
        assertEquals(1, server.count("market_ticks WHERE exchange = 'DUP1'"));
    }

    @Test
    void mixedFrameOfAllTypesIsStoredTogether() throws Exception {
        String frame = """
                [{"type":"tick","exchange":"MIX","symbol":"Z","timestamp":"2024-01-02T00:00:00Z","last_price":1,"last_size":1,"sequence_number":1},
                 {"type":"order","order_id":"MIX-O","exchange":"MIX","symbol":"Z","side":"buy","order_type":"market","quantity":1,"status":"submitted"},
                 {"type":"trade","trade_id":"MIX-T","order_id":"MIX-O","exchange":"MIX","symbol":"Z","side":"buy","quantity":1,"price":1,"executed_at":"2024-01-02T00:00:00Z"}]""";
        try (IngestClient c = IngestClient.connect(vertx, server.port())) {
            assertAck(c.request(frame), 3, 0);
        }
        server.awaitApplied();
        assertEquals(1, server.count("market_ticks WHERE exchange = 'MIX'"));
        assertEquals(1, server.count("orders WHERE exchange = 'MIX'"));
        assertEquals(1, server.count("trades WHERE exchange = 'MIX'"));
    }

    @Test
    void repliesComeInFrameOrderEvenWhenErrorsAreInterleaved() throws Exception {
        int frames = 60;
        try (IngestClient c = IngestClient.connect(vertx, server.port())) {
            for (int f = 0; f < frames; f++) {
                if (f % 7 == 3) {
                    c.send("{\"type\":\"tick\",\"exchange\":\"ORD\",\"symbol\":\"S\",\"timestamp\":\"bad-" + f
                            + "\",\"bid_price\":1,\"sequence_number\":1}");
                    continue;
                }
                JsonArray frame = new JsonArray();
                int n = f % 5 + 1;
                for (int i = 0; i < n; i++) {
                    frame.add(new JsonObject().put("type", "tick").put("exchange", "ORD").put("symbol", "S" + f)
                            .put("timestamp", "2024-01-02T00:00:00Z").put("bid_price", 1).put("sequence_number", i));
                }
                c.send(frame.encode());
            }
            for (int f = 0; f < frames; f++) {
                JsonObject reply = c.reply();
                if (f % 7 == 3) {
                    assertEquals("error", reply.getString("status"), "frame " + f + ": " + reply.encode());
                    assertEquals(true, reply.getString("error").contains("bad-" + f), reply.encode());
                } else {
                    assertEquals("ok", reply.getString("status"), "frame " + f + ": " + reply.encode());
                    assertEquals(f % 5 + 1, reply.getInteger("accepted"), "frame " + f);
                }
            }
        }
    }

    static void assertAck(JsonObject ack, int accepted, int duplicates) {
        assertEquals("ok", ack.getString("status"), ack.encode());
        assertEquals(accepted, ack.getInteger("accepted"), ack.encode());
        assertEquals(duplicates, ack.getInteger("duplicates"), ack.encode());
    }
}

package io.tickstore.server;

import static io.tickstore.server.JsonRows.ok;
import static io.tickstore.server.StreamClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code orders} and {@code positions} channels of {@code /ws/stream} against a real server:
 * after each commit an order's new state and a position's new state are pushed, equal to the stored
 * rows and to what the HTTP API returns; filters on exchange, symbol and strategy_id select what is
 * pushed; overlapping filters push a change once; unsubscribe stops pushes. No timed assertions:
 * "nothing else was pushed" is checked against a later marker push on the same connection.
 */
class OrderPositionStreamTest {
    private static final String ORDER_COLUMNS = "order_id, client_order_id, exchange, symbol, strategy_id, side, "
            + "order_type, time_in_force, quantity, price, stop_price, status, filled_quantity, average_fill_price, "
            + "created_at, updated_at";
    private static final String POSITION_COLUMNS = "exchange, symbol, strategy_id, side, quantity, average_entry_price, "
            + "realized_pnl, fees, fill_count, last_fill_price, updated_at";

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

    private static String order(String exchange, String id, String symbol, String strategy, String side, String qty,
                                String status) {
        return "{\"type\":\"order\",\"order_id\":\"" + id + "\",\"exchange\":\"" + exchange + "\",\"symbol\":\"" + symbol + "\""
                + (strategy == null ? "" : ",\"strategy_id\":\"" + strategy + "\"") + ",\"side\":\"" + side
                + "\",\"order_type\":\"limit\",\"quantity\":" + qty + ",\"price\":10,\"status\":\"" + status + "\"}";
    }

    private static String fill(String exchange, String id, String orderId, String symbol, String side, String qty,
                               String price) {
        return OrdersQueryTest.fill(exchange, id, orderId, symbol, side, qty, price, "12:00:00", ",\"fees\":0.1");
    }

    private static void ingest(IngestClient in, String frame) throws Exception {
        JsonObject ack = in.request(frame);
        assertEquals("ok", ack.getString("status"), frame + " -> " + ack.encode());
        server.awaitApplied();
    }

    private static void subscribe(StreamClient s, String filters) throws Exception {
        Map<String, Object> r = s.request("{\"op\":\"subscribe\"," + filters + "}");
        assertEquals("subscribed", r.get("type"), (String) r.get("_raw"));
    }

    private static boolean isOrder(Map<String, Object> m, String id) {
        return "order".equals(m.get("type")) && id.equals(obj(m, "order").get("order_id"));
    }

    private static boolean isPosition(Map<String, Object> m, String exchange, String symbol) {
        return "position".equals(m.get("type")) && exchange.equals(obj(m, "position").get("exchange"))
                && symbol.equals(obj(m, "position").get("symbol"));
    }

    /** "order ID" / "position EXCHANGE SYMBOL STRATEGY" of each push so far. */
    private static List<String> kinds(StreamClient s) {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> m : s.pushes()) {
            if ("order".equals(m.get("type"))) {
                out.add("order " + obj(m, "order").get("order_id"));
            } else if ("position".equals(m.get("type"))) {
                Map<String, Object> p = obj(m, "position");
                out.add("position " + p.get("exchange") + " " + p.get("symbol") + " " + p.get("strategy_id"));
            } else {
                out.add(String.valueOf(m.get("type")));
            }
        }
        return out;
    }

    private static List<Object> orderRow(String id) throws Exception {
        return server.rows("SELECT " + ORDER_COLUMNS + " FROM orders WHERE order_id = '" + id + "'").get(0);
    }

    private static List<Object> positionRow(String exchange, String symbol) throws Exception {
        return server.rows("SELECT " + POSITION_COLUMNS + " FROM positions WHERE exchange = '" + exchange
                + "' AND symbol = '" + symbol + "'").get(0);
    }

    @Test
    void eachCommitsOrderAndPositionStatesArePushedAsStored() throws Exception {
        try (StreamClient s = StreamClient.connect(vertx, server.port());
             IngestClient in = IngestClient.connect(vertx, server.port())) {
            subscribe(s, "\"channel\":\"orders\",\"exchange\":\"SQ\"");
            subscribe(s, "\"channel\":\"positions\",\"exchange\":\"SQ\"");
            String[][] steps = {
                    {order("SQ", "L-1", "AAA", "s1", "buy", "10", "pending"), "pending"},
                    {order("SQ", "L-1", "AAA", "s1", "buy", "10", "submitted"), "submitted"},
                    {fill("SQ", "L-F1", "L-1", "AAA", "buy", "4", "10.5"), "partial"},
                    {fill("SQ", "L-F2", "L-1", "AAA", "buy", "6", "11"), "filled"}};
            int fills = 0;
            for (String[] step : steps) {
                ingest(in, step[0]);
                Map<String, Object> push = s.awaitPush("order L-1 " + step[1], m -> isOrder(m, "L-1"));
                assertEquals(step[1], obj(push, "order").get("status"), (String) push.get("_raw"));
                JsonRows.assertSame(orderRow("L-1"), obj(push, "order"));
                // The same JSON as GET /api/v1/orders/L-1.
                assertEquals(ok(server, "/api/v1/orders/L-1").get("order"), obj(push, "order"));
                if (step[0].contains("\"trade\"")) {
                    fills++;
                    Map<String, Object> position = s.awaitPush("position SQ AAA", m -> isPosition(m, "SQ", "AAA"));
                    JsonRows.assertSame(positionRow("SQ", "AAA"), obj(position, "position"));
                    assertEquals(new java.math.BigDecimal(fills), obj(position, "position").get("fill_count"));
                    Map<String, Object> http = new LinkedHashMap<>(JsonRows.list(
                            ok(server, "/api/v1/positions?exchange=SQ&symbol=AAA"), "positions").get(0));
                    http.keySet().retainAll(obj(position, "position").keySet());
                    assertEquals(http, obj(position, "position"));
                }
            }
            // One push per state: every commit above held one change of the order.
            assertEquals(List.of("order L-1", "order L-1", "order L-1", "position SQ AAA s1", "order L-1",
                    "position SQ AAA s1"), kinds(s));
            assertEquals("{\"type\":\"position\",\"position\":{\"exchange\":\"SQ\",\"symbol\":\"AAA\",\"strategy_id\":\"s1\","
                    + "\"side\":\"long\",\"quantity\":10,\"average_entry_price\":10.8,\"realized_pnl\":-0.2,\"fees\":0.2,"
                    + "\"fill_count\":2,\"last_fill_price\":11,\"updated_at\":\"2024-01-02T12:00:00Z\"}}",
                    s.pushes().get(5).get("_raw"));
        }
    }

    @Test
    void anOrderCreatedAndFilledInOneFrameEndsInItsStoredState() throws Exception {
        try (StreamClient s = StreamClient.connect(vertx, server.port());
             IngestClient in = IngestClient.connect(vertx, server.port())) {
            subscribe(s, "\"channel\":\"orders\",\"exchange\":\"SQF\"");
            ingest(in, "[" + order("SQF", "N-1", "AAA", null, "sell", "2", "submitted") + ","
                    + fill("SQF", "N-F1", "N-1", "AAA", "sell", "2", "9.5") + "]");
            Map<String, Object> last = s.awaitPush("N-1 filled", m -> isOrder(m, "N-1")
                    && "filled".equals(obj(m, "order").get("status")));
            JsonRows.assertSame(orderRow("N-1"), obj(last, "order"));
        }
    }

    @Test
    void filtersSelectByExchangeSymbolAndStrategy() throws Exception {
        try (StreamClient bySymbol = StreamClient.connect(vertx, server.port());
             StreamClient byStrategy = StreamClient.connect(vertx, server.port());
             StreamClient noStrategy = StreamClient.connect(vertx, server.port());
             StreamClient byExchange = StreamClient.connect(vertx, server.port());
             IngestClient in = IngestClient.connect(vertx, server.port())) {
            subscribe(bySymbol, "\"channel\":\"orders\",\"exchange\":\"FX\",\"symbol\":\"AAA\"");
            subscribe(byStrategy, "\"channel\":\"positions\",\"strategy_id\":\"s2\"");
            subscribe(noStrategy, "\"channel\":\"orders\",\"exchange\":\"FX\",\"strategy_id\":\"\"");
            subscribe(byExchange, "\"channel\":\"positions\",\"exchange\":\"FX2\"");

            ingest(in, "[" + order("FX", "X-1", "BBB", "s1", "buy", "1", "submitted") + ","
                    + fill("FX", "X-F1", "X-1", "BBB", "buy", "1", "5") + "]");
            ingest(in, "[" + order("FX", "X-2", "AAA", "s2", "buy", "1", "submitted") + ","
                    + fill("FX", "X-F2", "X-2", "AAA", "buy", "1", "5") + "]");
            ingest(in, "[" + order("FX", "X-3", "AAA", null, "sell", "1", "submitted") + ","
                    + fill("FX", "X-F3", "X-3", "AAA", "sell", "1", "5") + "]");
            ingest(in, "[" + order("FX2", "X-4", "AAA", "s1", "buy", "1", "submitted") + ","
                    + fill("FX2", "X-F4", "X-4", "AAA", "buy", "1", "5") + "]");
            // Markers, last: each connection sees its marker after anything earlier it was sent.
            ingest(in, "[" + order("FX", "M-1", "AAA", null, "buy", "1", "submitted") + ","
                    + order("FXM", "M-2", "MMM", "s2", "buy", "1", "submitted") + ","
                    + fill("FXM", "M-F2", "M-2", "MMM", "buy", "1", "1") + ","
                    + order("FX2", "M-3", "MMM", "s9", "buy", "1", "submitted") + ","
                    + fill("FX2", "M-F3", "M-3", "MMM", "buy", "1", "1") + "]");
            bySymbol.awaitPush("marker", m -> isOrder(m, "M-1"));
            byStrategy.awaitPush("marker", m -> isPosition(m, "FXM", "MMM"));
            noStrategy.awaitPush("marker", m -> isOrder(m, "M-1"));
            byExchange.awaitPush("marker", m -> isPosition(m, "FX2", "MMM"));

            assertEquals(List.of("order X-2", "order X-3", "order M-1"), kinds(bySymbol));
            assertEquals(List.of("position FX AAA s2", "position FXM MMM s2"), kinds(byStrategy));
            assertEquals(List.of("order X-3", "order M-1"), kinds(noStrategy));
            assertEquals(List.of("position FX2 AAA s1", "position FX2 MMM s9"), kinds(byExchange));
        }
    }

    @Test
    void overlappingFiltersPushEachChangeOnce() throws Exception {
        try (StreamClient s = StreamClient.connect(vertx, server.port());
             IngestClient in = IngestClient.connect(vertx, server.port())) {
            subscribe(s, "\"channel\":\"orders\"");
            subscribe(s, "\"channel\":\"orders\",\"exchange\":\"OV\"");
            subscribe(s, "\"channel\":\"orders\",\"exchange\":\"OV\",\"symbol\":\"AAA\",\"strategy_id\":\"s\"");
            subscribe(s, "\"channel\":\"positions\"");
            subscribe(s, "\"channel\":\"positions\",\"symbol\":\"AAA\"");
            // Subscribing again to a held filter is not a second subscription.
            subscribe(s, "\"channel\":\"orders\",\"exchange\":\"OV\"");
            ingest(in, order("OV", "V-1", "AAA", "s", "buy", "2", "submitted"));
            ingest(in, fill("OV", "V-F1", "V-1", "AAA", "buy", "2", "3"));
            ingest(in, order("OV", "V-M", "ZZZ", null, "buy", "1", "pending"));
            s.awaitPush("marker", m -> isOrder(m, "V-M"));
            assertEquals(List.of("order V-1", "order V-1", "position OV AAA s", "order V-M"), kinds(s));
        }
    }

    @Test
    void unsubscribeStopsThatFiltersPushes() throws Exception {
        try (StreamClient s = StreamClient.connect(vertx, server.port());
             IngestClient in = IngestClient.connect(vertx, server.port())) {
            subscribe(s, "\"channel\":\"orders\",\"symbol\":\"UUU\"");
            subscribe(s, "\"channel\":\"orders\",\"symbol\":\"MARK\"");
            subscribe(s, "\"channel\":\"positions\",\"exchange\":\"UN\",\"symbol\":\"UUU\"");
            ingest(in, order("UN", "U-1", "UUU", null, "buy", "2", "submitted"));
            s.awaitPush("U-1", m -> isOrder(m, "U-1"));
            assertEquals("{\"type\":\"unsubscribed\",\"channel\":\"orders\",\"symbol\":\"UUU\"}",
                    s.request("{\"op\":\"unsubscribe\",\"channel\":\"orders\",\"symbol\":\"UUU\"}").get("_raw"));
            assertEquals("subscription: not subscribed to orders symbol=UUU",
                    s.request("{\"op\":\"unsubscribe\",\"channel\":\"orders\",\"symbol\":\"UUU\"}").get("error"));
            ingest(in, fill("UN", "U-F1", "U-1", "UUU", "buy", "1", "4"));
            ingest(in, order("UN", "U-M", "MARK", null, "buy", "1", "pending"));
            s.awaitPush("marker", m -> isOrder(m, "U-M"));
            // The fill's position still comes (another subscription); the order's new state does not.
            assertEquals(List.of("order U-1", "position UN UUU ", "order U-M"), kinds(s));
        }
    }

    @Test
    void opsOfTheNewChannelsAreValidatedAndEchoed() throws Exception {
        try (StreamClient s = StreamClient.connect(vertx, server.port())) {
            assertEquals("{\"type\":\"subscribed\",\"channel\":\"positions\",\"exchange\":\"E\",\"symbol\":\"S\",\"strategy_id\":\"\"}",
                    s.request("{\"op\":\"subscribe\",\"channel\":\"Positions\",\"exchange\":\"E\",\"symbol\":\"S\",\"strategy_id\":\"\"}")
                            .get("_raw"));
            assertEquals("{\"type\":\"subscribed\",\"channel\":\"orders\"}",
                    s.request("{\"op\":\"subscribe\",\"channel\":\"orders\"}").get("_raw"));
            List<List<String>> cases = List.of(
                    List.of("{\"op\":\"subscribe\",\"channel\":\"orders\",\"timeframe\":\"1m\"}",
                            "timeframe: not a field of channel orders"),
                    List.of("{\"op\":\"subscribe\",\"channel\":\"ticks\",\"exchange\":\"E\",\"symbol\":\"S\",\"strategy_id\":\"s\"}",
                            "strategy_id: not a field of channel ticks"),
                    List.of("{\"op\":\"subscribe\",\"channel\":\"orders\",\"exchange\":\"\"}", "exchange: must not be empty"),
                    List.of("{\"op\":\"subscribe\",\"channel\":\"positions\",\"symbol\":\"" + "y".repeat(65) + "\"}",
                            "symbol: longer than 64 characters"),
                    List.of("{\"op\":\"subscribe\",\"channel\":\"positions\",\"strategy_id\":\"" + "y".repeat(65) + "\"}",
                            "strategy_id: longer than 64 characters"),
                    List.of("{\"op\":\"subscribe\",\"channel\":\"orders\",\"strategy_id\":7}",
                            "strategy_id: expected a string, got a number"),
                    List.of("{\"op\":\"subscribe\",\"channel\":\"orders\",\"strategy_id\":\"a\\u0001\"}",
                            "strategy_id: must not contain control characters"),
                    List.of("{\"op\":\"subscribe\",\"channel\":\"orders\",\"order_id\":\"O-1\"}",
                            "order_id: unknown field (expected op, channel, exchange, symbol, timeframe, strategy_id)"),
                    List.of("{\"op\":\"unsubscribe\",\"channel\":\"positions\"}",
                            "subscription: not subscribed to positions (all)"));
            for (List<String> c : cases) {
                Map<String, Object> r = s.request(c.get(0));
                assertEquals("error", r.get("type"), c.get(0) + " -> " + r.get("_raw"));
                assertEquals(c.get(1), r.get("error"), c.get(0));
            }
            assertTrue(s.pushes().isEmpty());
        }
    }
}

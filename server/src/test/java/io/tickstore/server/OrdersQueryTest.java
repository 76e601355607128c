package io.tickstore.server;

import static io.tickstore.server.JsonRows.field;
import static io.tickstore.server.JsonRows.list;
import static io.tickstore.server.JsonRows.ok;
import static io.tickstore.server.JsonRows.pageThrough;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code GET /api/v1/orders/{order_id}}, {@code /api/v1/orders} and {@code /api/v1/trades} against a
 * real server fed whole order life cycles over a real WebSocket (create → submit → partial fills →
 * filled; a cancel after a partial fill; a rejected order): every reply equals the stored rows and
 * the values worked out by hand; filters, ranges and paging; a 400 naming each bad parameter.
 */
class OrdersQueryTest {
    private static final String ORDER_COLUMNS = "order_id, client_order_id, exchange, symbol, strategy_id, side, "
            + "order_type, time_in_force, quantity, price, stop_price, status, filled_quantity, average_fill_price, "
            + "created_at, updated_at";
    private static final String TRADE_COLUMNS = "trade_id, order_id, exchange, symbol, strategy_id, side, quantity, "
            + "price, executed_at, commission, fees, exchange_trade_id, liquidity";

    /** Orders created before those of the paging test. */
    private static final String BEFORE_PAGING_TEST = "to=2024-01-04T00:00:00Z";

    @TempDir
    static Path dataDir;
    static TestServer server;
    static Vertx vertx;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir);
        vertx = Vertx.vertx();
        try (IngestClient c = IngestClient.connect(vertx, server.port())) {
            // created, submitted, two partial fills, filled.
            accepted(c, order("OQ", "A-1", "AAA", "alpha", "buy", "10", "pending", "10:00:00", "10:00:00"));
            accepted(c, order("OQ", "A-1", "AAA", "alpha", "buy", "10", "submitted", "10:00:00", "10:00:00.5"));
            accepted(c, fill("OQ", "A-F1", "A-1", "AAA", "buy", "4", "100.5", "10:00:01", ",\"fees\":0.01,\"liquidity\":\"maker\""));
            accepted(c, fill("OQ", "A-F2", "A-1", "AAA", "buy", "6", "101", "10:00:02",
                    ",\"commission\":0.5,\"fees\":0.02,\"exchange_trade_id\":\"X-9\""));
            // B-1: submitted, a partial fill, cancelled.
            accepted(c, order("OQ", "B-1", "BBB", "beta", "sell", "5", "submitted", "10:00:03", "10:00:03"));
            accepted(c, fill("OQ", "B-F1", "B-1", "BBB", "sell", "2", "50", "10:00:04", ""));
            accepted(c, order("OQ", "B-1", "BBB", "beta", "sell", "5", "cancelled", "10:00:03", "10:00:05"));
            // C-1: no strategy, pending then rejected.
            accepted(c, order("OQ", "C-1", "CCC", null, "buy", "1", "pending", "10:00:05", "10:00:05"));
            accepted(c, order("OQ", "C-1", "CCC", null, "buy", "1", "rejected", "10:00:05", "10:00:06"));
            // D-1: another exchange, a day later; two fills at the same instant, sent in the order D-F2, D-F1.
            accepted(c, order("OQ2", "D-1", "AAA", "alpha", "buy", "3", "submitted", "2024-01-03T09:00:00Z", "2024-01-03T09:00:00Z"));
            accepted(c, fill("OQ2", "D-F2", "D-1", "AAA", "buy", "1", "7", "2024-01-03T09:00:01Z", ""));
            accepted(c, fill("OQ2", "D-F1", "D-1", "AAA", "buy", "1", "8", "2024-01-03T09:00:01Z", ""));
        }
        server.awaitApplied();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().await();
        server.close();
    }

    /** A time-of-day on 2024-01-02, or a whole ISO timestamp. */
    private static String at(String time) {
        return time.length() > 12 ? time : "2024-01-02T" + time + "Z";
    }

    static String order(String exchange, String id, String symbol, String strategy, String side, String qty,
                        String status, String createdAt, String updatedAt) {
        return "{\"type\":\"order\",\"order_id\":\"" + id + "\",\"client_order_id\":\"c-" + id + "\",\"exchange\":\""
                + exchange + "\",\"symbol\":\"" + symbol + "\"" + (strategy == null ? "" : ",\"strategy_id\":\"" + strategy + "\"")
                + ",\"side\":\"" + side + "\",\"order_type\":\"limit\",\"quantity\":" + qty + ",\"price\":100,\"status\":\""
                + status + "\",\"created_at\":\"" + at(createdAt) + "\",\"updated_at\":\"" + at(updatedAt) + "\"}";
    }

    static String fill(String exchange, String id, String orderId, String symbol, String side, String qty, String price,
                       String executedAt, String extra) {
        return "{\"type\":\"trade\",\"trade_id\":\"" + id + "\",\"order_id\":\"" + orderId + "\",\"exchange\":\""
                + exchange + "\",\"symbol\":\"" + symbol + "\",\"side\":\"" + side + "\",\"quantity\":" + qty
                + ",\"price\":" + price + ",\"executed_at\":\"" + at(executedAt) + "\"" + extra + "}";
    }

    static void accepted(IngestClient c, String frame) throws InterruptedException {
        JsonObject ack = c.request(frame);
        assertEquals("ok", ack.getString("status"), frame + " -> " + ack.encode());
        assertEquals(1, ack.getInteger("accepted"), frame + " -> " + ack.encode());
    }

    private static List<Object> orderRow(String id) throws Exception {
        List<List<Object>> rows = server.rows("SELECT " + ORDER_COLUMNS + " FROM orders WHERE order_id = '" + id + "'");
        assertEquals(1, rows.size(), id);
        return rows.get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> one(String id) throws Exception {
        Map<String, Object> body = ok(server, "/api/v1/orders/" + id);
        assertEquals(List.of("order", "_raw"), List.copyOf(body.keySet()));
        return (Map<String, Object>) body.get("order");
    }

    @Test
    void oneOrderIsItsStoredRowExactly() throws Exception {
        assertEquals("{\"order\":{\"order_id\":\"A-1\",\"client_order_id\":\"c-A-1\",\"exchange\":\"OQ\",\"symbol\":\"AAA\","
                        + "\"strategy_id\":\"alpha\",\"side\":\"buy\",\"order_type\":\"limit\",\"time_in_force\":\"day\","
                        + "\"quantity\":10,\"price\":100,\"stop_price\":null,\"status\":\"filled\",\"filled_quantity\":10,"
                        + "\"average_fill_price\":100.8,\"created_at\":\"2024-01-02T10:00:00Z\","
                        + "\"updated_at\":\"2024-01-02T10:00:02Z\"}}",
                server.get("/api/v1/orders/A-1").body());
        for (String id : List.of("A-1", "B-1", "C-1", "D-1")) {
            JsonRows.assertSame(orderRow(id), one(id));
        }
        // Cancelled after a partial fill: the fill stays; rejected: never filled, no strategy.
        Map<String, Object> b = one("B-1");
        assertEquals(List.of("cancelled", "2", "50", "2024-01-02T10:00:05Z"),
                List.of(b.get("status"), JsonRows.text(b.get("filled_quantity")), JsonRows.text(b.get("average_fill_price")),
                        b.get("updated_at")));
        Map<String, Object> c = one("C-1");
        assertEquals(java.util.Arrays.asList("rejected", "0", null, null),
                java.util.Arrays.asList(c.get("status"), JsonRows.text(c.get("filled_quantity")),
                        c.get("average_fill_price"), c.get("strategy_id")));
        // Two fills at one instant: average (1 × 7 + 1 × 8) / 2.
        assertEquals("7.5", JsonRows.text(one("D-1").get("average_fill_price")));
    }

    @Test
    void anUnknownOrderIs404NamingIt() throws Exception {
        HttpResponse<String> r = server.get("/api/v1/orders/NOPE-1");
        assertEquals(404, r.statusCode(), r.body());
        assertEquals("{\"error\":\"no order NOPE-1\",\"parameter\":\"order_id\"}", r.body());
        // Path characters are decoded: an id with a space or a colon is looked up as such.
        assertEquals(404, server.get("/api/v1/orders/A%201").statusCode());
    }

    @Test
    void listsAreInCreationOrderAndEqualTheStoredRows() throws Exception {
        List<Map<String, Object>> all = list(ok(server, "/api/v1/orders?" + BEFORE_PAGING_TEST), "orders");
        assertEquals(List.of("A-1", "B-1", "C-1", "D-1"), field(all, "order_id"));
        for (Map<String, Object> o : all) {
            JsonRows.assertSame(orderRow((String) o.get("order_id")), o);
        }
        assertEquals(List.of("A-1", "B-1", "C-1"), ids("exchange=OQ"));
        assertEquals(List.of("A-1", "D-1"), ids("symbol=AAA"));
        assertEquals(List.of("A-1"), ids("exchange=OQ&symbol=AAA"));
        assertEquals(List.of("A-1", "D-1"), ids("strategy_id=alpha"));
        assertEquals(List.of("C-1"), ids("strategy_id="), "an empty strategy_id: orders without one");
        assertEquals(List.of(), ids("exchange=NOPE"));
    }

    @Test
    void statusFiltersTakeAListInAnyLetterCase() throws Exception {
        assertEquals(List.of("A-1"), ids("status=filled"));
        assertEquals(List.of("B-1", "C-1"), ids("status=cancelled,REJECTED"));
        assertEquals(List.of("D-1"), ids("status=partial,submitted,pending"));
        assertEquals(List.of("A-1"), ids("status=filled,filled"));
    }

    @Test
    void fromAndToFilterOnCreatedAt() throws Exception {
        assertEquals(List.of("B-1", "C-1", "D-1"), ids("from=2024-01-02T10:00:03Z"), "from is inclusive");
        assertEquals(List.of("A-1"), ids("to=2024-01-02T10:00:03Z"), "to is exclusive");
        assertEquals(List.of("B-1"), ids("from=2024-01-02T10:00:01Z&to=1704189605000000"), "epoch microseconds");
        assertEquals(List.of("D-1"), ids("from=2024-01-03T00:00:00Z"));
    }

    @Test
    void pagesFollowTheCursorWithoutSkipsOrRepeatsWhileOrdersChange() throws Exception {
        for (int limit = 1; limit <= 4; limit++) {
            assertEquals(List.of("A-1", "B-1", "C-1", "D-1"),
                    field(pageThrough(server, "/api/v1/orders?" + BEFORE_PAGING_TEST, "orders", limit), "order_id"),
                    "limit " + limit);
        }
        // An order updated between two pages keeps its place: the cursor is (created_at, order_id).
        try (IngestClient c = IngestClient.connect(vertx, server.port())) {
            accepted(c, order("OQP", "P-2", "PPP", null, "buy", "1", "pending", "2024-01-05T11:00:00Z", "2024-01-05T11:00:00Z"));
            accepted(c, order("OQP", "P-1", "PPP", null, "buy", "1", "pending", "2024-01-05T11:00:00Z", "2024-01-05T11:00:00Z"));
            accepted(c, order("OQP", "P-3", "PPP", null, "buy", "1", "pending", "2024-01-05T11:00:01Z", "2024-01-05T11:00:01Z"));
            server.awaitApplied();
            Map<String, Object> first = ok(server, "/api/v1/orders?exchange=OQP&limit=1");
            assertEquals(List.of("P-1"), field(list(first, "orders"), "order_id"), "ties by order_id");
            accepted(c, order("OQP", "P-1", "PPP", null, "buy", "2", "submitted", "2024-01-05T11:00:00Z", "2024-01-05T11:00:02Z"));
            accepted(c, order("OQP", "P-2", "PPP", null, "buy", "2", "submitted", "2024-01-05T11:00:00Z", "2024-01-05T11:00:02Z"));
            server.awaitApplied();
            List<String> rest = new ArrayList<>();
            String cursor = (String) first.get("next_cursor");
            while (cursor != null) {
                Map<String, Object> page = ok(server, "/api/v1/orders?exchange=OQP&limit=1&cursor=" + cursor);
                list(page, "orders").forEach(o -> rest.add((String) o.get("order_id")));
                cursor = (String) page.get("next_cursor");
            }
            assertEquals(List.of("P-2", "P-3"), rest);
        }
    }

    @Test
    void tradesOfAnOrderAreItsFillsInExecutionOrder() throws Exception {
        List<Map<String, Object>> trades = list(ok(server, "/api/v1/trades?order_id=A-1"), "trades");
        assertEquals(List.of("A-F1", "A-F2"), field(trades, "trade_id"));
        assertEquals("{\"trade_id\":\"A-F2\",\"order_id\":\"A-1\",\"exchange\":\"OQ\",\"symbol\":\"AAA\",\"strategy_id\":\"alpha\","
                        + "\"side\":\"buy\",\"quantity\":6,\"price\":101,\"executed_at\":\"2024-01-02T10:00:02Z\","
                        + "\"commission\":0.5,\"fees\":0.02,\"exchange_trade_id\":\"X-9\",\"liquidity\":null}",
                rawItem(server.get("/api/v1/trades?order_id=A-1").body(), 1));
        List<List<Object>> rows = server.rows("SELECT " + TRADE_COLUMNS + " FROM trades ORDER BY executed_at, journal_index");
        List<Map<String, Object>> all = list(ok(server, "/api/v1/trades"), "trades");
        assertEquals(rows.size(), all.size());
        for (int i = 0; i < rows.size(); i++) {
            JsonRows.assertSame(rows.get(i), all.get(i));
        }
        // The fill took the order's strategy; ties at one instant keep arrival order.
        assertEquals(List.of("D-F2", "D-F1"), field(list(ok(server, "/api/v1/trades?order_id=D-1"), "trades"), "trade_id"));
        assertEquals(List.of("alpha", "alpha"), field(list(ok(server, "/api/v1/trades?order_id=D-1"), "trades"),
                "strategy_id"));
    }

    @Test
    void tradeFiltersRangesAndPages() throws Exception {
        assertEquals(List.of("B-F1"), tradeIds("symbol=BBB"));
        assertEquals(List.of("A-F1", "A-F2", "B-F1"), tradeIds("exchange=OQ"));
        assertEquals(List.of("A-F1", "A-F2", "D-F2", "D-F1"), tradeIds("strategy_id=alpha"));
        assertEquals(List.of("A-F1", "A-F2"), tradeIds("symbol=AAA&order_id=A-1"));
        assertEquals(List.of(), tradeIds("symbol=BBB&order_id=A-1"));
        assertEquals(List.of(), tradeIds("strategy_id="));
        assertEquals(List.of("A-F2", "B-F1"), tradeIds("from=2024-01-02T10:00:02Z&to=2024-01-02T10:00:05Z"));
        assertEquals(List.of("D-F2", "D-F1"), tradeIds("from=2024-01-03T09:00:01Z"));
        for (int limit = 1; limit <= 3; limit++) {
            assertEquals(List.of("A-F1", "A-F2", "B-F1", "D-F2", "D-F1"),
                    field(pageThrough(server, "/api/v1/trades?to=2024-01-04T00:00:00Z", "trades", limit), "trade_id"),
                    "limit " + limit);
        }
    }

    /** The ids of the orders the query lists, leaving out those the paging test adds (created 2024-01-05). */
    private static List<Object> ids(String query) throws Exception {
        String range = query.contains("to=") ? "" : "&" + BEFORE_PAGING_TEST;
        return field(list(ok(server, "/api/v1/orders?" + query + range), "orders"), "order_id");
    }

    private static List<Object> tradeIds(String query) throws Exception {
        return field(list(ok(server, "/api/v1/trades?" + query), "trades"), "trade_id");
    }

    /** The raw text of the i-th object of the reply's list (the list is the first array). */
    private static String rawItem(String body, int i) {
        int start = body.indexOf('[') + 1;
        for (int n = 0; n < i; n++) {
            start = body.indexOf("},{", start) + 2;
        }
        int end = body.indexOf('}', start) + 1;
        return body.substring(start, end);
    }

    static Stream<Arguments> badParameters() {
        String long65 = "X".repeat(65);
        String notACursor = "cursor: not a next_cursor of a previous reply: ";
        return Stream.of(
                // /api/v1/orders
                Arguments.of("/api/v1/orders?exchange=", "exchange", "exchange: must not be empty"),
                Arguments.of("/api/v1/orders?exchange=" + long65, "exchange", "exchange: longer than 64 characters"),
                Arguments.of("/api/v1/orders?symbol=", "symbol", "symbol: must not be empty"),
                Arguments.of("/api/v1/orders?symbol=" + long65, "symbol", "symbol: longer than 64 characters"),
                Arguments.of("/api/v1/orders?strategy_id=" + long65, "strategy_id", "strategy_id: longer than 64 characters"),
                Arguments.of("/api/v1/orders?status=done", "status", "status: expected one or more (comma-separated) of "
                        + "pending, submitted, partial, filled, cancelled, rejected, got \"done\""),
                Arguments.of("/api/v1/orders?status=filled,open", "status", "status: expected one or more"),
                Arguments.of("/api/v1/orders?status=", "status", "status: must not be empty"),
                Arguments.of("/api/v1/orders?status=filled,,partial", "status", "status: item 2 is empty"),
                Arguments.of("/api/v1/orders?from=yesterday", "from",
                        "from: expected an ISO-8601 timestamp like 2024-01-02T09:30:00.123456Z, got yesterday"),
                Arguments.of("/api/v1/orders?to=1704153600000", "to", "to: epoch integer 1704153600000 is not in microseconds"),
                Arguments.of("/api/v1/orders?from=2024-01-02T00:00:00Z&to=2024-01-02T00:00:00Z", "to", "to: must be after from"),
                Arguments.of("/api/v1/orders?limit=0", "limit", "limit: expected an integer 1..10000, got 0"),
                Arguments.of("/api/v1/orders?limit=10001", "limit", "limit: expected an integer 1..10000, got 10001"),
                Arguments.of("/api/v1/orders?limit=ten", "limit", "limit: expected an integer 1..10000, got \"ten\""),
                Arguments.of("/api/v1/orders?cursor=zzz", "cursor", notACursor + "zzz"),
                Arguments.of("/api/v1/orders?cursor=17:***", "cursor", notACursor + "17:***"),
                Arguments.of("/api/v1/orders?cursor=", "cursor", "cursor: must not be empty"),
                Arguments.of("/api/v1/orders?side=buy", "side", "side: unknown parameter; expected one of "),
                Arguments.of("/api/v1/orders?order_id=A-1", "order_id", "order_id: unknown parameter; expected one of "),
                Arguments.of("/api/v1/orders?status=filled&status=partial", "status", "status: given more than once"),
                // /api/v1/orders/{order_id}
                Arguments.of("/api/v1/orders/A-1?limit=1", "limit", "limit: unknown parameter; this endpoint takes none"),
                Arguments.of("/api/v1/orders/" + long65, "order_id", "order_id: longer than 64 characters"),
                // /api/v1/trades
                Arguments.of("/api/v1/trades?order_id=", "order_id", "order_id: must not be empty"),
                Arguments.of("/api/v1/trades?order_id=" + long65, "order_id", "order_id: longer than 64 characters"),
                Arguments.of("/api/v1/trades?exchange=", "exchange", "exchange: must not be empty"),
                Arguments.of("/api/v1/trades?exchange=" + long65, "exchange", "exchange: longer than 64 characters"),
                Arguments.of("/api/v1/trades?symbol=", "symbol", "symbol: must not be empty"),
                Arguments.of("/api/v1/trades?symbol=" + long65, "symbol", "symbol: longer than 64 characters"),
                Arguments.of("/api/v1/trades?strategy_id=" + long65, "strategy_id", "strategy_id: longer than 64 characters"),
                Arguments.of("/api/v1/trades?from=2024-13-01T00:00:00Z", "from", "from: "),
                Arguments.of("/api/v1/trades?to=noon", "to", "to: expected an ISO-8601 timestamp"),
                Arguments.of("/api/v1/trades?from=2024-01-03T00:00:00Z&to=2024-01-02T00:00:00Z", "to", "to: must be after from"),
                Arguments.of("/api/v1/trades?limit=-1", "limit", "limit: expected an integer 1..10000, got -1"),
                Arguments.of("/api/v1/trades?limit=", "limit", "limit: expected an integer 1..10000, got \"\""),
                Arguments.of("/api/v1/trades?cursor=1704189601000000", "cursor", notACursor + "1704189601000000"),
                Arguments.of("/api/v1/trades?cursor=1704189601000000:x", "cursor", notACursor + "1704189601000000:x"),
                Arguments.of("/api/v1/trades?status=filled", "status", "status: unknown parameter; expected one of "),
                Arguments.of("/api/v1/trades?order_id=A-1&order_id=B-1", "order_id", "order_id: given more than once"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badParameters")
    void badParameterIs400NamingIt(String pathAndQuery, String parameter, String error) throws Exception {
        HttpResponse<String> r = server.get(pathAndQuery);
        assertEquals(400, r.statusCode(), r.body());
        assertEquals("application/json", r.headers().firstValue("content-type").orElse(null));
        JsonObject body = new JsonObject(r.body());
        assertEquals(parameter, body.getString("parameter"));
        String actual = body.getString("error");
        assertTrue(actual.startsWith(error), "expected <" + error + "...> but was <" + actual + ">");
    }
}

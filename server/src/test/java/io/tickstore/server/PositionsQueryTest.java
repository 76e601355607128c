package io.tickstore.server;

import static io.tickstore.server.JsonRows.field;
import static io.tickstore.server.JsonRows.list;
import static io.tickstore.server.JsonRows.ok;
import static io.tickstore.server.JsonRows.pageThrough;
import static io.tickstore.server.JsonRows.text;
import static io.tickstore.server.OrdersQueryTest.accepted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
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
 * {@code GET /api/v1/positions} and {@code /api/v1/positions/history} against a real server fed
 * fills over a real WebSocket: scaling in and out, a flip from long to short with fees, a flat
 * position, positions valued at a trade tick (exact to the decimal) or at their last fill; every
 * reply equals the stored rows and hand-computed values; filters and paging; a 400 naming each bad
 * parameter.
 */
class PositionsQueryTest {
    private static final String POSITION_COLUMNS = "exchange, symbol, strategy_id, side, quantity, average_entry_price, "
            + "realized_pnl, fees, fill_count, last_fill_price, updated_at";
    private static final String HISTORY_COLUMNS = "exchange, symbol, strategy_id, time, trade_id, fill_side, "
            + "fill_quantity, fill_price, side, quantity, average_entry_price, realized_pnl";

    @TempDir
    static Path dataDir;
    static TestServer server;
    static Vertx vertx;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir);
        vertx = Vertx.vertx();
        try (IngestClient c = IngestClient.connect(vertx, server.port())) {
            // EEE (strategy s): buy 100 @ 10, buy 50 @ 13 → long 150 @ 11; sell 60 @ 12 (fees 0.6) closes 60 at +1;
            // sell 140 @ 12.5 (commission 0.1, fees 1.4) closes 90 at +1.5 and opens short 50 @ 12.5.
            order(c, "E-1", "PQ", "EEE", "s", "buy", "100");
            fill(c, "E-F1", "E-1", "PQ", "EEE", "buy", "100", "10", "10:00:01", "");
            order(c, "E-2", "PQ", "EEE", "s", "buy", "50");
            fill(c, "E-F2", "E-2", "PQ", "EEE", "buy", "50", "13", "10:00:02", "");
            order(c, "E-3", "PQ", "EEE", "s", "sell", "60");
            fill(c, "E-F3", "E-3", "PQ", "EEE", "sell", "60", "12", "10:00:03", ",\"fees\":0.6");
            order(c, "E-4", "PQ", "EEE", "s", "sell", "140");
            fill(c, "E-F4", "E-4", "PQ", "EEE", "sell", "140", "12.5", "10:00:04", ",\"commission\":0.1,\"fees\":1.4");
            // FFF (no strategy): a small long with 8-decimal prices, valued at a trade tick below.
            order(c, "F-1", "PQ", "FFF", null, "buy", "1");
            fill(c, "F-F1", "F-1", "PQ", "FFF", "buy", "0.12345678", "98.76543211", "10:00:05", "");
            // GGG (strategy s): no trade tick of its own (only a quote), so valued at its last fill.
            order(c, "G-1", "PQ", "GGG", "s", "buy", "3");
            fill(c, "G-F1", "G-1", "PQ", "GGG", "buy", "3", "20.25", "10:00:06", ",\"fees\":-0.03");
            // HHH (strategy t): opened and closed again: flat.
            order(c, "H-1", "PQ", "HHH", "t", "buy", "5");
            fill(c, "H-F1", "H-1", "PQ", "HHH", "buy", "5", "7", "10:00:07", "");
            order(c, "H-2", "PQ", "HHH", "t", "sell", "5");
            fill(c, "H-F2", "H-2", "PQ", "HHH", "sell", "5", "7.5", "10:00:08", ",\"fees\":0.05");
            // Another exchange.
            order(c, "Q-1", "PQ2", "EEE", "s", "buy", "1");
            fill(c, "Q-F1", "Q-1", "PQ2", "EEE", "buy", "1", "1", "10:00:09", "");
            // Market: a trade tick for EEE and FFF, a later quote-only tick for GGG.
            acceptedAll(c, "[" + tick("PQ", "EEE", "10:01:00", "\"last_price\":12.34567891,\"last_size\":1", 1) + ","
                    + tick("PQ", "FFF", "10:01:00", "\"last_price\":99.99999999,\"last_size\":1", 1) + ","
                    + tick("PQ", "GGG", "10:01:00", "\"bid_price\":30,\"ask_price\":31", 1) + "]", 3);
        }
        server.awaitApplied();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().await();
        server.close();
    }

    private static void order(IngestClient c, String id, String exchange, String symbol, String strategy, String side,
                              String qty) throws InterruptedException {
        accepted(c, "{\"type\":\"order\",\"order_id\":\"" + id + "\",\"exchange\":\"" + exchange + "\",\"symbol\":\"" + symbol
                + "\"" + (strategy == null ? "" : ",\"strategy_id\":\"" + strategy + "\"") + ",\"side\":\"" + side
                + "\",\"order_type\":\"market\",\"quantity\":" + qty + ",\"status\":\"submitted\"}");
    }

    private static void fill(IngestClient c, String id, String orderId, String exchange, String symbol, String side,
                             String qty, String price, String time, String extra) throws InterruptedException {
        accepted(c, OrdersQueryTest.fill(exchange, id, orderId, symbol, side, qty, price, time, extra));
    }

    private static String tick(String exchange, String symbol, String time, String prices, long sequence) {
        return "{\"type\":\"tick\",\"exchange\":\"" + exchange + "\",\"symbol\":\"" + symbol + "\",\"timestamp\":\"2024-01-02T"
                + time + "Z\"," + prices + ",\"sequence_number\":" + sequence + "}";
    }

    private static void acceptedAll(IngestClient c, String frame, int n) throws InterruptedException {
        JsonObject ack = c.request(frame);
        assertEquals("ok", ack.getString("status"), ack.encode());
        assertEquals(n, ack.getInteger("accepted"), ack.encode());
    }

    private static Map<String, Object> position(String query) throws Exception {
        List<Map<String, Object>> items = list(ok(server, "/api/v1/positions?" + query), "positions");
        assertEquals(1, items.size(), query + ": " + items);
        return items.get(0);
    }

    /** The stored fields of a position (the valuation fields cut off). */
    private static Map<String, Object> stored(Map<String, Object> p) {
        Map<String, Object> out = new java.util.LinkedHashMap<>(p);
        for (String k : List.of("market_price", "price_source", "price_time", "market_value", "unrealized_pnl")) {
            out.remove(k);
        }
        return out;
    }

    private static List<Object> values(Map<String, Object> p, String... fields) {
        return Arrays.stream(fields).map(f -> text(p.get(f))).toList();
    }

    @Test
    void scalingInAndOutThenFlippingShortWithFees() throws Exception {
        Map<String, Object> eee = position("exchange=PQ&symbol=EEE");
        // realized: 60 × (12 − 11) − 0.6 + 90 × (12.5 − 11) − 0.1 − 1.4 = 59.4 + 133.5 = 192.9
        assertEquals(List.of("PQ", "EEE", "s", "short", "-50", "12.5", "192.9", "2.1", "4", "12.5", "2024-01-02T10:00:04Z"),
                values(eee, "exchange", "symbol", "strategy_id", "side", "quantity", "average_entry_price", "realized_pnl",
                        "fees", "fill_count", "last_fill_price", "updated_at"));
        // Valued at the trade tick: −50 × 12.34567891 and −50 × (12.34567891 − 12.5), exact.
        assertEquals(List.of("12.34567891", "last_trade", "2024-01-02T10:01:00Z", "-617.2839455", "7.7160545"),
                values(eee, "market_price", "price_source", "price_time", "market_value", "unrealized_pnl"));
        assertTrue(((String) ok(server, "/api/v1/positions?exchange=PQ&symbol=EEE").get("_raw"))
                .contains("\"market_value\":-617.2839455,\"unrealized_pnl\":7.7160545}"), "printed exactly");
    }

    @Test
    void productsOfEightDecimalValuesAreExactToSixteenDecimals() throws Exception {
        Map<String, Object> fff = position("symbol=FFF");
        assertEquals(List.of("", "long", "0.12345678", "98.76543211", "0", "0", "99.99999999", "last_trade",
                        "12.3456779987654322", "0.1524157751562264"),
                values(fff, "strategy_id", "side", "quantity", "average_entry_price", "realized_pnl", "fees", "market_price",
                        "price_source", "market_value", "unrealized_pnl"));
        BigDecimal q = new BigDecimal("0.12345678");
        assertEquals(q.multiply(new BigDecimal("99.99999999")), fff.get("market_value"));
        assertEquals(q.multiply(new BigDecimal("99.99999999").subtract(new BigDecimal("98.76543211"))),
                fff.get("unrealized_pnl"));
    }

    @Test
    void aSymbolWithoutTradeTicksIsValuedAtItsLastFill() throws Exception {
        Map<String, Object> ggg = position("symbol=GGG");
        // A rebate (negative fee) adds to realized PnL.
        assertEquals(List.of("long", "3", "20.25", "0.03", "-0.03", "20.25", "last_fill", "2024-01-02T10:00:06Z", "60.75", "0"),
                values(ggg, "side", "quantity", "average_entry_price", "realized_pnl", "fees", "market_price", "price_source",
                        "price_time", "market_value", "unrealized_pnl"));
    }

    @Test
    void flatPositionsOnlyWithIncludeFlat() throws Exception {
        assertEquals(List.of(), list(ok(server, "/api/v1/positions?symbol=HHH"), "positions"));
        assertEquals(List.of(), list(ok(server, "/api/v1/positions?symbol=HHH&include_flat=false"), "positions"));
        Map<String, Object> hhh = position("symbol=HHH&include_flat=TRUE");
        assertEquals(Arrays.asList("t", "flat", "0", null, "2.45", "0.05", "2", "7.5", "7.5", "last_fill", "0", "0"),
                values(hhh, "strategy_id", "side", "quantity", "average_entry_price", "realized_pnl", "fees", "fill_count",
                        "last_fill_price", "market_price", "price_source", "market_value", "unrealized_pnl"));
    }

    @Test
    void everyPositionEqualsItsStoredRowInKeyOrder() throws Exception {
        List<List<Object>> rows = server.rows("SELECT " + POSITION_COLUMNS + " FROM positions ORDER BY exchange, symbol, strategy_id");
        List<Map<String, Object>> all = list(ok(server, "/api/v1/positions?include_flat=true"), "positions");
        assertEquals(rows.size(), all.size());
        for (int i = 0; i < rows.size(); i++) {
            JsonRows.assertSame(rows.get(i), stored(all.get(i)));
        }
        assertEquals(List.of("PQ EEE", "PQ FFF", "PQ GGG", "PQ HHH", "PQ2 EEE"),
                all.stream().map(p -> p.get("exchange") + " " + p.get("symbol")).toList());
        for (int limit = 1; limit <= 3; limit++) {
            assertEquals(all.stream().map(JsonRows::values).toList(),
                    pageThrough(server, "/api/v1/positions?include_flat=true", "positions", limit).stream()
                            .map(JsonRows::values).toList(), "limit " + limit);
        }
    }

    @Test
    void positionFilters() throws Exception {
        assertEquals(List.of("EEE", "FFF", "GGG"), field(list(ok(server, "/api/v1/positions?exchange=PQ"), "positions"), "symbol"));
        assertEquals(List.of("PQ", "PQ2"), field(list(ok(server, "/api/v1/positions?symbol=EEE"), "positions"), "exchange"));
        assertEquals(List.of("EEE", "GGG", "EEE"), field(list(ok(server, "/api/v1/positions?strategy_id=s"), "positions"), "symbol"));
        assertEquals(List.of("FFF"), field(list(ok(server, "/api/v1/positions?strategy_id="), "positions"), "symbol"),
                "an empty strategy_id: positions of orders without one");
        assertEquals(List.of(), list(ok(server, "/api/v1/positions?exchange=NOPE"), "positions"));
    }

    @Test
    void historyHoldsThePositionAfterEachFill() throws Exception {
        List<Map<String, Object>> h = list(ok(server, "/api/v1/positions/history?exchange=PQ&symbol=EEE"), "history");
        assertEquals(List.of(
                        Arrays.asList("E-F1", "buy", "100", "10", "long", "100", "10", "0"),
                        Arrays.asList("E-F2", "buy", "50", "13", "long", "150", "11", "0"),
                        Arrays.asList("E-F3", "sell", "60", "12", "long", "90", "11", "59.4"),
                        Arrays.asList("E-F4", "sell", "140", "12.5", "short", "-50", "12.5", "192.9")),
                h.stream().map(c -> values(c, "trade_id", "fill_side", "fill_quantity", "fill_price", "side", "quantity",
                        "average_entry_price", "realized_pnl")).toList());
        List<List<Object>> rows = server.rows("SELECT " + HISTORY_COLUMNS + " FROM position_snapshots ORDER BY time, journal_index");
        List<Map<String, Object>> all = list(ok(server, "/api/v1/positions/history"), "history");
        assertEquals(rows.size(), all.size());
        for (int i = 0; i < rows.size(); i++) {
            JsonRows.assertSame(rows.get(i), all.get(i));
        }
        assertEquals(Arrays.asList("H-F2", "flat", "0", null, "2.45"),
                values(list(ok(server, "/api/v1/positions/history?symbol=HHH&from=2024-01-02T10:00:08Z"), "history").get(0),
                        "trade_id", "side", "quantity", "average_entry_price", "realized_pnl"));
    }

    @Test
    void historyFiltersRangesAndPages() throws Exception {
        assertEquals(List.of("E-F2", "E-F3"), field(list(ok(server,
                "/api/v1/positions/history?symbol=EEE&from=2024-01-02T10:00:02Z&to=2024-01-02T10:00:04Z"), "history"), "trade_id"));
        assertEquals(List.of("Q-F1"), field(list(ok(server, "/api/v1/positions/history?exchange=PQ2"), "history"), "trade_id"));
        assertEquals(List.of("H-F1", "H-F2"), field(list(ok(server, "/api/v1/positions/history?strategy_id=t"), "history"),
                "trade_id"));
        assertEquals(List.of("F-F1"), field(list(ok(server, "/api/v1/positions/history?strategy_id="), "history"), "trade_id"));
        List<Object> every = field(list(ok(server, "/api/v1/positions/history"), "history"), "trade_id");
        assertEquals(List.of("E-F1", "E-F2", "E-F3", "E-F4", "F-F1", "G-F1", "H-F1", "H-F2", "Q-F1"), every);
        for (int limit = 1; limit <= 4; limit++) {
            assertEquals(every, field(pageThrough(server, "/api/v1/positions/history", "history", limit), "trade_id"));
        }
    }

    static Stream<Arguments> badParameters() {
        String long65 = "X".repeat(65);
        String notACursor = "cursor: not a next_cursor of a previous reply: ";
        return Stream.of(
                // /api/v1/positions
                Arguments.of("/api/v1/positions?exchange=", "exchange", "exchange: must not be empty"),
                Arguments.of("/api/v1/positions?exchange=" + long65, "exchange", "exchange: longer than 64 characters"),
                Arguments.of("/api/v1/positions?symbol=", "symbol", "symbol: must not be empty"),
                Arguments.of("/api/v1/positions?symbol=" + long65, "symbol", "symbol: longer than 64 characters"),
                Arguments.of("/api/v1/positions?strategy_id=" + long65, "strategy_id", "strategy_id: longer than 64 characters"),
                Arguments.of("/api/v1/positions?include_flat=yes", "include_flat", "include_flat: expected true or false, got \"yes\""),
                Arguments.of("/api/v1/positions?include_flat=", "include_flat", "include_flat: expected true or false, got \"\""),
                Arguments.of("/api/v1/positions?limit=0", "limit", "limit: expected an integer 1..10000, got 0"),
                Arguments.of("/api/v1/positions?limit=1.5", "limit", "limit: expected an integer 1..10000, got \"1.5\""),
                Arguments.of("/api/v1/positions?cursor=zzz", "cursor", notACursor + "zzz"),
                Arguments.of("/api/v1/positions?cursor=%2B%2B", "cursor", notACursor + "++"),
                Arguments.of("/api/v1/positions?from=2024-01-02T00:00:00Z", "from", "from: unknown parameter; expected one of "),
                Arguments.of("/api/v1/positions?symbol=A&symbol=B", "symbol", "symbol: given more than once"),
                // /api/v1/positions/history
                Arguments.of("/api/v1/positions/history?exchange=", "exchange", "exchange: must not be empty"),
                Arguments.of("/api/v1/positions/history?exchange=" + long65, "exchange", "exchange: longer than 64 characters"),
                Arguments.of("/api/v1/positions/history?symbol=", "symbol", "symbol: must not be empty"),
                Arguments.of("/api/v1/positions/history?symbol=" + long65, "symbol", "symbol: longer than 64 characters"),
                Arguments.of("/api/v1/positions/history?strategy_id=" + long65, "strategy_id",
                        "strategy_id: longer than 64 characters"),
                Arguments.of("/api/v1/positions/history?from=2024-01-02", "from", "from: "),
                Arguments.of("/api/v1/positions/history?to=2100-01-01T00:00:00Z", "to", "to: "),
                Arguments.of("/api/v1/positions/history?from=2024-01-02T10:00:00Z&to=2024-01-02T09:00:00Z", "to",
                        "to: must be after from"),
                Arguments.of("/api/v1/positions/history?limit=100000", "limit", "limit: expected an integer 1..10000, got 100000"),
                Arguments.of("/api/v1/positions/history?cursor=abc", "cursor", notACursor + "abc"),
                Arguments.of("/api/v1/positions/history?cursor=1704189601000000:", "cursor", notACursor + "1704189601000000:"),
                Arguments.of("/api/v1/positions/history?include_flat=true", "include_flat",
                        "include_flat: unknown parameter; expected one of "),
                Arguments.of("/api/v1/positions/history?from=2024-01-02T00:00:00Z&from=2024-01-03T00:00:00Z", "from",
                        "from: given more than once"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badParameters")
    void badParameterIs400NamingIt(String pathAndQuery, String parameter, String error) throws Exception {
        HttpResponse<String> r = server.get(pathAndQuery);
        assertEquals(400, r.statusCode(), r.body());
        JsonObject body = new JsonObject(r.body());
        assertEquals(parameter, body.getString("parameter"));
        String actual = body.getString("error");
        assertTrue(actual.startsWith(error), "expected <" + error + "...> but was <" + actual + ">");
    }
}

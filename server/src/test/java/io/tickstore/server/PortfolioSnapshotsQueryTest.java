package io.tickstore.server;

import static io.tickstore.server.JsonRows.field;
import static io.tickstore.server.JsonRows.list;
import static io.tickstore.server.JsonRows.ok;
import static io.tickstore.server.JsonRows.pageThrough;
import static io.tickstore.server.OrdersQueryTest.accepted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickstore.config.PortfolioConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code GET /api/v1/portfolio/snapshots} against a real server taking a snapshot every second from
 * a starting cash of 100,000: after fills and trade ticks, a snapshot taken after the last of them
 * holds cash, positions value, equity and PnL worked out by hand (and equal to the sums over
 * {@code /api/v1/trades} and {@code /api/v1/positions}); peak equity and drawdown follow from the
 * snapshots before it; {@code type} filters; paging; a 400 naming each bad parameter. Waits have
 * deadlines; nothing depends on when exactly a snapshot is taken.
 */
class PortfolioSnapshotsQueryTest {
    private static final BigDecimal STARTING_CASH = new BigDecimal("100000");

    @TempDir
    static Path dataDir;
    static TestServer server;
    /** Epoch microseconds, on the wall clock, after everything below was applied. */
    static long settled;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir, c -> c.withPortfolio(new PortfolioConfig(STARTING_CASH, 1)));
        Vertx vertx = Vertx.vertx();
        try (IngestClient c = IngestClient.connect(vertx, server.port())) {
            // AAA: long 10 @ 100 (fees 1).
            trade(c, "A", "AAA", "buy", "10", "100", ",\"fees\":1");
            // BBB: buy 5 @ 20.5, sell 8 @ 21 (fees 0.25): short 3 @ 21.
            trade(c, "B1", "BBB", "buy", "5", "20.5", "");
            trade(c, "B2", "BBB", "sell", "8", "21", ",\"fees\":0.25");
            // CCC: buy 2 @ 7, sell 2 @ 8: flat.
            trade(c, "C1", "CCC", "buy", "2", "7", "");
            trade(c, "C2", "CCC", "sell", "2", "8", "");
            // DDD: long 1 @ 50, never traded on the feed: valued at its fill.
            trade(c, "D", "DDD", "buy", "1", "50", ",\"commission\":0.00000001");
            JsonObject ack = c.request("[{\"type\":\"tick\",\"exchange\":\"PF\",\"symbol\":\"AAA\",\"timestamp\":\"2024-01-02T10:00:00Z\","
                    + "\"last_price\":101.5,\"last_size\":1,\"sequence_number\":1},{\"type\":\"tick\",\"exchange\":\"PF\","
                    + "\"symbol\":\"BBB\",\"timestamp\":\"2024-01-02T10:00:00Z\",\"last_price\":20,\"last_size\":1,\"sequence_number\":1}]");
            assertEquals("ok", ack.getString("status"), ack.encode());
        } finally {
            vertx.close().await();
        }
        server.awaitApplied();
        settled = System.currentTimeMillis() * 1000 + 1;
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void trade(IngestClient c, String id, String symbol, String side, String qty, String price, String extra)
            throws InterruptedException {
        accepted(c, "{\"type\":\"order\",\"order_id\":\"O-" + id + "\",\"exchange\":\"PF\",\"symbol\":\"" + symbol
                + "\",\"side\":\"" + side + "\",\"order_type\":\"market\",\"quantity\":" + qty + ",\"status\":\"submitted\"}");
        accepted(c, OrdersQueryTest.fill("PF", "T-" + id, "O-" + id, symbol, side, qty, price, "10:00:00", extra));
    }

    /** The first snapshot taken after everything was applied, waiting (with a deadline) for it. */
    private static Map<String, Object> firstSnapshotAfterSettling() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            List<Map<String, Object>> s = list(ok(server, "/api/v1/portfolio/snapshots?type=intraday&limit=1&from=" + settled),
                    "snapshots");
            if (!s.isEmpty()) {
                return s.get(0);
            }
            assertTrue(System.nanoTime() < deadline, "no snapshot within 30 s");
            Thread.sleep(50);
        }
    }

    private static BigDecimal dec(Object v) {
        return (BigDecimal) v;
    }

    @Test
    void aSnapshotAfterTheFillsAddsUp() throws Exception {
        Map<String, Object> s = firstSnapshotAfterSettling();
        // cash = 100000 − 1000 − 1 − 102.5 + 168 − 0.25 − 14 + 16 − 50 − 0.00000001
        BigDecimal cash = new BigDecimal("99016.24999999");
        // positions value = 10 × 101.5 − 3 × 20 + 1 × 50 (CCC is flat)
        BigDecimal positionsValue = new BigDecimal("1005");
        BigDecimal equity = cash.add(positionsValue);
        assertEquals(0, cash.compareTo(dec(s.get("cash"))), s.toString());
        assertEquals(0, positionsValue.compareTo(dec(s.get("positions_value"))), s.toString());
        assertEquals(0, equity.compareTo(dec(s.get("equity"))), s.toString());
        assertEquals(0, equity.subtract(STARTING_CASH).compareTo(dec(s.get("total_pnl"))), s.toString());
        assertEquals(List.of("3", "2", "1"), List.of(JsonRows.text(s.get("open_positions")),
                JsonRows.text(s.get("long_positions")), JsonRows.text(s.get("short_positions"))));
        assertEquals("intraday", s.get("snapshot_type"));
        assertTrue(Instant.parse((String) s.get("snapshot_time")).toEpochMilli() * 1000 >= settled);

        // The same arithmetic over what the API says about trades and positions.
        BigDecimal fromTrades = STARTING_CASH;
        for (Map<String, Object> t : list(ok(server, "/api/v1/trades?exchange=PF"), "trades")) {
            BigDecimal amount = dec(t.get("quantity")).multiply(dec(t.get("price")));
            fromTrades = "sell".equals(t.get("side")) ? fromTrades.add(amount) : fromTrades.subtract(amount);
            for (String charge : List.of("commission", "fees")) {
                if (t.get(charge) != null) {
                    fromTrades = fromTrades.subtract(dec(t.get(charge)));
                }
            }
        }
        assertEquals(0, fromTrades.compareTo(cash));
        BigDecimal marketValue = BigDecimal.ZERO;
        for (Map<String, Object> p : list(ok(server, "/api/v1/positions"), "positions")) {
            marketValue = marketValue.add(dec(p.get("market_value")));
        }
        assertEquals(0, marketValue.compareTo(positionsValue));
    }

    @Test
    void dailyPnlPeakAndDrawdownFollowFromTheSnapshotsBefore() throws Exception {
        Map<String, Object> target = firstSnapshotAfterSettling();
        String time = (String) target.get("snapshot_time");
        long end = Instant.parse(time).toEpochMilli() * 1000 + 1;
        List<Map<String, Object>> history = list(ok(server, "/api/v1/portfolio/snapshots?limit=10000&to=" + end), "snapshots");
        BigDecimal peak = null;
        BigDecimal drawdown = BigDecimal.ZERO;
        BigDecimal lastEod = STARTING_CASH;
        for (Map<String, Object> s : history) {
            BigDecimal equity = dec(s.get("equity"));
            assertEquals(0, dec(s.get("cash")).add(dec(s.get("positions_value"))).compareTo(equity), s.toString());
            assertEquals(0, equity.subtract(STARTING_CASH).compareTo(dec(s.get("total_pnl"))), s.toString());
            assertEquals(0, equity.subtract(lastEod).compareTo(dec(s.get("daily_pnl"))), s.toString());
            peak = peak == null || equity.compareTo(peak) > 0 ? equity : peak;
            drawdown = drawdown.max(peak.subtract(equity));
            assertEquals(0, peak.compareTo(dec(s.get("peak_equity"))), s.toString());
            assertEquals(0, drawdown.compareTo(dec(s.get("max_drawdown"))), s.toString());
            if ("eod".equals(s.get("snapshot_type"))) {
                lastEod = equity;
            }
        }
        assertEquals(target, history.get(history.size() - 1));
    }

    @Test
    void typeFiltersAndPagesFollowTheCursor() throws Exception {
        firstSnapshotAfterSettling();
        // A snapshot due just before `settled` may be journaled after the set-up's wait: the hot tier
        // answers it at once, DuckDB (read directly below) once its sink has applied it.
        server.awaitApplied();
        String range = "from=2020-01-01T00:00:00Z&to=" + settled;
        List<Map<String, Object>> all = list(ok(server, "/api/v1/portfolio/snapshots?limit=10000&" + range), "snapshots");
        List<Map<String, Object>> intraday = list(ok(server, "/api/v1/portfolio/snapshots?limit=10000&type=intraday&" + range),
                "snapshots");
        List<Map<String, Object>> eod = list(ok(server, "/api/v1/portfolio/snapshots?limit=10000&type=EOD&" + range),
                "snapshots");
        assertTrue(field(intraday, "snapshot_type").stream().allMatch("intraday"::equals));
        assertTrue(field(eod, "snapshot_type").stream().allMatch("eod"::equals));
        assertEquals(all.size(), intraday.size() + eod.size());
        List<Object> times = field(all, "snapshot_time");
        for (int i = 1; i < times.size(); i++) {
            assertTrue(((String) times.get(i - 1)).compareTo((String) times.get(i)) <= 0, "ascending: " + times);
        }
        for (int limit = 1; limit <= 3; limit++) {
            assertEquals(all.stream().map(JsonRows::values).toList(),
                    pageThrough(server, "/api/v1/portfolio/snapshots?" + range, "snapshots", limit).stream()
                            .map(JsonRows::values).toList(), "limit " + limit);
        }
        List<List<Object>> rows = server.rows("SELECT snapshot_time, snapshot_type, cash, positions_value, equity, total_pnl, "
                + "daily_pnl, open_positions, long_positions, short_positions, peak_equity, max_drawdown "
                + "FROM portfolio_snapshots WHERE snapshot_time < make_timestamp(" + settled + ") ORDER BY snapshot_time, snapshot_type");
        assertEquals(rows.size(), all.size());
        for (int i = 0; i < rows.size(); i++) {
            JsonRows.assertSame(rows.get(i), all.get(i));
        }
    }

    static Stream<Arguments> badParameters() {
        String notACursor = "cursor: not a next_cursor of a previous reply: ";
        return Stream.of(
                Arguments.of("from=today", "from", "from: expected an ISO-8601 timestamp"),
                Arguments.of("from=", "from", "from: "),
                Arguments.of("to=123", "to", "to: "),
                Arguments.of("from=2024-01-02T00:00:00Z&to=2024-01-01T00:00:00Z", "to", "to: must be after from"),
                Arguments.of("type=daily", "type", "type: expected intraday or eod, got \"daily\""),
                Arguments.of("type=", "type", "type: must not be empty"),
                Arguments.of("limit=0", "limit", "limit: expected an integer 1..10000, got 0"),
                Arguments.of("limit=x", "limit", "limit: expected an integer 1..10000, got \"x\""),
                Arguments.of("cursor=1704189600000000:weekly", "cursor", notACursor + "1704189600000000:weekly"),
                Arguments.of("cursor=intraday", "cursor", notACursor + "intraday"),
                Arguments.of("cursor=x:eod", "cursor", notACursor + "x:eod"),
                Arguments.of("symbol=AAA", "symbol", "symbol: unknown parameter; expected one of "),
                Arguments.of("type=eod&type=intraday", "type", "type: given more than once"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badParameters")
    void badParameterIs400NamingIt(String query, String parameter, String error) throws Exception {
        HttpResponse<String> r = server.get("/api/v1/portfolio/snapshots?" + query);
        assertEquals(400, r.statusCode(), r.body());
        JsonObject body = new JsonObject(r.body());
        assertEquals(parameter, body.getString("parameter"));
        String actual = body.getString("error");
        assertTrue(actual.startsWith(error), "expected <" + error + "...> but was <" + actual + ">");
    }
}

package io.tickstore.server;

import static io.tickstore.server.JsonRows.list;
import static io.tickstore.server.JsonRows.ok;
import static io.tickstore.server.JsonRows.pageThrough;
import static io.tickstore.server.OrdersQueryTest.accepted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickstore.lifecycle.mirror.PostgresUrl;
import io.tickstore.store.model.EpochMicros;
import io.tickstore.store.read.HistoryTable;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hybrid reads ({@code mirror.postgres.serve_reads}) of orders, fills, position history and portfolio
 * snapshots against the machine's real PostgreSQL. A first server holding everything locally mirrors it
 * into one schema; a second, fresh server (its local copy lost, only the later rows sent again) mirrors
 * into another, into which the first's older rows are copied: the second answers byte for byte as the
 * first (ranges before its local rows, ranges across the split, pages whose cursors cross it), and
 * {@code X-Tickstore-Tiers} says PostgreSQL answered. With PostgreSQL unreachable such queries answer 503
 * naming postgres while ranges the local tiers hold still answer 200.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class HybridHistoryReadsTest {
    private static final String URL = "postgresql://postgres@127.0.0.1:5432/test";
    private static final String TIERS = "X-Tickstore-Tiers";
    /** 2024-01-02T00:00:00Z. */
    private static final long DAY_1 = 1_704_153_600_000_000L;
    private static final long DAY = 86_400_000_000L;
    private static final long MINUTE = 60_000_000L;
    /** The later rows, which the second server holds locally: an order and its fill a month on. */
    private static final long LATER = DAY_1 + 30 * DAY;
    private static final long OLD_END = DAY_1 + 3 * DAY;
    private static final long ALL_END = LATER + DAY;

    private final String source = "hybrid_src_" + Long.toHexString(System.nanoTime());
    private final String target = "hybrid_dst_" + Long.toHexString(System.nanoTime());
    @TempDir
    Path dir;

    @AfterEach
    void dropSchemas() throws Exception {
        try (Connection c = PostgresUrl.parse(URL).jdbc(null); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + source + " CASCADE");
            s.execute("DROP SCHEMA IF EXISTS " + target + " CASCADE");
        }
    }

    private static String iso(long micros) {
        return EpochMicros.toIso(micros);
    }

    private static String order(String id, String symbol, String strategy, String side, String qty, String price,
                                String status, long createdAt, long updatedAt) {
        return "{\"type\":\"order\",\"order_id\":\"" + id + "\",\"client_order_id\":\"c-" + id + "\",\"exchange\":\"HX\","
                + "\"symbol\":\"" + symbol + "\"" + (strategy == null ? "" : ",\"strategy_id\":\"" + strategy + "\"")
                + ",\"side\":\"" + side + "\",\"order_type\":\"limit\",\"quantity\":" + qty + ",\"price\":" + price
                + ",\"status\":\"" + status + "\",\"created_at\":\"" + iso(createdAt) + "\",\"updated_at\":\""
                + iso(updatedAt) + "\"}";
    }

    private static String fill(String id, String orderId, String symbol, String strategy, String side, String qty,
                               String price, long executedAt, String extra) {
        return "{\"type\":\"trade\",\"trade_id\":\"" + id + "\",\"order_id\":\"" + orderId + "\",\"exchange\":\"HX\","
                + "\"symbol\":\"" + symbol + "\"" + (strategy == null ? "" : ",\"strategy_id\":\"" + strategy + "\"")
                + ",\"side\":\"" + side + "\",\"quantity\":" + qty + ",\"price\":" + price + ",\"executed_at\":\""
                + iso(executedAt) + "\"" + extra + "}";
    }

    /**
     * Three days of orders and fills: two symbols, strategies alpha, beta and none, exact 8-decimal prices;
     * orders created at one instant (ordered by order_id), fills at one instant (ordered by arrival),
     * orders updated by their fills and by a later cancel.
     */
    private static List<String> oldMessages() {
        List<String> m = new ArrayList<>();
        long created = DAY_1 + 1_000_001L;
        for (int i = 1; i <= 24; i++) {
            if (i % 5 != 0) {
                created += 173 * MINUTE + 123_457L; // every 5th order shares the previous one's created_at
            }
            String symbol = i % 2 == 0 ? "AAA" : "BBB";
            String strategy = switch (i % 5) {
                case 0 -> "alpha";
                case 1, 3 -> "beta";
                default -> null;
            };
            String side = i % 4 == 0 ? "sell" : "buy";
            String id = "HO-" + (char) ('a' + (i * 7) % 26) + i; // ids not in created order
            String qty = (i % 7 + 2) + ".00000001";
            String price = (100 + i) + "." + String.format("%08d", (i * 7_919_113L) % 100_000_000L);
            m.add(order(id, symbol, strategy, side, qty, price, "submitted", created, created));
            if (i % 3 != 2) {
                long at = created + 1_000_001L;
                m.add(fill("HF-" + i, id, symbol, strategy, side, "1", price, at,
                        i % 2 == 0 ? ",\"commission\":0.01,\"fees\":0.00000003,\"liquidity\":\"maker\"" : ""));
                if (i % 4 == 1) { // a second fill at the same instant
                    m.add(fill("HG-" + i, id, symbol, strategy, side, "0.5", price, at, ",\"exchange_trade_id\":\"x-" + i + "\""));
                }
            }
            if (i % 6 == 5) {
                m.add(order(id, symbol, strategy, side, qty, price, "cancelled", created, created + 2 * MINUTE));
            }
        }
        return m;
    }

    /** An order and its fill a month on, on a symbol of their own (its position starts from flat everywhere). */
    private static List<String> laterMessages() {
        return List.of(order("LO-1", "ZZZ", "alpha", "buy", "2", "55.5", "submitted", LATER, LATER),
                fill("LF-1", "LO-1", "ZZZ", "alpha", "buy", "2", "55.50000001", LATER + 1_000_000, ""));
    }

    /** The requests compared: ranges before the later rows, then ranges across them (one page each). */
    private static List<String> oldQueries() {
        String old = "from=" + DAY_1 + "&to=" + OLD_END;
        return List.of(
                "/api/v1/trades?" + old + "&limit=1000",
                "/api/v1/trades?" + old + "&symbol=AAA&limit=1000",
                "/api/v1/trades?" + old + "&strategy_id=&limit=1000",
                "/api/v1/orders?" + old + "&limit=1000",
                "/api/v1/orders?" + old + "&status=cancelled,partial&limit=1000",
                "/api/v1/orders?" + old + "&strategy_id=alpha&limit=1000",
                "/api/v1/positions/history?" + old + "&limit=1000",
                "/api/v1/positions/history?" + old + "&symbol=BBB&strategy_id=beta&limit=1000");
    }

    private static List<String> spanningQueries() {
        String all = "from=" + DAY_1 + "&to=" + ALL_END;
        return List.of(
                "/api/v1/trades?" + all + "&limit=1000",
                "/api/v1/trades?" + all + "&strategy_id=alpha&limit=1000",
                "/api/v1/orders?" + all + "&limit=1000",
                "/api/v1/positions/history?" + all + "&limit=1000",
                "/api/v1/trades?limit=1000", // no range: from 1970
                "/api/v1/orders?limit=1000");
    }

    /** The paged requests, limit 4: pages whose cursors cross from PostgreSQL's rows to the local ones. */
    private static final Map<String, String> PAGED = Map.of(
            "/api/v1/trades?from=" + DAY_1 + "&to=" + ALL_END, "trades",
            "/api/v1/orders?from=" + DAY_1 + "&to=" + ALL_END, "orders",
            "/api/v1/positions/history?from=" + DAY_1 + "&to=" + ALL_END, "history");

    private static void send(TestServer server, List<String> messages) throws Exception {
        Vertx vertx = Vertx.vertx();
        try (IngestClient c = IngestClient.connect(vertx, server.port())) {
            for (String m : messages) {
                accepted(c, m);
            }
        } finally {
            vertx.close().await();
        }
        server.awaitApplied();
    }

    @Test
    void rowsOnlyInPostgresAnswerAsTheSameRowsHeldLocally() throws Exception {
        Map<String, String> reference = new LinkedHashMap<>();
        Map<String, List<Map<String, Object>>> referencePages = new LinkedHashMap<>();
        long snapshotsEnd;
        String snapshots;
        // The first server holds everything locally and mirrors it (portfolio snapshots every second).
        try (TestServer a = TestServer.start(dir.resolve("a"), c -> c.withMirror(c.mirror().withUrl(URL)
                .withSchema(source)).withPortfolio(c.portfolio().withSnapshotIntervalSeconds(1)))) {
            List<String> all = new ArrayList<>(oldMessages());
            all.addAll(laterMessages());
            send(a, all);
            snapshotsEnd = awaitSnapshots(a, 3);
            a.awaitApplied();
            a.awaitMirror();
            snapshots = "/api/v1/portfolio/snapshots?to=" + snapshotsEnd + "&limit=1000";
            List<String> queries = new ArrayList<>(oldQueries());
            queries.addAll(spanningQueries());
            queries.add(snapshots);
            for (String q : queries) {
                HttpResponse<String> r = a.get(q);
                assertEquals(200, r.statusCode(), q + ": " + r.body());
                assertFalse(r.headers().firstValue(TIERS).orElse("").contains("postgres"), q);
                reference.put(q, r.body());
            }
            for (Map.Entry<String, String> p : PAGED.entrySet()) {
                referencePages.put(p.getKey(), pageThrough(a, p.getKey(), p.getValue(), 4));
            }
        }
        assertEquals(20, list(ExactJson.object(reference.get(oldQueries().get(0))), "trades").size(),
                "16 fills and 4 second fills at the same instant");
        assertEquals(24, list(ExactJson.object(reference.get(oldQueries().get(3))), "orders").size());
        assertTrue(reference.get(oldQueries().get(4)).contains("\"status\":\"cancelled\""), reference.get(oldQueries().get(4)));
        assertTrue(reference.get(oldQueries().get(4)).contains("\"status\":\"partial\""), reference.get(oldQueries().get(4)));
        for (String q : oldQueries()) {
            assertFalse(reference.get(q).contains(":[]"), "every range compared holds rows: " + q);
        }
        List<Map<String, Object>> referenceSnapshots = list(ExactJson.object(reference.get(snapshots)), "snapshots");
        assertTrue(referenceSnapshots.size() >= 3, reference.get(snapshots));

        // The second server: a fresh store holding only the later rows; the older ones are in its mirror.
        try (TestServer b = TestServer.start(dir.resolve("b"), c -> c.withMirror(c.mirror().withUrl(URL)
                .withSchema(target).withServeReads(true)).withPortfolio(c.portfolio().withSnapshotIntervalSeconds(1)))) {
            send(b, laterMessages());
            b.awaitMirror();
            copyOlderRows(snapshotsEnd);
            var earliest = b.server.store().read().earliestLocal();
            assertEquals(LATER, earliest.get(HistoryTable.ORDERS));
            assertEquals(LATER + 1_000_000, earliest.get(HistoryTable.TRADES));
            assertEquals(LATER + 1_000_000, earliest.get(HistoryTable.POSITION_SNAPSHOTS));

            for (String q : oldQueries()) {
                HttpResponse<String> r = b.get(q);
                assertEquals(200, r.statusCode(), q + ": " + r.body());
                assertEquals(reference.get(q), r.body(), q);
                assertEquals("postgres", r.headers().firstValue(TIERS).orElse(""), q);
            }
            for (String q : spanningQueries()) {
                HttpResponse<String> r = b.get(q);
                assertEquals(200, r.statusCode(), q + ": " + r.body());
                assertEquals(reference.get(q), r.body(), q);
                assertEquals("postgres,warm", r.headers().firstValue(TIERS).orElse(""), q);
            }
            for (Map.Entry<String, String> p : PAGED.entrySet()) {
                assertEquals(referencePages.get(p.getKey()), pageThrough(b, p.getKey(), p.getValue(), 4), p.getKey());
            }
            // A range the local tiers hold is answered by them alone.
            HttpResponse<String> later = b.get("/api/v1/trades?from=" + LATER);
            assertEquals(200, later.statusCode(), later.body());
            assertTrue(later.body().startsWith("{\"trades\":[{\"trade_id\":\"LF-1\""), later.body());
            assertEquals("warm", later.headers().firstValue(TIERS).orElse(""));
            // Nothing in PostgreSQL's part of the range: it is not named.
            HttpResponse<String> between = b.get("/api/v1/orders?from=" + OLD_END + "&to=" + ALL_END);
            assertEquals(200, between.statusCode(), between.body());
            assertEquals(1, list(ExactJson.object(between.body()), "orders").size(), between.body());
            assertEquals("warm", between.headers().firstValue(TIERS).orElse(""));

            // Portfolio snapshots: the first server's from PostgreSQL (this one's start later), then this one's.
            HttpResponse<String> older = b.get(snapshots);
            assertEquals(200, older.statusCode(), older.body());
            assertEquals(reference.get(snapshots), older.body());
            assertEquals("postgres", older.headers().firstValue(TIERS).orElse(""));
            long localEnd = awaitSnapshots(b, 2);
            b.awaitApplied();
            List<Map<String, Object>> local = list(ok(b, "/api/v1/portfolio/snapshots?from=" + snapshotsEnd
                    + "&to=" + localEnd + "&limit=1000"), "snapshots");
            assertTrue(local.size() >= 2, local.toString());
            List<Map<String, Object>> expected = new ArrayList<>(referenceSnapshots);
            expected.addAll(local);
            HttpResponse<String> across = b.get("/api/v1/portfolio/snapshots?to=" + localEnd + "&limit=1000");
            assertEquals(200, across.statusCode(), across.body());
            assertEquals(expected, list(ExactJson.object(across.body()), "snapshots"));
            assertTrue(across.headers().firstValue(TIERS).orElse("").startsWith("postgres,"),
                    across.headers().firstValue(TIERS).orElse(""));
            assertEquals(expected, pageThrough(b, "/api/v1/portfolio/snapshots?to=" + localEnd, "snapshots", 2));
        }
    }

    @Test
    void postgresUnreachableAnswers503NamingItAndLocalRangesStillAnswer() throws Exception {
        // Nothing listens on port 1: every PostgreSQL connection is refused at once.
        try (TestServer c = TestServer.start(dir.resolve("down"), cfg -> cfg.withMirror(cfg.mirror()
                .withUrl("postgresql://postgres@127.0.0.1:1/test").withSchema(target).withServeReads(true)))) {
            send(c, laterMessages());
            String old = "from=" + DAY_1 + "&to=" + OLD_END;
            List<String> needPostgres = List.of("/api/v1/trades?" + old, "/api/v1/orders?" + old,
                    "/api/v1/positions/history?" + old, "/api/v1/portfolio/snapshots?" + old, "/api/v1/trades");
            HttpResponse<String> last = null;
            for (String q : needPostgres) {
                last = c.get(q);
                assertEquals(503, last.statusCode(), q + ": " + last.body());
                assertTrue(last.body().contains("\"backend\":\"postgres\""), last.body());
                assertEquals("10", last.headers().firstValue("retry-after").orElse(""), q);
            }
            assertTrue(last.body().contains("circuit breaker postgres_reads is open"), last.body());

            // Ranges from the earliest local row on (the fill's, the order's): PostgreSQL is not asked.
            for (String q : List.of("/api/v1/trades?from=" + (LATER + 1_000_000), "/api/v1/orders?from=" + LATER,
                    "/api/v1/positions/history?from=" + (LATER + 1_000_000))) {
                HttpResponse<String> local = c.get(q);
                assertEquals(200, local.statusCode(), q + ": " + local.body());
                assertTrue(local.body().contains("\"symbol\":\"ZZZ\""), local.body());
                String tiers = local.headers().firstValue(TIERS).orElse("");
                assertTrue(tiers.equals("warm") || tiers.equals("hot") || tiers.equals("warm,hot"), q + ": " + tiers);
            }
        }
    }

    /** Waits for {@code count} portfolio snapshots; returns a time just after the last of them. */
    private static long awaitSnapshots(TestServer server, int count) throws Exception {
        long start = System.currentTimeMillis() * 1000;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            List<Map<String, Object>> s = list(ok(server, "/api/v1/portfolio/snapshots?from=" + start + "&limit=1000"),
                    "snapshots");
            if (s.size() >= count) {
                return EpochMicros.parseIso((String) s.get(count - 1).get("snapshot_time")) + 1;
            }
            assertTrue(System.nanoTime() < deadline, "fewer than " + count + " snapshots within 30 s: " + s);
            Thread.sleep(100);
        }
    }


    /**
     * The rows the first server's mirror wrote before the later ones (and its portfolio snapshots before
     * {@code snapshotsEnd}) into the second server's mirror, as they are: the second server never held them.
     */
    private void copyOlderRows(long snapshotsEnd) throws Exception {
        try (Connection c = PostgresUrl.parse(URL).jdbc(null)) {
            copy(c, "orders", "created_at", LATER);
            copy(c, "trades", "executed_at", LATER);
            copy(c, "position_snapshots", "time", LATER);
            copy(c, "portfolio_snapshots", "snapshot_time", snapshotsEnd);
        }
    }

    private void copy(Connection c, String table, String timeColumn, long before) throws Exception {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + target + "." + table + " SELECT * FROM "
                + source + "." + table + " WHERE " + timeColumn + " < " + source + ".make_timestamp(?)")) {
            s.setLong(1, before);
            assertTrue(s.executeUpdate() > 0, table);
        }
    }
}

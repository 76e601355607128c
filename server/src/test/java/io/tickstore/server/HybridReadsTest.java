package io.tickstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickstore.lifecycle.mirror.PostgresUrl;
import io.tickstore.store.read.HistoryTable;
import io.vertx.core.Vertx;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
 * Hybrid reads ({@code mirror.postgres.serve_reads}) against the machine's real PostgreSQL: two days of
 * ticks held only in the mirror's tables answer byte for byte as the same ticks held locally (ticks,
 * stored, rolled-up and ad-hoc bars, pages across the split); {@code X-Tickstore-Tiers} says which tiers
 * answered; with PostgreSQL unreachable such queries answer 503 naming postgres (the breaker opens) while
 * a local range still answers 200.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class HybridReadsTest {
    private static final String URL = "postgresql://postgres@127.0.0.1:5432/test";
    /** 2024-01-02T00:00:00Z. */
    private static final long DAY_1 = 1_704_153_600_000_000L;
    private static final long DAY = 86_400_000_000L;
    /** The one tick every server holds locally: a trade a month after the old days. */
    private static final long LATER = DAY_1 + 30 * DAY + 12_345_678L;

    private final String schema = "hybrid_test_" + Long.toHexString(System.nanoTime());
    @TempDir
    Path dir;

    @AfterEach
    void dropSchema() throws Exception {
        try (Connection c = PostgresUrl.parse(URL).jdbc(null); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    /** One tick as sent and as inserted: decimals as text (null: absent). */
    private record Tick(long timestamp, long sequence, String bid, String ask, String bidSize, String askSize,
                        String last, String lastSize) {
        String json() {
            StringBuilder b = new StringBuilder("{\"type\":\"tick\",\"exchange\":\"BITSTAMP\",\"symbol\":\"BTCUSD\",")
                    .append("\"timestamp\":").append(timestamp).append(",\"sequence_number\":").append(sequence);
            field(b, "bid_price", bid);
            field(b, "ask_price", ask);
            field(b, "bid_size", bidSize);
            field(b, "ask_size", askSize);
            field(b, "last_price", last);
            field(b, "last_size", lastSize);
            return b.append('}').toString();
        }

        private static void field(StringBuilder b, String name, String value) {
            if (value != null) {
                b.append(",\"").append(name).append("\":\"").append(value).append('"');
            }
        }
    }

    /** Two days of ticks: quotes and trades, several at one microsecond (told apart by sequence number). */
    private static List<Tick> oldTicks() {
        List<Tick> ticks = new ArrayList<>();
        long t = DAY_1 + 1_000_001L;
        for (int i = 1; i <= 400; i++) {
            if (i % 7 != 0) {
                t += 431_000_123L; // ~7 minutes; every 7th tick shares the previous one's time
            }
            String price = (42_000 + (i * 37) % 1_000) + "." + String.format("%08d", (i * 7_919_113L) % 100_000_000L);
            if (i % 3 == 0) {
                String ask = new BigDecimal(price).add(new BigDecimal("0.5")).toPlainString();
                ticks.add(new Tick(t, i, price, ask, "0." + i, "1.00000001", null, null));
            } else {
                ticks.add(new Tick(t, i, null, null, null, null, price, "0." + String.format("%08d", i * 12_345L)));
            }
        }
        return ticks;
    }

    private static final Tick LATER_TICK = new Tick(LATER, 10_000, null, null, null, null, "43210.12345678", "0.5");

    /** The requests compared, in order: ticks (whole range, pages), bars of stored, rolled-up and ad-hoc timeframes. */
    private static List<String> queries() {
        long to = DAY_1 + 2 * DAY;
        List<String> q = new ArrayList<>();
        q.add("/api/v1/ticks?exchange=BITSTAMP&symbol=BTCUSD&from=" + DAY_1 + "&to=" + to + "&limit=1000");
        q.add("/api/v1/ticks?exchange=BITSTAMP&symbol=BTCUSD&from=" + DAY_1 + "&to=" + to + "&limit=1000&format=csv");
        q.add("/api/v1/ohlcv?exchange=BITSTAMP&symbol=BTCUSD&timeframe=1h&from=" + DAY_1 + "&to=" + to + "&limit=100");
        q.add("/api/v1/ohlcv?exchange=BITSTAMP&symbol=BTCUSD&timeframe=7m&from=" + DAY_1 + "&to=" + to + "&limit=1000");
        q.add("/api/v1/ohlcv?exchange=BITSTAMP&symbol=BTCUSD&timeframe=90s&from=" + DAY_1 + "&to=" + to + "&limit=1000");
        q.add("/api/v1/ohlcv?exchange=BITSTAMP&symbol=BTCUSD&timeframe=1d&from=" + DAY_1 + "&to=" + (LATER + DAY)
                + "&limit=100");
        q.add("/api/v1/ohlcv?exchange=BITSTAMP&symbol=BTCUSD&timeframe=13m&from=" + DAY_1 + "&to=" + (LATER + DAY)
                + "&limit=1000");
        return q;
    }

    /** Pages of ticks of 37 from the old days to past the later tick: a page spans the split. */
    private static List<String> pages(TestServer server) throws Exception {
        List<String> bodies = new ArrayList<>();
        String base = "/api/v1/ticks?exchange=BITSTAMP&symbol=BTCUSD&from=" + DAY_1 + "&to=" + (LATER + 1) + "&limit=37";
        String cursor = null;
        do {
            HttpResponse<String> r = server.get(base + (cursor == null ? "" : "&cursor=" + cursor));
            assertEquals(200, r.statusCode(), r.body());
            bodies.add(r.body());
            io.vertx.core.json.JsonObject page = new io.vertx.core.json.JsonObject(r.body());
            cursor = page.getString("next_cursor");
        } while (cursor != null);
        return bodies;
    }

    private static void send(TestServer server, List<Tick> ticks) throws Exception {
        Vertx vertx = Vertx.vertx();
        try (IngestClient c = IngestClient.connect(vertx, server.port())) {
            StringBuilder frame = new StringBuilder("[");
            for (Tick t : ticks) {
                frame.append(frame.length() == 1 ? "" : ",").append(t.json());
            }
            assertEquals("ok", c.request(frame.append(']').toString()).getString("status"));
        } finally {
            vertx.close().await();
        }
        server.awaitApplied();
    }

    @Test
    void rowsOnlyInPostgresAnswerAsTheSameRowsHeldLocally() throws Exception {
        List<Tick> old = oldTicks();
        Map<String, String> local = new LinkedHashMap<>();
        List<String> localPages;
        try (TestServer a = TestServer.start(dir.resolve("local"))) {
            List<Tick> all = new ArrayList<>(old);
            all.add(LATER_TICK);
            send(a, all);
            for (String q : queries()) {
                HttpResponse<String> r = a.get(q);
                assertEquals(200, r.statusCode(), q + ": " + r.body());
                assertFalse(r.headers().firstValue("X-Tickstore-Tiers").orElse("").contains("postgres"), q);
                local.put(q, r.body());
            }
            localPages = pages(a);
        }
        assertTrue(local.values().iterator().next().contains("\"ticks\":[{"), "the local answer holds ticks");

        try (TestServer b = TestServer.start(dir.resolve("hybrid"), c -> c.withMirror(c.mirror().withUrl(URL)
                .withSchema(schema).withServeReads(true)))) {
            send(b, List.of(LATER_TICK));
            b.awaitMirror();
            insertIntoMirror(old);
            for (String q : queries()) {
                HttpResponse<String> r = b.get(q);
                assertEquals(200, r.statusCode(), q + ": " + r.body());
                assertEquals(local.get(q), r.body(), q);
                String tiers = r.headers().firstValue("X-Tickstore-Tiers").orElse("");
                // The header names the tiers whose rows are in the answer: PostgreSQL alone, also for the
                // ranges up to LATER + DAY, whose later trade falls in a bucket that starts before the local
                // tiers' earliest tick (so PostgreSQL answers that bucket whole; no local row is in them).
                assertEquals("postgres", tiers, q);
            }
            assertEquals(localPages, pages(b));
            // A range the local tiers hold is answered by them alone.
            HttpResponse<String> later = b.get("/api/v1/ticks?exchange=BITSTAMP&symbol=BTCUSD&from=" + LATER
                    + "&to=" + (LATER + 1));
            assertEquals(200, later.statusCode(), later.body());
            assertTrue(later.body().contains("\"last_price\":43210.12345678"), later.body());
            assertFalse(later.headers().firstValue("X-Tickstore-Tiers").orElseThrow().contains("postgres"));
        }
    }

    @Test
    void daysColdRetentionDroppedAreAnsweredFromTheMirror() throws Exception {
        List<Tick> old = oldTicks();
        List<Tick> all = new ArrayList<>(old);
        all.add(LATER_TICK);
        String oldRange = "/api/v1/ticks?exchange=BITSTAMP&symbol=BTCUSD&from=" + DAY_1 + "&to=" + (DAY_1 + 2 * DAY)
                + "&limit=1000";
        // Days older than the newest one move to cold; cold days more than a week before the newest row are dropped.
        try (TestServer s = TestServer.start(dir.resolve("retention"), c -> c.withMirror(c.mirror().withUrl(URL)
                .withSchema(schema).withServeReads(true)).withLifecycle(c.lifecycle().withEnabled(true).withWarmDays(1)
                .withColdRetentionDays(7).withIntervalSeconds(86_400)))) {
            send(s, all);
            s.awaitMirror();
            HttpResponse<String> before = s.get(oldRange);
            assertEquals(200, before.statusCode(), before.body());
            assertFalse(before.headers().firstValue("X-Tickstore-Tiers").orElse("").contains("postgres"));
            assertTrue(before.body().contains("\"ticks\":[{"), before.body());
            assertEquals(DAY_1 + 1_000_001L + 431_000_123L,
                    s.server.store().read().earliestLocal().get(HistoryTable.MARKET_TICKS));

            assertFalse(s.server.lifecycle().runNow().dropped().isEmpty(), "retention dropped the old days");
            assertEquals(LATER, s.server.store().read().earliestLocal().get(HistoryTable.MARKET_TICKS),
                    "the earliest local tick moved on to what is left");
            HttpResponse<String> after = s.get(oldRange);
            assertEquals(200, after.statusCode(), after.body());
            assertEquals(before.body(), after.body());
            assertEquals("postgres", after.headers().firstValue("X-Tickstore-Tiers").orElse(""));
        }
    }

    @Test
    void postgresUnreachableAnswers503NamingItAndLocalRangesStillAnswer() throws Exception {
        // Nothing listens on port 1: every PostgreSQL connection is refused at once.
        try (TestServer c = TestServer.start(dir.resolve("down"), cfg -> cfg.withMirror(cfg.mirror()
                .withUrl("postgresql://postgres@127.0.0.1:1/test").withSchema(schema).withServeReads(true)))) {
            send(c, List.of(LATER_TICK));
            String old = "/api/v1/ticks?exchange=BITSTAMP&symbol=BTCUSD&from=" + DAY_1 + "&to=" + (DAY_1 + DAY);
            String bars = "/api/v1/ohlcv?exchange=BITSTAMP&symbol=BTCUSD&timeframe=1m&from=" + DAY_1 + "&to=" + (DAY_1 + DAY);
            HttpResponse<String> last = null;
            for (int i = 0; i < 4; i++) {
                last = c.get(i % 2 == 0 ? old : bars);
                assertEquals(503, last.statusCode(), last.body());
                assertTrue(last.body().contains("\"backend\":\"postgres\""), last.body());
            }
            assertTrue(last.body().contains("circuit breaker postgres_reads is open"), last.body());
            String metrics = c.get("/metrics").body();
            List<String> breaker = metrics.lines().filter(l -> l.startsWith("resilience4j_circuitbreaker_state{")
                    && l.contains("name=\"postgres_reads\"") && l.contains("state=\"open\"")).toList();
            assertEquals(1, breaker.size(), metrics);
            assertTrue(breaker.get(0).endsWith(" 1.0"), breaker.toString());

            HttpResponse<String> local = c.get("/api/v1/ticks?exchange=BITSTAMP&symbol=BTCUSD&from=" + LATER
                    + "&to=" + (LATER + DAY));
            assertEquals(200, local.statusCode(), local.body());
            assertTrue(local.body().contains("\"last_price\":43210.12345678"), local.body());
            assertEquals("hot", local.headers().firstValue("X-Tickstore-Tiers").orElseThrow());
            HttpResponse<String> localBars = c.get("/api/v1/ohlcv?exchange=BITSTAMP&symbol=BTCUSD&timeframe=1m&from="
                    + LATER + "&to=" + (LATER + DAY));
            assertEquals(200, localBars.statusCode(), localBars.body());
        }
    }


    /** The old ticks straight into the mirror's table, as an import from elsewhere would leave them. */
    private void insertIntoMirror(List<Tick> ticks) throws Exception {
        try (Connection c = PostgresUrl.parse(URL).jdbc(schema);
             PreparedStatement s = c.prepareStatement("INSERT INTO market_ticks (exchange, symbol, timestamp, bid_price, "
                     + "ask_price, bid_size, ask_size, last_price, last_size, sequence_number, journal_index) "
                     + "VALUES ('BITSTAMP', 'BTCUSD', ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            long index = 1_000_000;
            for (Tick t : ticks) {
                s.setObject(1, OffsetDateTime.ofInstant(Instant.EPOCH.plusNanos(t.timestamp * 1000), ZoneOffset.UTC));
                s.setBigDecimal(2, decimal(t.bid));
                s.setBigDecimal(3, decimal(t.ask));
                s.setBigDecimal(4, decimal(t.bidSize));
                s.setBigDecimal(5, decimal(t.askSize));
                s.setBigDecimal(6, decimal(t.last));
                s.setBigDecimal(7, decimal(t.lastSize));
                s.setLong(8, t.sequence);
                s.setLong(9, index++);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static BigDecimal decimal(String text) {
        return text == null ? null : new BigDecimal(text);
    }
}

package io.tickstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickstore.store.sink.SinkState;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code X-Tickstore-Tiers} names exactly the tiers whose rows are in the answer, for ticks, bars (a
 * stored and an ad-hoc timeframe), trades and orders: ranges in the hot tier only (rows DuckDB has not
 * stored: its sink is made to fail), warm only, cold only, and spanning them. Tick and bar memory are
 * off, so every read goes through the tiered readers.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TiersHeaderTest {
    private static final long MARCH_1 = 1_709_251_200_000_000L; // 2024-03-01T00:00:00Z
    private static final long DAY = 86_400_000_000L;
    private static final String FEED = "exchange=XNAS&symbol=AAPL";
    private static final String TIERS = "X-Tickstore-Tiers";

    @TempDir
    Path dataDir;

    @Test
    void theHeaderNamesTheTiersThatAnswered() throws Exception {
        try (TestServer server = TestServer.start(dataDir, c -> c
                .withQuery(c.query().withTickMemoryMb(0).withBarMemoryDays(0))
                .withLifecycle(c.lifecycle().withEnabled(true).withWarmDays(1).withIntervalSeconds(86_400)));
             Closing vertx = new Closing(Vertx.vertx());
             IngestClient ingest = IngestClient.connect(vertx.vertx, server.port())) {
            // Days 1..4 (March 1..4) stored; a pass moves days 1..3 cold, day 4 stays warm.
            for (int d = 0; d < 4; d++) {
                send(ingest, day(d, 1 + d * 100L));
            }
            server.awaitApplied();
            server.server.lifecycle().runNow();
            assertEquals(3, server.count("cold_partitions"));

            // Day 5 reaches the hot tier only: DuckDB's sink cannot commit.
            execute(server, "ALTER TABLE feed_state RENAME TO feed_state_away");
            send(ingest, day(4, 401));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (server.server.store().warm().state() != SinkState.RETRYING || !server.server.store().pipeline().drained()) {
                assertTrue(System.nanoTime() < deadline, "the DuckDB sink to fail and the hot tier to apply day 5");
                Thread.sleep(10);
            }

            String day1 = range("2024-03-01", "2024-03-02");
            String day4 = range("2024-03-04", "2024-03-05");
            String day5 = range("2024-03-05", "2024-03-06");
            String days1to4 = range("2024-02-28", "2024-03-05");
            String days4to5 = range("2024-03-04", "2024-03-06");
            String all = range("2024-02-28", "2024-03-06");
            for (String path : new String[] {"/api/v1/ticks?" + FEED, "/api/v1/ohlcv?" + FEED + "&timeframe=90s"}) {
                assertTiers(server, path + day1, "cold", 1);
                assertTiers(server, path + day4, "warm", 1);
                assertTiers(server, path + day5, "hot", 1);
                assertTiers(server, path + days1to4, "cold,warm", 4);
                assertTiers(server, path + days4to5, "warm,hot", 2);
                assertTiers(server, path + all, "cold,warm,hot", 5);
            }
            // A stored timeframe: bars of cold days are built from their cold ticks (their stored bars left
            // DuckDB with them), warm days' are stored; the trades DuckDB lacks are folded in from the hot tier.
            String bars = "/api/v1/ohlcv?" + FEED + "&timeframe=1h";
            assertTiers(server, bars + day1, "cold", 1);
            assertTiers(server, bars + day4, "warm", 1);
            assertTiers(server, bars + day5, "hot", 1);
            assertTiers(server, bars + all, "cold,warm,hot", 5);
            for (String path : new String[] {"/api/v1/trades?exchange=XNAS", "/api/v1/orders?exchange=XNAS"}) {
                assertTiers(server, path + day1, "warm", 1);
                assertTiers(server, path + day5, "hot", 1);
                assertTiers(server, path + all, "warm,hot", 5);
            }
            // No row: no tier, no header.
            assertTiers(server, "/api/v1/ticks?" + FEED + range("2020-01-01", "2020-01-02"), null, 0);
            // A page answers with its own rows' tiers: the first page of the whole range is all cold.
            assertEquals("cold", server.get("/api/v1/ticks?" + FEED + all + "&limit=2").headers()
                    .firstValue(TIERS).orElse(null));
            assertEquals("text/csv", server.get("/api/v1/ticks?" + FEED + day1 + "&format=csv").headers()
                    .firstValue("content-type").orElse(null));
            assertEquals("cold", server.get("/api/v1/ticks?" + FEED + day1 + "&format=csv").headers()
                    .firstValue(TIERS).orElse(null));

            execute(server, "ALTER TABLE feed_state_away RENAME TO feed_state");
            server.awaitApplied();
            assertTiers(server, "/api/v1/trades?exchange=XNAS" + day5, "warm", 1);
        }
    }

    /** One day's frame: three ticks (two of them trades), an order and its fill, at hours 10..12 of the day. */
    private static String day(int d, long firstSequence) {
        long t = MARCH_1 + d * DAY + 10 * 3_600_000_000L;
        JsonArray frame = new JsonArray();
        for (int i = 0; i < 3; i++) {
            JsonObject tick = new JsonObject().put("type", "tick").put("exchange", "XNAS").put("symbol", "AAPL")
                    .put("timestamp", t + i * 3_600_000_000L).put("sequence_number", firstSequence + i)
                    .put("bid_price", "100.1234567" + i).put("ask_price", "100.2");
            if (i > 0) {
                tick.put("last_price", "100.15").put("last_size", "0.00000003");
            }
            frame.add(tick);
        }
        String at = java.time.Instant.ofEpochSecond((t + 1_800_000_000L) / 1_000_000).toString();
        frame.add(new JsonObject().put("type", "order").put("order_id", "O-" + d).put("exchange", "XNAS")
                .put("symbol", "AAPL").put("side", "buy").put("order_type", "market").put("quantity", 10)
                .put("status", "submitted").put("created_at", at).put("updated_at", at));
        frame.add(new JsonObject().put("type", "trade").put("trade_id", "T-" + d).put("order_id", "O-" + d)
                .put("exchange", "XNAS").put("symbol", "AAPL").put("side", "buy").put("quantity", 10)
                .put("price", "100.15").put("executed_at", at));
        return frame.encode();
    }

    private static void send(IngestClient ingest, String frame) throws Exception {
        JsonObject reply = ingest.request(frame);
        assertEquals("ok", reply.getString("status"), reply.encode());
    }

    private static String range(String from, String to) {
        return "&from=" + from + "T00:00:00Z&to=" + to + "T00:00:00Z";
    }

    /** The reply is a 200 with {@code rows} rows (days, for bars of a day's trades) and the header says {@code tiers}. */
    private static void assertTiers(TestServer server, String pathAndQuery, String tiers, int days) throws Exception {
        HttpResponse<String> r = server.get(pathAndQuery + "&limit=1000");
        assertEquals(200, r.statusCode(), pathAndQuery + ": " + r.body());
        assertEquals(tiers, r.headers().firstValue(TIERS).orElse(null), pathAndQuery + ": " + r.body());
        JsonObject body = new JsonObject(r.body());
        String list = body.containsKey("ticks") ? "ticks" : body.containsKey("bars") ? "bars"
                : body.containsKey("trades") ? "trades" : "orders";
        int perDay = list.equals("ticks") ? 3 : list.equals("bars") ? 2 : 1;
        assertEquals(days * perDay, body.getJsonArray(list).size(), pathAndQuery + ": " + r.body());
    }

    private static void execute(TestServer server, String sql) throws Exception {
        server.server.store().readers().read(c -> {
            try (Statement s = c.createStatement()) {
                return s.execute(sql);
            }
        });
    }

    /** Closes a Vert.x instance with try-with-resources. */
    private record Closing(Vertx vertx) implements AutoCloseable {
        @Override
        public void close() {
            vertx.close().await();
        }
    }
}

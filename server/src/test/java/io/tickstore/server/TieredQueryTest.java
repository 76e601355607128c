package io.tickstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import io.tickstore.config.TickstoreConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Queries over ranges that span the warm and cold tiers answer byte for byte as before the move:
 * ticks (every page), bars of a stored and of an ad-hoc timeframe, JSON and CSV, through the HTTP API.
 */
class TieredQueryTest {
    private static final long MARCH_1 = 1_709_251_200_000_000L; // 2024-03-01T00:00:00Z
    private static final long DAY = 86_400_000_000L;
    private static final String[][] FEEDS = {{"XNAS", "AAPL"}, {"XNAS", "MSFT"}, {"BATS/EU", "AAPL"}};
    private static final String RANGE = "&from=2024-02-28T00:00:00Z&to=2024-03-10T00:00:00Z";

    @TempDir
    Path dataDir;

    /**
     * Also after a restart, with bar memory (loaded from DuckDB, which no longer holds the cold days' bars)
     * and without: the cold days' bars are built from their ticks, equal to the stored ones they replace.
     */
    @Test
    void answersAreTheSameBeforeAndAfterAMove() throws Exception {
        Function<TickstoreConfig, TickstoreConfig> config = c -> c
                .withQuery(c.query().withTickMemoryMb(0))
                .withLifecycle(c.lifecycle().withEnabled(true).withWarmDays(1).withIntervalSeconds(86_400));
        String before;
        try (TestServer server = TestServer.start(dataDir, config)) {
            ingest(server, 4, 250);
            server.awaitApplied();
            before = answers(server);
            assertTrue(server.count("ohlcv_bars WHERE bucket_start < TIMESTAMP '2024-03-04'") > 0);

            server.server.lifecycle().runNow();

            assertEquals(0, server.count("market_ticks WHERE timestamp < TIMESTAMP '2024-03-04'"));
            assertEquals(0, server.count("ohlcv_bars WHERE bucket_start < TIMESTAMP '2024-03-04'"),
                    "a cold day's stored bars leave DuckDB with its ticks");
            assertTrue(server.count("ohlcv_bars WHERE bucket_start >= TIMESTAMP '2024-03-04'") > 0, "warm days keep theirs");
            assertEquals(3 * 2, server.count("cold_partitions"), "3 days x 2 exchanges");
            String after = answers(server);
            assertTrue(before.length() > 100_000, "a real answer: " + before.length() + " chars");
            assertEquals(before, after);
        }
        try (TestServer restarted = TestServer.start(dataDir, config)) {
            restarted.server.store().awaitBarPreload(60, TimeUnit.SECONDS);
            assertEquals(before, answers(restarted), "after a restart, bar memory loaded from DuckDB");
            var coldDay = restarted.get("/api/v1/ohlcv?exchange=XNAS&symbol=AAPL&timeframe=1m"
                    + "&from=2024-03-02T00:00:00Z&to=2024-03-03T00:00:00Z");
            assertEquals(200, coldDay.statusCode(), coldDay.body());
            assertEquals("cold", coldDay.headers().firstValue("x-tickstore-tiers").orElse(null));
        }
        try (TestServer noBarMemory = TestServer.start(dataDir, config.andThen(c -> c.withQuery(
                c.query().withBarMemoryDays(0))))) {
            assertEquals(before, answers(noBarMemory), "without bar memory");
        }
    }

    /**
     * A late trade into a day already cold (stored in DuckDB, as the late-row rule says, until the next
     * pass rewrites the partition): the bars of that day count it once, equal to those of a store that
     * never moved anything; and so after the next pass and after a restart.
     */
    @Test
    void aLateTradeIntoAColdDayIsInItsBarsOnce(@TempDir Path referenceDir) throws Exception {
        Function<TickstoreConfig, TickstoreConfig> config = c -> c
                .withQuery(c.query().withTickMemoryMb(0).withBarMemoryDays(0))
                .withLifecycle(c.lifecycle().withEnabled(true).withWarmDays(1).withIntervalSeconds(86_400));
        String late = new JsonObject().put("type", "tick").put("exchange", "XNAS").put("symbol", "AAPL")
                .put("timestamp", "2024-03-02T12:00:30Z").put("sequence_number", 1_000_000)
                .put("last_price", "123.45678901").put("last_size", "7.5").encode();
        // (and a range that does not start on a bucket: its first bucket is the next whole one)
        String query = "/api/v1/ohlcv?exchange=XNAS&symbol=AAPL&timeframe=1m&from=2024-03-02T11:00:00Z"
                + "&to=2024-03-02T13:00:00Z&limit=1000";
        String unaligned = "/api/v1/ohlcv?exchange=XNAS&symbol=AAPL&timeframe=5m&from=2024-03-02T11:02:30Z"
                + "&to=2024-03-02T13:00:00Z&limit=1000";
        String expected;
        try (TestServer reference = TestServer.start(referenceDir, c -> c.withQuery(c.query().withTickMemoryMb(0)))) {
            ingest(reference, 4, 250);
            send(reference, late);
            reference.awaitApplied();
            expected = reference.get(query).body() + reference.get(unaligned).body();
            assertTrue(expected.contains("123.45678901"), expected);
        }
        try (TestServer server = TestServer.start(dataDir, config)) {
            ingest(server, 4, 250);
            server.awaitApplied();
            server.server.lifecycle().runNow();
            send(server, late);
            server.awaitApplied();
            assertEquals(expected, server.get(query).body() + server.get(unaligned).body(),
                    "the late trade stored warm, its day cold");
            server.server.lifecycle().runNow();
            assertEquals(expected, server.get(query).body() + server.get(unaligned).body(),
                    "after the pass that rewrote the day");
        }
        try (TestServer restarted = TestServer.start(dataDir, config)) {
            assertEquals(expected, restarted.get(query).body() + restarted.get(unaligned).body(), "after a restart");
        }
    }

    private static void send(TestServer server, String frame) throws Exception {
        Vertx vertx = Vertx.vertx();
        try (IngestClient c = IngestClient.connect(vertx, server.port())) {
            assertEquals("ok", c.request(frame).getString("status"));
        } finally {
            vertx.close().await();
        }
    }

    static void ingest(TestServer server, int days, int perDay) throws Exception {
        Random random = new Random(11);
        Vertx vertx = Vertx.vertx();
        try (IngestClient c = IngestClient.connect(vertx, server.port())) {
            for (String[] feed : FEEDS) {
                long seq = 1;
                for (int d = 0; d < days; d++) {
                    JsonArray frame = new JsonArray();
                    long t = MARCH_1 + d * DAY;
                    for (int i = 0; i < perDay; i++) {
                        t += 1 + random.nextInt((int) (DAY / perDay / 1000)) * 1000L;
                        JsonObject tick = new JsonObject().put("type", "tick").put("exchange", feed[0])
                                .put("symbol", feed[1]).put("timestamp", t).put("sequence_number", seq++)
                                .put("bid_price", "1" + random.nextInt(1000) + "." + random.nextInt(100_000_000))
                                .put("ask_price", "2" + random.nextInt(1000) + ".00000001");
                        if (random.nextInt(3) > 0) {
                            tick.put("last_price", random.nextInt(500) + "." + random.nextInt(100_000_000))
                                    .put("last_size", "0.0000000" + (1 + random.nextInt(9)));
                        }
                        frame.add(tick);
                    }
                    assertEquals("ok", c.request(frame.encode()).getString("status"));
                }
            }
        } finally {
            vertx.close().await();
        }
    }

    /** Every tick page, bar page and CSV answer of every feed over the whole range, concatenated. */
    static String answers(TestServer server) throws Exception {
        StringBuilder out = new StringBuilder();
        for (String[] feed : FEEDS) {
            String f = "exchange=" + URLEncoder.encode(feed[0], StandardCharsets.UTF_8) + "&symbol=" + feed[1];
            List<String> queries = new ArrayList<>();
            queries.add("/api/v1/ticks?" + f + RANGE + "&limit=97");
            queries.add("/api/v1/ohlcv?" + f + "&timeframe=1h" + RANGE + "&limit=50");
            queries.add("/api/v1/ohlcv?" + f + "&timeframe=7m" + RANGE + "&limit=200");
            for (String q : queries) {
                String cursor = null;
                do {
                    var r = server.get(q + (cursor == null ? "" : "&cursor=" + cursor));
                    assertEquals(200, r.statusCode(), q + ": " + r.body());
                    out.append(r.body()).append('\n');
                    cursor = new JsonObject(r.body()).getString("next_cursor");
                } while (cursor != null);
            }
            var csv = server.get("/api/v1/ticks?" + f + RANGE + "&limit=10000&format=csv");
            assertEquals(200, csv.statusCode());
            out.append(csv.body());
        }
        return out.toString();
    }
}

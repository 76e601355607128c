package io.tickstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/tiers} and {@code POST /api/v1/admin/lifecycle/run}: a dry run lists what would move
 * and changes nothing; a run moves it and says what it moved; the listing and the per-tier gauges
 * follow; bad parameters are 400s naming them. (409 while a pass runs: {@code LifecycleCrashTest}, whose
 * server holds a pass paused; 403 without the admin scope and 409 with the lifecycle off: {@code AuthTest}.)
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LifecycleRoutesTest {
    private static final long MARCH_1 = 1_709_251_200_000_000L; // 2024-03-01T00:00:00Z
    private static final long DAY = 86_400_000_000L;
    private static final int PER_DAY = 50;

    @TempDir
    Path dataDir;

    @Test
    void aDryRunListsARunMovesAndTheListingFollows() throws Exception {
        try (TestServer server = TestServer.start(dataDir, c -> c
                .withLifecycle(c.lifecycle().withEnabled(true).withWarmDays(2).withIntervalSeconds(86_400)))) {
            ingest(server, 5);
            server.awaitApplied();

            HttpResponse<String> dry = server.post("/api/v1/admin/lifecycle/run?dry_run=true");
            assertEquals(200, dry.statusCode(), dry.body());
            JsonObject wouldDo = new JsonObject(dry.body());
            assertEquals(true, wouldDo.getBoolean("dry_run"));
            assertEquals(List.of("XNAS 2024-03-01", "XNAS 2024-03-02", "XNYS 2024-03-01", "XNYS 2024-03-02",
                    "XNAS 2024-03-03", "XNYS 2024-03-03").stream().sorted().toList(),
                    partitions(wouldDo.getJsonArray("would_move")).stream().sorted().toList());
            assertEquals(new JsonArray(), wouldDo.getJsonArray("would_drop"));
            assertEquals(0, server.count("cold_partitions"), "a dry run changes nothing");
            assertEquals(2L * 5 * PER_DAY, server.count("market_ticks"));

            JsonObject before = tiers(server);
            assertEquals(List.of("hot", "warm", "cold"), before.getJsonArray("tiers").stream()
                    .map(t -> ((JsonObject) t).getString("tier")).toList());
            JsonObject warm = tier(before, "warm");
            assertEquals(10, warm.getJsonArray("partitions").size());
            assertEquals(2L * 5 * PER_DAY, warm.getJsonObject("totals").getLong("rows"));
            assertEquals("2024-03-01", warm.getJsonObject("totals").getString("oldest_day"));
            assertEquals("2024-03-05", warm.getJsonObject("totals").getString("newest_day"));
            assertTrue(warm.getJsonObject("totals").getLong("bytes") > 0, warm.encode());
            assertEquals(List.of("due", "due", "due", "due", "due", "due", "sealed", "sealed", "sealed", "sealed"),
                    warm.getJsonArray("partitions").stream().map(p -> ((JsonObject) p).getString("state")).toList());
            JsonObject firstWarm = warm.getJsonArray("partitions").getJsonObject(0);
            assertEquals(new JsonObject().put("table", "market_ticks").put("exchange", "XNAS").put("day", "2024-03-01")
                    .put("rows", PER_DAY).put("bytes", null).put("state", "due"), firstWarm);
            assertEquals(0, tier(before, "cold").getJsonArray("partitions").size());
            assertEquals(2L * 5 * PER_DAY, tier(before, "hot").getJsonObject("totals").getLong("rows"),
                    "tick memory holds every tick");

            HttpResponse<String> run = server.post("/api/v1/admin/lifecycle/run");
            assertEquals(200, run.statusCode(), run.body());
            JsonObject did = new JsonObject(run.body());
            assertEquals(false, did.getBoolean("dry_run"));
            JsonObject moved = did.getJsonObject("moved");
            assertEquals(6, moved.getInteger("partitions"));
            assertEquals(6L * PER_DAY, moved.getLong("rows"));
            long fileBytes = 0;
            for (Object p : did.getJsonArray("partitions")) {
                JsonObject m = (JsonObject) p;
                assertEquals(1, m.getInteger("version"));
                assertEquals(PER_DAY, m.getInteger("rows"));
                fileBytes += m.getLong("bytes");
            }
            assertEquals(fileBytes, moved.getLong("bytes"));
            assertTrue(moved.getLong("ms") >= 0);
            assertEquals(new JsonArray(), did.getJsonArray("failed"));
            assertEquals(6, server.count("cold_partitions"));

            JsonObject after = tiers(server);
            JsonObject cold = tier(after, "cold");
            assertEquals(6, cold.getJsonArray("partitions").size());
            assertEquals(6L * PER_DAY, cold.getJsonObject("totals").getLong("rows"));
            assertEquals(fileBytes, cold.getJsonObject("totals").getLong("bytes"));
            assertEquals("2024-03-01", cold.getJsonObject("totals").getString("oldest_day"));
            assertEquals("2024-03-03", cold.getJsonObject("totals").getString("newest_day"));
            assertEquals("cold", cold.getJsonArray("partitions").getJsonObject(0).getString("state"));
            assertEquals(4, tier(after, "warm").getJsonArray("partitions").size());
            assertEquals("2024-03-04", tier(after, "warm").getJsonObject("totals").getString("oldest_day"));

            String metrics = server.get("/metrics").body();
            assertTrue(metrics.contains("tickstore_lifecycle_tier_partitions{tier=\"cold\"} 6.0"), metrics);
            assertTrue(metrics.contains("tickstore_lifecycle_tier_partitions{tier=\"warm\"} 4.0"), metrics);
            assertTrue(metrics.contains("tickstore_lifecycle_tier_rows{tier=\"cold\"} " + 6 * PER_DAY + ".0"), metrics);
            assertTrue(metrics.contains("tickstore_lifecycle_tier_oldest_day_seconds{tier=\"cold\"} 1.7092512E9"), metrics);
            assertTrue(metrics.contains("tickstore_lifecycle_partitions_moved_total 6.0"), metrics);

            // Nothing left to move: a second pass moves nothing.
            JsonObject again = new JsonObject(server.post("/api/v1/admin/lifecycle/run").body());
            assertEquals(0, again.getJsonObject("moved").getInteger("partitions"));

            assertBadParameter(server.post("/api/v1/admin/lifecycle/run?dry_run=yes"), "dry_run",
                    "dry_run: expected true or false, got \"yes\"");
            assertBadParameter(server.post("/api/v1/admin/lifecycle/run?dryrun=true"), "dryrun",
                    "dryrun: unknown parameter; expected one of dry_run");
            assertBadParameter(server.get("/api/v1/tiers?tier=cold"), "tier",
                    "tier: unknown parameter; this endpoint takes none");
            assertEquals(6, server.count("cold_partitions"), "a refused request changes nothing");
        }
    }

    private static void assertBadParameter(HttpResponse<String> r, String parameter, String error) {
        assertEquals(400, r.statusCode(), r.body());
        assertEquals(new JsonObject().put("error", error).put("parameter", parameter), new JsonObject(r.body()));
    }

    private static JsonObject tiers(TestServer server) throws Exception {
        HttpResponse<String> r = server.get("/api/v1/tiers");
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body());
    }

    private static JsonObject tier(JsonObject tiers, String name) {
        for (Object t : tiers.getJsonArray("tiers")) {
            if (((JsonObject) t).getString("tier").equals(name)) {
                return (JsonObject) t;
            }
        }
        throw new AssertionError("no tier " + name + " in " + tiers.encode());
    }

    private static List<String> partitions(JsonArray list) {
        List<String> out = new ArrayList<>();
        for (Object p : list) {
            JsonObject o = (JsonObject) p;
            assertEquals("market_ticks", o.getString("table"));
            out.add(o.getString("exchange") + " " + o.getString("day"));
        }
        return out;
    }

    private static void ingest(TestServer server, int days) throws Exception {
        Vertx vertx = Vertx.vertx();
        try (IngestClient c = IngestClient.connect(vertx, server.port())) {
            for (String exchange : List.of("XNAS", "XNYS")) {
                long seq = 1;
                for (int d = 0; d < days; d++) {
                    JsonArray frame = new JsonArray();
                    for (int i = 0; i < PER_DAY; i++) {
                        frame.add(new JsonObject().put("type", "tick").put("exchange", exchange).put("symbol", "AAPL")
                                .put("timestamp", MARCH_1 + d * DAY + i * 60_000_000L).put("sequence_number", seq++)
                                .put("bid_price", "101.25").put("last_price", "101.3").put("last_size", "2"));
                    }
                    assertEquals("ok", c.request(frame.encode()).getString("status"));
                }
            }
        } finally {
            vertx.close().await();
        }
    }
}

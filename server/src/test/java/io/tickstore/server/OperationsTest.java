package io.tickstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /health, /ready and /metrics on a real server, and that the metrics count what ingest did. */
class OperationsTest {
    @TempDir
    Path dataDir;

    @Test
    void healthReadyAndMetricsReflectIngest() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (TestServer server = TestServer.start(dataDir)) {
            assertEquals(200, server.get("/health").statusCode());
            var ready = server.get("/ready");
            assertEquals(200, ready.statusCode(), ready.body());
            assertEquals("ready", new JsonObject(ready.body()).getString("status"));

            try (IngestClient c = IngestClient.connect(vertx, server.port())) {
                // sequence 1, 2, then 5: one gap of two; then a duplicate; then a rejected frame.
                for (int seq : new int[] {1, 2, 5}) {
                    assertEquals("ok", c.request(tick(seq)).getString("status"));
                }
                assertEquals(1, c.request(tick(5)).getInteger("duplicates"));
                assertEquals("error", c.request("{\"type\":\"tick\"}").getString("status"));
            }
            server.awaitApplied();

            String metrics = server.get("/metrics").body();
            assertEquals(3.0, value(metrics, "tickstore_ingest_messages_total{type=\"tick\"}"), metrics);
            assertEquals(1.0, value(metrics, "tickstore_ingest_duplicates_total{type=\"tick\"}"));
            assertEquals(4.0, value(metrics, "tickstore_ingest_frames_total{outcome=\"ok\"}"));
            assertEquals(1.0, value(metrics, "tickstore_ingest_frames_total{outcome=\"rejected\"}"));
            assertEquals(1.0, value(metrics, "tickstore_ingest_errors_total{type=\"tick\"}"));
            assertEquals(1.0, value(metrics, "tickstore_sequence_gaps_total"));
            assertEquals(2.0, value(metrics, "tickstore_sequence_missing_total"));
            assertEquals(5.0, value(metrics, "tickstore_ingest_ack_latency_seconds_count"));
            long journal = server.server.store().pipeline().lastJournalIndex();
            assertEquals((double) journal, value(metrics, "tickstore_journal_index"));
            assertEquals((double) journal, value(metrics, "tickstore_hot_applied_index"));
            assertEquals((double) journal, value(metrics, "tickstore_sink_applied_index{sink=\"duckdb\"}"));
            assertEquals(0.0, value(metrics, "tickstore_sink_lag_messages{sink=\"duckdb\"}"));
            assertEquals(1.0, value(metrics, "tickstore_sink_up{sink=\"duckdb\"}"));
            assertEquals(3.0, value(metrics, "tickstore_sink_messages_total{sink=\"duckdb\"}"));
            assertTrue(value(metrics, "tickstore_sink_batch_size_count{sink=\"duckdb\"}") >= 1);
            assertTrue(value(metrics, "tickstore_sink_apply_seconds_count{sink=\"duckdb\"}") >= 1);
            assertEquals(0.0, value(metrics, "tickstore_ingest_held{reason=\"hot_tier_full\"}"));
            assertEquals(0.0, value(metrics, "tickstore_ingest_held{reason=\"sink_behind\"}"));

            JsonObject readyNow = new JsonObject(server.get("/ready").body());
            assertEquals(journal, readyNow.getLong("journal_index"));
            assertEquals(journal, readyNow.getLong("hot_applied_index"));
            JsonObject duckdb = readyNow.getJsonArray("sinks").getJsonObject(0);
            assertEquals("duckdb", duckdb.getString("name"));
            assertEquals(journal, duckdb.getLong("applied_index"));
            assertEquals(0, duckdb.getLong("lag_messages"));
            assertEquals("running", duckdb.getString("state"));
            assertTrue(duckdb.getBoolean("required"));
            assertTrue(readyNow.containsKey("backpressure") && readyNow.getValue("backpressure") == null,
                    readyNow.encode());
            assertTrue(metrics.contains("tickstore_ingest_ack_latency_seconds_bucket{le="), "ack latency is a histogram");
            for (String bound : List.of("2.5E-5", "5.0E-5", "1.0E-4", "5.0E-4", "0.001", "0.0025", "1.0")) {
                assertTrue(metrics.contains("tickstore_ingest_ack_latency_seconds_bucket{le=\"" + bound + "\"}"),
                        "ack latency has a bucket bound at " + bound + " s");
            }
            assertEquals(5.0, value(metrics, "tickstore_ingest_ack_latency_seconds_bucket{le=\"+Inf\"}"));

            var gaps = new JsonObject(server.get("/api/v1/gaps?exchange=OPS").body());
            assertEquals(1, gaps.getJsonArray("gaps").size());
            JsonObject gap = gaps.getJsonArray("gaps").getJsonObject(0);
            assertEquals(3, gap.getInteger("from_sequence"));
            assertEquals(4, gap.getInteger("to_sequence"));
            assertEquals(2, gap.getInteger("missing"));
            assertEquals(400, server.get("/api/v1/gaps?limit=0").statusCode());
        } finally {
            vertx.close().await();
        }
    }

    @Test
    void connectionsOverTheLimitAreRefusedWith503() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (TestServer server = TestServer.start(dataDir, c -> c.withIngest(c.ingest().withMaxConnections(1)))) {
            try (IngestClient first = IngestClient.connect(vertx, server.port())) {
                Throwable refused = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                        () -> IngestClient.connect(vertx, server.port()));
                assertTrue(String.valueOf(refused.getMessage()).contains("503"), String.valueOf(refused));
                assertEquals("ok", first.request(tick(1)).getString("status"), "the first connection still works");
            }
        } finally {
            vertx.close().await();
        }
    }

    private static String tick(int seq) {
        return "{\"type\":\"tick\",\"exchange\":\"OPS\",\"symbol\":\"S\",\"timestamp\":\"2024-01-02T00:00:00Z\","
                + "\"bid_price\":1,\"sequence_number\":" + seq + "}";
    }

    private static double value(String metrics, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
        if (!m.find()) {
            throw new AssertionError("no series " + series + " in /metrics");
        }
        return Double.parseDouble(m.group(1));
    }
}

package io.tickstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GET /api/v1/status reads the server's own meters and the store: after known ingest it shows those
 * messages, a rate over its window, the ack latency, the open connection, and every sink tailing the
 * journal, DuckDB at the journal's index with no lag; read-API replies are timed per endpoint and status in
 * tickstore_query_latency_seconds.
 */
class StatusEndpointTest {
    @TempDir
    Path dataDir;

    @Test
    void statusShowsWhatIngestAndQueriesDid() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (TestServer server = TestServer.start(dataDir);
             IngestClient ingest = IngestClient.connect(vertx, server.port())) {
            StringBuilder frame = new StringBuilder("[");
            for (int i = 1; i <= 40; i++) {
                frame.append(i == 1 ? "" : ",").append("{\"type\":\"tick\",\"exchange\":\"ST\",\"symbol\":\"A\",")
                        .append("\"timestamp\":").append(1_704_204_000_000_000L + i).append(",\"last_price\":1.5,")
                        .append("\"last_size\":1,\"sequence_number\":").append(i).append('}');
            }
            assertEquals(40, ingest.request(frame.append(']').toString()).getInteger("accepted"));
            assertEquals("error", ingest.request("{\"type\":\"tick\"}").getString("status"));
            server.awaitApplied();
            assertEquals(200, server.get("/api/v1/ticks?exchange=ST&symbol=A").statusCode());
            assertEquals(400, server.get("/api/v1/ticks?exchange=ST").statusCode());
            assertEquals(404, server.get("/api/v1/orders/NONE").statusCode());
            Thread.sleep(2_200); // two samples after the ingest: the window covers it

            var reply = server.get("/api/v1/status");
            assertEquals(200, reply.statusCode(), reply.body());
            assertEquals("no-store", reply.headers().firstValue("cache-control").orElse(null));
            JsonObject status = new JsonObject(reply.body());
            assertEquals("ready", status.getString("status"));
            assertTrue(status.getDouble("window_seconds") >= 2, reply.body());
            JsonObject in = status.getJsonObject("ingest");
            assertEquals(1, in.getInteger("connections"));
            assertEquals(40, in.getLong("messages_total"));
            assertTrue(in.getDouble("messages_per_second") > 0, reply.body());
            assertTrue(in.getDouble("error_frames_per_second") > 0, "the rejected frame: " + reply.body());
            JsonObject ack = in.getJsonObject("ack_latency_ms");
            assertTrue(ack.getDouble("mean") > 0 && ack.getDouble("p99") >= 0, reply.body());
            long journal = server.server.store().pipeline().lastJournalIndex();
            assertEquals(journal, status.getJsonObject("journal").getLong("index"));
            assertTrue(status.getJsonObject("journal").getLong("disk_free_bytes") > 0, reply.body());
            JsonArray sinks = status.getJsonArray("sinks");
            assertEquals(2, sinks.size(), reply.body());
            JsonObject duckdb = sinks.getJsonObject(0);
            assertEquals("duckdb", duckdb.getString("name"), reply.body());
            assertEquals(journal, duckdb.getLong("applied_index"), reply.body());
            assertEquals(0, duckdb.getLong("lag_messages"), reply.body());
            assertEquals("running", duckdb.getString("state"), reply.body());
            assertEquals("dedupe", sinks.getJsonObject(1).getString("name"), reply.body());
            assertTrue(status.getJsonObject("query").getDouble("requests_per_second") > 0, reply.body());
            assertEquals(0.0, status.getJsonObject("query").getDouble("server_errors_per_second"));

            String metrics = server.get("/metrics").body();
            assertEquals(1.0, count(metrics, "/api/v1/ticks", "200"));
            assertEquals(1.0, count(metrics, "/api/v1/ticks", "400"));
            assertEquals(1.0, count(metrics, "/api/v1/orders/{order_id}", "404"));
            assertNotNull(bucket(metrics), "a histogram with buckets");

            var bad = server.get("/api/v1/status?verbose=1");
            assertEquals(400, bad.statusCode());
            assertEquals("{\"error\":\"verbose: unknown parameter; this endpoint takes none\",\"parameter\":\"verbose\"}",
                    bad.body());
        } finally {
            vertx.close().await();
        }
    }

    private static double count(String metrics, String endpoint, String status) {
        Matcher m = Pattern.compile("tickstore_query_latency_seconds_count\\{endpoint=\"" + Pattern.quote(endpoint)
                + "\",status=\"" + status + "\"} (\\S+)").matcher(metrics);
        assertTrue(m.find(), endpoint + " " + status + " in\n" + metrics);
        return Double.parseDouble(m.group(1));
    }

    private static String bucket(String metrics) {
        Matcher m = Pattern.compile("tickstore_query_latency_seconds_bucket\\{endpoint=\"/api/v1/ticks\",status=\"200\","
                + "le=\"0.001\"} \\S+").matcher(metrics);
        return m.find() ? m.group() : null;
    }
}

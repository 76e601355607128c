package io.tickstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickstore.config.HttpConfig;
import io.tickstore.config.TickstoreConfig;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store that cannot open (here: a damaged deduplication snapshot) leaves the server up, saying
 * why on every route: /ready says failed, and ingest, the live stream, queries and the lifecycle
 * routes answer 503 with the reason instead of "starting; retry shortly", which would keep clients
 * retrying something that never comes.
 */
class StoreOpenFailureTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void everyRouteSaysTheStoreFailedToOpenAndWhy() throws Exception {
        Path snapshot = dir.resolve("dedupe").resolve("snapshot.bin");
        Files.createDirectories(snapshot.getParent());
        Files.write(snapshot, new byte[] {1, 2, 3, 4, 5, 6, 7});
        TickstoreConfig defaults = TickstoreConfig.defaults();
        Server server = Server.start(defaults.withDataDir(dir).withHttp(new HttpConfig("127.0.0.1", 0, 2))
                .withPortfolio(defaults.portfolio().withSnapshotIntervalSeconds(0)));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (server.failure() == null) {
                assertTrue(System.nanoTime() < deadline, "the store neither opened nor failed within 60 s");
                Thread.sleep(20);
            }
            int port = server.port();
            HttpResponse<String> ready = get(port, "/ready");
            assertEquals(503, ready.statusCode());
            JsonObject status = new JsonObject(ready.body());
            assertEquals("failed", status.getString("status"), ready.body());
            String reason = status.getString("reason");
            assertTrue(reason.contains("snapshot.bin"), reason);

            for (String path : new String[] {
                "/api/v1/ohlcv?exchange=X&symbol=Y&timeframe=1m&from=0&to=60000000",
                "/api/v1/ticks?exchange=X&symbol=Y&from=0&to=60000000",
                "/api/v1/quotes/latest?exchange=X",
                LifecycleRoutes.TIERS_PATH,
                "/ws/ingest",
                "/ws/stream"}) {
                HttpResponse<String> r = get(port, path);
                assertEquals(503, r.statusCode(), path + ": " + r.body());
                assertTrue(r.body().contains("store failed to open"), path + ": " + r.body());
                assertTrue(r.body().contains("snapshot.bin"), path + " names the problem: " + r.body());
                assertFalse(r.body().contains("retry shortly"), path + ": " + r.body());
            }
        } finally {
            server.close();
        }
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

package io.tickstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tickstore.config.AuthConfig;
import io.tickstore.config.LimitsConfig;
import io.tickstore.server.auth.AccessControl;
import io.tickstore.server.limits.ClientLimits;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-client limits over real connections: 429 with Retry-After, an error reply on the WebSocket, meters per client. */
class ClientLimitsTest {
    @TempDir
    Path dir;

    static String sha256(String token) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void concurrentQueriesOverTheLimitGet429WithRetryAfter() throws Exception {
        Vertx vertx = Vertx.vertx();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (AccessControl access = AccessControl.start(AuthConfig.none(), "127.0.0.1", 1000)) {
            Router router = Router.router(vertx);
            router.route().handler(access);
            router.route().handler(new ClientLimits(LimitsConfig.defaults().withQueriesPerClient(1), registry));
            // A deliberately slow endpoint behind the real handlers, so two requests overlap for sure.
            CompletableFuture<Void> firstArrived = new CompletableFuture<>();
            router.get("/api/v1/slow").handler(ctx -> {
                firstArrived.complete(null);
                vertx.setTimer(1500, id -> ctx.response().end("{}"));
            });
            router.get("/health").handler(ctx -> ctx.response().end("{}"));
            HttpServer http = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI slow = URI.create("http://127.0.0.1:" + http.actualPort() + "/api/v1/slow");
            CompletableFuture<HttpResponse<String>> first = client.sendAsync(HttpRequest.newBuilder(slow).build(),
                    HttpResponse.BodyHandlers.ofString());
            firstArrived.get(30, TimeUnit.SECONDS);
            HttpResponse<String> second = client.send(HttpRequest.newBuilder(slow).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(429, second.statusCode(), second.body());
            assertEquals("1", second.headers().firstValue("retry-after").orElse(null));
            assertEquals(new JsonObject().put("error", "client addr:127.0.0.1 already has limits.queries_per_client = 1 "
                    + "requests running").put("limit", "queries"), new JsonObject(second.body()));
            // Open paths are not counted.
            assertEquals(200, client.send(HttpRequest.newBuilder(slow.resolve("/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(200, first.get(30, TimeUnit.SECONDS).statusCode());
            assertEquals(200, client.send(HttpRequest.newBuilder(slow).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode(), "the slot is free again once the first answer ended");
            assertEquals(1.0, registry.get("tickstore.client.limited").tag("client", "addr:127.0.0.1")
                    .tag("limit", "queries").counter().count());
        } finally {
            vertx.close().await();
        }
    }

    @Test
    void connectionsAndIngestRatePerToken() throws Exception {
        Path tokens = dir.resolve("tokens");
        Files.writeString(tokens, "feeder ingest " + sha256("f-secret") + "\nother ingest,read " + sha256("o-secret") + "\n");
        try (TestServer server = TestServer.start(dir.resolve("data"), c -> c
                .withAuth(AuthConfig.none().withTokensFile(tokens))
                .withLimits(LimitsConfig.defaults().withConnectionsPerClient(2).withIngestMessagesPerSecond(10)))) {
            Map<String, String> feeder = Map.of("Authorization", "Bearer f-secret");
            List<RawWebSocket> open = new ArrayList<>();
            long stored = 0;
            int refusedTotal;
            int refusedConnections = 1; // the third upgrade below
            try {
                open.add(RawWebSocket.connect(server.port(), "/ws/ingest", feeder));
                open.add(RawWebSocket.connect(server.port(), "/ws/ingest", feeder));
                String third = upgrade(server, feeder);
                assertTrue(third.startsWith("upgrade refused: HTTP/1.1 429"), third);
                assertTrue(third.toLowerCase().contains("retry-after: 1"), third);
                // Another token is its own client.
                try (RawWebSocket o = RawWebSocket.connect(server.port(), "/ws/ingest", Map.of("Authorization", "Bearer o-secret"))) {
                    o.sendText(ticks("OTHER", 1, 1));
                    assertTrue(o.read(10_000).text().startsWith("{\"status\":\"ok\""));
                }

                RawWebSocket ws = open.get(0);
                // Three frames of 8 back to back against 10 messages/s: they span at most two of the limiter's
                // one-second periods, each with room for one frame, so at least one is refused.
                ws.sendText(ticks("RATE", 1, 8));
                ws.sendText(ticks("RATE", 9, 8));
                ws.sendText(ticks("RATE", 17, 8));
                int refused = 0;
                for (int i = 0; i < 3; i++) {
                    String reply = ws.read(10_000).text();
                    if (reply.startsWith("{\"status\":\"ok\",\"accepted\":8")) {
                        stored += 8;
                    } else {
                        assertEquals("{\"status\":\"error\",\"error\":\"rate limit: client feeder is over "
                                + "limits.ingest_messages_per_s = 10; frame not stored, retry within a second\"}", reply);
                        refused++;
                    }
                }
                assertTrue(refused >= 1, "a frame over the rate was refused");
                ws.sendText(ticks("RATE", 25, 11));
                assertEquals("{\"status\":\"error\",\"error\":\"rate limit: a frame of 11 messages is more than "
                        + "limits.ingest_messages_per_s = 10 allows in a second; split it (frame not stored)\"}",
                        ws.read(10_000).text());
                refused++;
                Thread.sleep(1100);
                ws.sendText(ticks("RATE", 40, 8));
                assertTrue(ws.read(10_000).text().startsWith("{\"status\":\"ok\",\"accepted\":8"));
                stored += 8;
                refusedTotal = refused;

                open.remove(1).close();
                refusedConnections += awaitUpgrade(server, feeder, open);
            } finally {
                for (RawWebSocket w : open) {
                    w.close();
                }
            }
            server.awaitApplied();
            assertEquals(stored, server.count("market_ticks WHERE exchange = 'RATE'"), "the refused frames stored nothing");
            String metrics = server.get("/metrics", "Authorization", "Bearer o-secret").body();
            assertTrue(metrics.contains("tickstore_client_limited_total{client=\"feeder\",limit=\"ingest_rate\"} "
                    + refusedTotal + ".0"), metrics);
            assertTrue(metrics.contains("tickstore_client_limited_total{client=\"feeder\",limit=\"connections\"} "
                    + refusedConnections + ".0"), metrics);
            assertTrue(metrics.contains("tickstore_client_connections{client=\"feeder\"} 0.0"), "all closed again: " + metrics);
        }
    }

    /**
     * Upgrades once the server has seen a close; returns how many tries it refused for the connection
     * limit meanwhile (each one counted by the server, which may not have handled the close yet).
     */
    private static int awaitUpgrade(TestServer server, Map<String, String> headers, List<RawWebSocket> open) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        int refusedForLimit = 0;
        while (true) {
            try {
                open.add(RawWebSocket.connect(server.port(), "/ws/ingest", headers));
                return refusedForLimit;
            } catch (java.io.IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                if (String.valueOf(e.getMessage()).startsWith("upgrade refused: HTTP/1.1 429")) {
                    refusedForLimit++;
                }
                Thread.sleep(50);
            }
        }
    }

    private static String upgrade(TestServer server, Map<String, String> headers) throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(server.port(), "/ws/ingest", headers)) {
            return "101";
        } catch (java.io.IOException e) {
            return e.getMessage();
        }
    }

    static String ticks(String exchange, int firstSeq, int n) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"type\":\"tick\",\"exchange\":\"").append(exchange)
                    .append("\",\"symbol\":\"S\",\"timestamp\":\"2024-01-02T00:00:00Z\",\"sequence_number\":")
                    .append(firstSeq + i).append(",\"bid_price\":1}");
        }
        return sb.append(']').toString();
    }
}

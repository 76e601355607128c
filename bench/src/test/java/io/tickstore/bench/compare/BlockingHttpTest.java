package io.tickstore.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link BlockingHttp} against a real Vert.x HTTP server on loopback. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BlockingHttpTest {
    private Vertx vertx;
    private HttpServer server;
    private final AtomicInteger connections = new AtomicInteger();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().connectionHandler(c -> connections.incrementAndGet()).requestHandler(r -> {
            switch (r.path()) {
                case "/length" -> r.response().putHeader("content-type", "application/json")
                        .end("{\"q\":\"" + r.query() + "\",\"text\":\"prix 10€\"}");
                case "/chunked" -> {
                    r.response().setChunked(true);
                    r.response().write("first,");
                    r.response().write("x".repeat(70_000));
                    r.response().end(",last");
                }
                case "/close" -> r.response().putHeader("connection", "close").end("bye");
                default -> r.response().setStatusCode(404).end("no " + r.path());
            }
        }).listen(0, "127.0.0.1").await();
    }

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    @Test
    void repliesComeBackWholeOnOneKeptAliveConnection() throws Exception {
        try (BlockingHttp http = new BlockingHttp("127.0.0.1", server.actualPort())) {
            for (int i = 0; i < 50; i++) {
                BlockingHttp.Reply r = http.get("/length?n=" + i);
                assertEquals(200, r.status());
                assertEquals("{\"q\":\"n=" + i + "\",\"text\":\"prix 10€\"}", r.body(), "UTF-8 body by Content-Length");
                BlockingHttp.Reply c = http.get("/chunked");
                assertEquals("first," + "x".repeat(70_000) + ",last", c.body(), "chunked body");
            }
            BlockingHttp.Reply missing = http.get("/nope");
            assertEquals(404, missing.status());
            assertEquals("no /nope", missing.body());
            assertEquals("/nope", missing.path());
            assertEquals(1, http.connections());
            assertEquals(1, connections.get(), "the server saw one connection");
        }
    }

    @Test
    void aConnectionTheServerClosedIsOpenedAgain() throws Exception {
        try (BlockingHttp http = new BlockingHttp("127.0.0.1", server.actualPort())) {
            assertEquals("bye", http.get("/close").body());
            assertEquals("{\"q\":\"a=1\",\"text\":\"prix 10€\"}", http.get("/length?a=1").body());
            assertEquals(2, http.connections());
        }
    }

    @Test
    void nothingListeningIsAnIoError() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (BlockingHttp http = new BlockingHttp("127.0.0.1", port)) {
            assertThrows(IOException.class, () -> http.get("/length"));
        }
    }
}

package io.tickstore.bench.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickstore.bench.CommandRun;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code ./tickstore query-load}'s clients against an HTTP server that answers each query 5 ms later
 * and counts what it sees: each client is a closed loop on its own keep-alive connection, so the
 * server sees exactly as many connections as clients, never more queries in flight than clients, and
 * every client busy at once. (The server's replies themselves are checked in {@link QueryLoadTest}.)
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class QueryLoadClosedLoopTest {
    private static final Pattern OK = Pattern.compile("queries/s\\s+[\\d,.]+\\s+\\((\\d+) ok, (\\d+) failed\\)");

    private Vertx vertx;
    private HttpServer server;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer()
                .connectionHandler(c -> connections.incrementAndGet())
                .requestHandler(request -> {
                    requests.incrementAndGet();
                    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    vertx.setTimer(5, id -> {
                        inFlight.decrementAndGet();
                        request.response().putHeader("content-type", "application/json")
                                .end("{\"exchange\":\"QL\",\"quote\":{\"bid_price\":\"1.00000000\"}}");
                    });
                })
                .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void eachClientKeepsOneConnectionAndOneQueryInFlight() {
        CommandRun r = CommandRun.of(new QueryLoadCommand(), "--url", "http://127.0.0.1:" + server.actualPort(),
                "--query", "quote", "--clients", "4", "--exchange", "QL", "--symbols", "AAA,BBB",
                "--duration", "1s", "--warmup", "200ms");
        assertEquals(0, r.exitCode(), r.out() + r.err());
        Matcher m = OK.matcher(r.out());
        assertTrue(m.find(), r.out());
        long ok = Long.parseLong(m.group(1));
        assertEquals(4, connections.get(), "one keep-alive connection per client; " + r.out());
        assertEquals(4, maxInFlight.get(), "at most one query in flight per client, all four busy; " + r.out());
        // 5 ms a query, 4 clients: about 800 queries a second; a client that waited for anything but
        // its reply (or stopped) would show far fewer.
        assertTrue(ok > 400, "queries measured in 1 s: " + ok + "; " + r.out());
        assertTrue(requests.get() >= ok, requests.get() + " requests seen, " + ok + " counted");
    }
}

package io.tickstore.server;

import io.tickstore.config.HttpConfig;
import io.tickstore.config.TickstoreConfig;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** An in-process server on a free loopback port with its data in a temp dir, plus test conveniences. */
final class TestServer implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final Server server;

    private TestServer(Server server) {
        this.server = server;
    }

    static TestServer start(Path dataDir) throws Exception {
        return start(dataDir, c -> c);
    }

    static TestServer start(Path dataDir, Function<TickstoreConfig, TickstoreConfig> customize) throws Exception {
        TickstoreConfig defaults = TickstoreConfig.defaults();
        // No scheduled portfolio snapshots unless a test asks: their marks are journal messages at a
        // wall-clock boundary, which could land in the middle of a test that counts journal indexes.
        TickstoreConfig config = customize.apply(defaults
                .withDataDir(dataDir)
                .withHttp(new HttpConfig("127.0.0.1", 0, 2))
                .withPortfolio(defaults.portfolio().withSnapshotIntervalSeconds(0)));
        Server server = Server.start(config);
        server.awaitReady(60, TimeUnit.SECONDS);
        return new TestServer(server);
    }

    int port() {
        return server.port();
    }

    HttpResponse<String> get(String pathAndQuery) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A GET with request headers given as name, value pairs. */
    HttpResponse<String> get(String pathAndQuery, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + pathAndQuery));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A POST without a body, with request headers given as name, value pairs. */
    HttpResponse<String> post(String pathAndQuery, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + pathAndQuery))
                .POST(HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until everything journaled is queryable in the hot tier and stored in DuckDB. */
    void awaitApplied() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        var store = server.store();
        var pipeline = store.pipeline();
        while (!pipeline.drained() || !store.warm().awaitApplied(store.journal().lastIndex(), 0, TimeUnit.SECONDS)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the hot tier or a sink did not catch up: hot " + pipeline.hotAppliedIndex()
                        + ", journal " + pipeline.lastJournalIndex() + ", sinks " + store.sinks());
            }
            Thread.sleep(5);
        }
    }

    /**
     * Waits (up to 10 s) until the reply bodies in pooled buffers not yet given back are {@code expected}
     * again ({@link io.tickstore.query.PooledBody#held}): a write's completion, which gives a body back,
     * runs just after the client has its last byte. Fails naming {@code when} otherwise.
     */
    static void awaitPooledBodiesHeld(long expected, String when) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (io.tickstore.query.PooledBody.held() != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        if (io.tickstore.query.PooledBody.held() != expected) {
            throw new AssertionError("pooled reply bodies not given back " + when + ": expected " + expected
                    + " held, " + io.tickstore.query.PooledBody.held() + " are");
        }
    }

    /** Waits until the PostgreSQL mirror (the sink {@code postgres}) has applied everything journaled. */
    void awaitMirror() throws InterruptedException {
        var store = server.store();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (store.sinks().stream().filter(s -> s.name().equals("postgres")).findFirst().orElseThrow()
                .appliedIndex() < store.journal().lastIndex()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the mirror did not catch up: " + store.sinks());
            }
            Thread.sleep(20);
        }
    }

    long count(String table) throws Exception {
        return server.store().readers().read(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /**
     * Rows of {@code sql}; decimals come back as their shortest exact plain text ("800.01", "100"),
     * timestamps as {@link java.time.LocalDateTime} in UTC.
     */
    List<List<Object>> rows(String sql) throws Exception {
        return server.store().readers().read(c -> {
            List<List<Object>> out = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int i = 1; i <= n; i++) {
                        Object v = rs.getObject(i);
                        if (v instanceof BigDecimal b) {
                            v = b.stripTrailingZeros().toPlainString();
                        } else if (v instanceof java.sql.Timestamp t) {
                            v = t.toLocalDateTime(); // TIMESTAMP columns hold UTC wall-clock values
                        }
                        row.add(v);
                    }
                    out.add(row);
                }
            }
            return out;
        });
    }

    @Override
    public void close() {
        server.close();
    }
}

package io.tickstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickstore.lifecycle.cold.MoveStep;
import io.tickstore.standins.S3ProxyServer;
import io.tickstore.store.cold.ColdLayout;
import io.tickstore.store.cold.ColdTable;
import io.tickstore.store.cold.TieredTable;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A real server JVM SIGKILLed at each step of a warm to cold move: after the kill every partition is
 * wholly warm or wholly cold (each row counted exactly once, by the store's own tiered read and by an
 * independent count); the next start finishes the move and deletes what the interrupted one left.
 */
@Tag("slow")
class LifecycleCrashTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final long MARCH_1 = 1_709_251_200_000_000L; // 2024-03-01T00:00:00Z
    private static final long DAY = 86_400_000_000L;
    private static final List<String> EXCHANGES = List.of("XNAS", "ARCA");
    private static final List<String> SYMBOLS = List.of("AAPL", "MSFT");
    private static final int DAYS = 3;
    private static final int PER_DAY = 200;
    /** warm_days = 1 of 3 days: 2 days x 2 exchanges move. */
    private static final int DUE = 2 * EXCHANGES.size();
    private static final Map<String, String> LIFECYCLE = Map.of("TICKSTORE_LIFECYCLE_ENABLED", "true",
            "TICKSTORE_LIFECYCLE_WARM_DAYS", "1", "TICKSTORE_LIFECYCLE_INTERVAL_S", "1",
            "TICKSTORE_QUERY_TICK_MEMORY_MB", "0");

    @TempDir
    Path dir;
    @TempDir
    static Path template;

    /** Ticks of 3 days, all stored in DuckDB (a clean stop), before any lifecycle pass: copied for each step. */
    @BeforeAll
    static void load() throws Exception {
        try (ServerProcess loader = ServerProcess.start(template.resolve("data"), template.resolve("loader.log"))) {
            loader.awaitReady();
            ingest(loader.port());
            loader.stop();
        }
    }

    private static void copy(Path from, Path to) throws Exception {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = MoveStep.class, mode = EnumSource.Mode.EXCLUDE, names = {"UPLOADED", "UPLOAD_VERIFIED",
            "UPLOAD_RECORDED", "LOCAL_DROPPED"})
    void aKillAtEveryStepLeavesEachPartitionInExactlyOneTier(MoveStep step) throws Exception {
        Path data = dir.resolve("data");
        Path log = dir.resolve("server.log");
        copy(template.resolve("data"), data);
        // The start-up pass stops at the step; then SIGKILL.
        try (ServerProcess server = ServerProcess.start(data, log, LIFECYCLE,
                List.of("-D" + MoveStep.PAUSE_PROPERTY + "=" + step.name()))) {
            String marker = "lifecycle paused after " + step;
            awaitLog(log, marker, server);
            // A pass is running (paused): one on demand, or a dry run, is refused at once.
            for (String run : List.of("/api/v1/admin/lifecycle/run", "/api/v1/admin/lifecycle/run?dry_run=true")) {
                HttpResponse<String> busy = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                        + run)).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(409, busy.statusCode(), busy.body());
                assertEquals("a lifecycle pass is already running; retry when it has finished",
                        new io.vertx.core.json.JsonObject(busy.body()).getString("error"));
            }
            server.kill();
        }

        // Right after the kill: the paused partition is wholly in one tier, every row once.
        int cold = verify(data, step + " after the kill");
        assertEquals(step == MoveStep.COMMITTED ? 1 : 0, cold, "partitions cold after a kill at " + step);

        // The next start resumes: every due partition moves, the interrupted move's files are gone.
        try (ServerProcess restarted = ServerProcess.start(data, log, LIFECYCLE)) {
            restarted.awaitReady();
            awaitMetric(restarted, "tickstore_lifecycle_tier_partitions{tier=\"cold\"} " + DUE + ".0");
            restarted.stop();
        }
        assertEquals(DUE, verify(data, step + " after the restart"));
        try (Stream<Path> files = Files.walk(data.resolve("cold"))) {
            List<String> names = files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(java.util.Collections.nCopies(DUE, "v1.parquet"), names, "only the committed files remain");
        }
    }

    /**
     * The S3 steps, with s3proxy in this JVM and local_cold_days = 0: after a kill at upload, verify, record
     * or drop-local, each cold partition is in exactly one state (local, uploaded, s3-only) and every tick is
     * read once (S3-only ones fetched from the bucket); the next start uploads and drops the rest, leaving
     * one object per partition, no local copies and no incomplete multipart upload.
     */
    @ParameterizedTest
    @EnumSource(value = MoveStep.class, names = {"UPLOADED", "UPLOAD_VERIFIED", "UPLOAD_RECORDED", "LOCAL_DROPPED"})
    void aKillAtEveryS3StepLeavesEachPartitionInExactlyOneState(MoveStep step) throws Exception {
        Path data = dir.resolve("data");
        Path log = dir.resolve("server.log");
        copy(template.resolve("data"), data);
        try (S3ProxyServer s3 = S3ProxyServer.start(dir.resolve("objects"))) {
            Map<String, String> env = new java.util.HashMap<>(LIFECYCLE);
            env.put("TICKSTORE_LIFECYCLE_S3_ENDPOINT", s3.endpoint());
            env.put("TICKSTORE_LIFECYCLE_S3_BUCKET", S3ProxyServer.BUCKET);
            env.put("TICKSTORE_LIFECYCLE_S3_ACCESS_KEY", S3ProxyServer.ACCESS_KEY);
            env.put("TICKSTORE_LIFECYCLE_S3_SECRET_KEY", S3ProxyServer.SECRET_KEY);
            env.put("TICKSTORE_LIFECYCLE_LOCAL_COLD_DAYS", "0");
            try (ServerProcess server = ServerProcess.start(data, log, env,
                    List.of("-D" + MoveStep.PAUSE_PROPERTY + "=" + step.name()))) {
                awaitLog(log, "lifecycle paused after " + step, server);
                server.kill();
            }

            Map<String, Long> states = states(data);
            long expectedLocal = switch (step) {
                case UPLOADED, UPLOAD_VERIFIED -> DUE;
                case UPLOAD_RECORDED -> DUE - 1;
                default -> 0;
            };
            assertEquals(expectedLocal, states.getOrDefault("local", 0L), step + ": local partitions " + states);
            assertEquals(step == MoveStep.LOCAL_DROPPED ? 1L : 0L, states.getOrDefault("s3-only", 0L),
                    step + ": " + states);
            assertEquals(DUE, states.values().stream().mapToLong(Long::longValue).sum(), step + ": " + states);
            assertEquals(DUE, verify(data, step + " after the kill", s3));

            try (ServerProcess restarted = ServerProcess.start(data, log, env)) {
                restarted.awaitReady();
                awaitMetric(restarted, "tickstore_lifecycle_s3_partitions{state=\"s3-only\"} " + DUE + ".0");
                restarted.stop();
            }
            assertEquals(Map.of("s3-only", (long) DUE), states(data), step + " after the restart");
            assertEquals(DUE, s3.objects(), "one object per partition");
            try (Stream<Path> files = Files.walk(data.resolve("cold"))) {
                assertEquals(List.of(), files.filter(Files::isRegularFile).toList(), "no local copies remain");
            }
            assertEquals(DUE, verify(data, step + " after the restart", s3));
        }
    }

    /** Cold partitions by S3 state (a stopped server's data directory). */
    private static Map<String, Long> states(Path data) throws Exception {
        Map<String, Long> out = new java.util.TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + data.resolve("tickstore.duckdb"));
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT coalesce(o.state, 'local'), count(*) FROM cold_partitions p "
                     + "LEFT JOIN cold_objects o ON o.path = p.path GROUP BY ALL")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    private static int verify(Path data, String context) throws Exception {
        return verify(data, context, null);
    }

    /**
     * Checks the data directory of a stopped server: no partition both warm and cold, every manifest file
     * present (or, S3-only, fetched from {@code s3}), every ingested tick read exactly once through the
     * store's tiered source; returns how many partitions are cold.
     */
    private static int verify(Path data, String context, S3ProxyServer s3) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + data.resolve("tickstore.duckdb"));
             Statement s = c.createStatement()) {
            int cold = 0;
            try (ResultSet rs = s.executeQuery("SELECT exchange, day, p.path, rows, (SELECT count(*) FROM market_ticks m "
                    + "WHERE m.exchange = p.exchange AND CAST(m.timestamp AS DATE) = p.day), o.state "
                    + "FROM cold_partitions p LEFT JOIN cold_objects o ON o.path = p.path")) {
                while (rs.next()) {
                    cold++;
                    assertEquals(0, rs.getLong(5), context + ": " + rs.getString(1) + " " + rs.getString(2)
                            + " is cold and still has warm rows");
                    assertEquals(2 * PER_DAY, rs.getLong(4), context);
                    if (!"s3-only".equals(rs.getString(6))) {
                        assertTrue(Files.isRegularFile(ColdLayout.resolve(data.resolve("cold"), rs.getString(3))), context);
                    }
                }
            }
            io.tickstore.lifecycle.s3.S3Tier tier = s3 == null ? null : io.tickstore.lifecycle.s3.S3Tier.open(
                    io.tickstore.config.S3Config.none().withEndpoint(s3.endpoint()).withBucket(S3ProxyServer.BUCKET)
                            .withCredentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY),
                    dir(data).resolve("verify-cache"), java.time.Duration.ofSeconds(1),
                    new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
            TieredTable ticks = tier == null ? new TieredTable(ColdTable.MARKET_TICKS, data.resolve("cold"))
                    : new TieredTable(ColdTable.MARKET_TICKS, data.resolve("cold"), tier.cache());
            long total = 0;
            for (String exchange : EXCHANGES) {
                String source = ticks.source(c, exchange, MARCH_1, MARCH_1 + DAYS * DAY).from();
                try (ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT (symbol, sequence_number)), "
                        + "count(DISTINCT CAST(timestamp AS DATE)) FROM " + source + " WHERE exchange = '" + exchange + "'")) {
                    rs.next();
                    assertEquals(SYMBOLS.size() * DAYS * PER_DAY, rs.getLong(1), context + ": " + exchange + " rows");
                    assertEquals(rs.getLong(1), rs.getLong(2), context + ": " + exchange + " a row counted twice");
                    assertEquals(DAYS, rs.getLong(3), context);
                    total += rs.getLong(1);
                }
            }
            assertEquals(EXCHANGES.size() * SYMBOLS.size() * DAYS * PER_DAY, total, context);
            if (tier != null) {
                tier.close();
            }
            return cold;
        }
    }

    /** A directory beside the data directory (the S3 cache of a verification, outside cold/). */
    private static Path dir(Path data) {
        return data.toAbsolutePath().getParent();
    }

    private static void ingest(int port) throws Exception {
        Vertx vertx = Vertx.vertx();
        try (IngestClient c = IngestClient.connect(vertx, port)) {
            for (String exchange : EXCHANGES) {
                for (String symbol : SYMBOLS) {
                    long seq = 1;
                    for (int d = 0; d < DAYS; d++) {
                        JsonArray frame = new JsonArray();
                        for (int i = 0; i < PER_DAY; i++) {
                            frame.add(new JsonObject().put("type", "tick").put("exchange", exchange).put("symbol", symbol)
                                    .put("timestamp", MARCH_1 + d * DAY + i * 60_000_000L).put("sequence_number", seq++)
                                    .put("bid_price", "100." + seq).put("last_price", "100.5").put("last_size", "0.00000001"));
                        }
                        assertEquals("ok", c.request(frame.encode()).getString("status"));
                    }
                }
            }
        } finally {
            vertx.close().await();
        }
    }

    private static void awaitLog(Path log, String marker, ServerProcess server) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(marker)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no \"" + marker + "\" in 180 s; log:\n" + server.tail());
    }

    private static void awaitMetric(ServerProcess server, String line) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        String body = "";
        while (System.nanoTime() < deadline) {
            body = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            if (body.lines().anyMatch(l -> l.startsWith(line))) {
                return;
            }
            Thread.sleep(100);
        }
        List<String> lifecycle = new ArrayList<>(body.lines().filter(l -> l.contains("lifecycle")).toList());
        throw new AssertionError("no metric line " + line + " in 180 s: " + lifecycle + "\n" + server.tail());
    }
}

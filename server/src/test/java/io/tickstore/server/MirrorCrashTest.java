package io.tickstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickstore.lifecycle.mirror.PostgresUrl;
import io.tickstore.server.cli.TickstoreCli;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A real server JVM with the mirror on the machine's PostgreSQL, killed with SIGKILL while the mirror
 * is behind (small transactions): after a restart the mirror catches up and PostgreSQL holds every acked
 * tick exactly once, and verify-mirror finds tickstore and PostgreSQL equal.
 */
@Tag("slow")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class MirrorCrashTest {
    private static final String URL = "postgresql://postgres@127.0.0.1:5432/test";
    private final String schema = "crash_test_" + Long.toHexString(System.nanoTime());
    @TempDir
    Path dir;

    @AfterEach
    void dropSchema() throws Exception {
        try (Connection c = PostgresUrl.parse(URL).jdbc(null); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private long pg(String sql) throws Exception {
        try (Connection c = PostgresUrl.parse(URL).jdbc(schema); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String frame(long fromSeq, int n) {
        StringBuilder f = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            long seq = fromSeq + i;
            f.append(i == 0 ? "" : ",").append("{\"type\":\"tick\",\"exchange\":\"CRASH\",\"symbol\":\"S")
                    .append(seq % 7).append("\",\"timestamp\":").append(1_704_153_600_000_000L + seq * 1_000L)
                    .append(",\"last_price\":\"").append(100 + seq % 50).append(".25\",\"last_size\":\"0.")
                    .append(seq % 9 + 1).append("\",\"sequence_number\":").append(seq).append('}');
        }
        return f.append(']').toString();
    }

    private static void send(ServerProcess server, long fromSeq, int frames) throws Exception {
        Vertx vertx = Vertx.vertx();
        try (IngestClient c = IngestClient.connect(vertx, server.port())) {
            for (int i = 0; i < frames; i++) {
                assertEquals("ok", c.request(frame(fromSeq + i * 500L, 500)).getString("status"));
            }
        } finally {
            vertx.close().await();
        }
    }

    @Test
    void sigkillMidMirrorLosesNothingAndDoublesNothing() throws Exception {
        Path data = dir.resolve("data");
        Map<String, String> env = Map.of("TICKSTORE_MIRROR_POSTGRES_URL", URL, "TICKSTORE_MIRROR_POSTGRES_SCHEMA", schema,
                "TICKSTORE_MIRROR_POSTGRES_MAX_BATCH", "100");
        try (ServerProcess first = ServerProcess.start(data, dir.resolve("first.log"), env)) {
            first.awaitReady();
            send(first, 1, 40); // 20,000 acked ticks; the mirror writes 100 a transaction
            first.kill();
        }
        long mirroredAtKill = pg("SELECT count(*) FROM market_ticks");
        assertTrue(mirroredAtKill < 20_000, "the kill should land while the mirror is behind: " + mirroredAtKill);

        try (ServerProcess second = ServerProcess.start(data, dir.resolve("second.log"), env)) {
            second.awaitReady();
            send(second, 20_001, 2);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (pg("SELECT count(*) FROM market_ticks") < 21_000) {
                assertTrue(System.nanoTime() < deadline, "the mirror did not catch up; log:\n" + second.tail());
                Thread.sleep(100);
            }
            second.stop();
        }
        assertEquals(21_000, pg("SELECT count(*) FROM market_ticks"));
        assertEquals(21_000, pg("SELECT count(DISTINCT sequence_number) FROM market_ticks"));

        Path config = dir.resolve("tickstore.properties");
        Files.writeString(config, "data.dir = " + data + "\nmirror.postgres.url = " + URL
                + "\nmirror.postgres.schema = " + schema + "\n");
        StringWriter out = new StringWriter();
        CommandLine cli = TickstoreCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        assertEquals(0, cli.execute("verify-mirror", "--config", config.toString()), out.toString());
        assertTrue(out.toString().startsWith("equal: 7 partitions"), out.toString());
    }
}

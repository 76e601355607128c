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
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A server with the mirror on the machine's real PostgreSQL, fed over the ingest WebSocket, then stopped:
 * {@code verify-mirror} finds both equal, and after a change made in PostgreSQL names the partition and
 * exits 1.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class VerifyMirrorCommandTest {
    private static final String URL = "postgresql://postgres@127.0.0.1:5432/test";
    private final String schema = "verify_test_" + Long.toHexString(System.nanoTime());
    @TempDir
    Path dir;

    @AfterEach
    void dropSchema() throws Exception {
        try (Connection c = PostgresUrl.parse(URL).jdbc(null); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private record Run(int exit, String out, String err) {
    }

    private Run verify(Path config, String... more) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = TickstoreCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        String[] args = new String[3 + more.length];
        args[0] = "verify-mirror";
        args[1] = "--config";
        args[2] = config.toString();
        System.arraycopy(more, 0, args, 3, more.length);
        return new Run(cli.execute(args), out.toString(), err.toString());
    }

    @Test
    void equalAfterMirroringAndADifferenceMadeInPostgresIsListed() throws Exception {
        Path data = dir.resolve("data");
        TestServer server = TestServer.start(data, c -> c.withMirror(c.mirror().withUrl(URL).withSchema(schema)));
        try {
            Vertx vertx = Vertx.vertx();
            try (IngestClient c = IngestClient.connect(vertx, server.port())) {
                StringBuilder frame = new StringBuilder("[");
                for (int i = 1; i <= 500; i++) {
                    frame.append(i == 1 ? "" : ",").append("{\"type\":\"tick\",\"exchange\":\"BITSTAMP\",\"symbol\":\"")
                            .append(i % 2 == 0 ? "BTCUSD" : "ETHUSD").append("\",\"timestamp\":")
                            .append(1_704_153_600_000_000L + i * 600_000_000L) // 10 minutes apart: 4 days
                            .append(",\"last_price\":\"").append(40_000 + i).append(".12345678\",\"last_size\":\"0.")
                            .append(i).append("\",\"sequence_number\":").append(i).append('}');
                }
                assertEquals("ok", c.request(frame.append(']').toString()).getString("status"));
            } finally {
                vertx.close().await();
            }
            server.awaitApplied();
            var store = server.server.store();
            var mirror = store.sinks().stream().filter(s -> s.name().equals("postgres")).findFirst().orElseThrow();
            assertEquals("postgres", mirror.name());
            server.awaitMirror();
        } finally {
            server.close();
        }
        Path config = dir.resolve("tickstore.properties");
        Files.writeString(config, "data.dir = " + data + "\nmirror.postgres.url = " + URL + "\nmirror.postgres.schema = "
                + schema + "\n");

        Run clean = verify(config);
        assertEquals(0, clean.exit(), clean.out() + clean.err());
        assertTrue(clean.out().startsWith("equal: 8 partitions (rows up to journal index "), clean.out());

        try (Connection c = PostgresUrl.parse(URL).jdbc(schema); Statement s = c.createStatement()) {
            assertEquals(1, s.executeUpdate("DELETE FROM market_ticks WHERE sequence_number = 200"));
        }
        Run broken = verify(config);
        assertEquals(1, broken.exit(), broken.out() + broken.err());
        assertTrue(broken.out().contains("differs: market_ticks BITSTAMP BTCUSD 2024-01-03: tickstore count 72, sum(price) 2895488.88888816, sum(size) 15.48; postgres count 71"),
                broken.out());
        assertTrue(broken.out().contains("1 of 8 partitions differ"), broken.out());
        Run otherDays = verify(config, "--from", "2024-01-04");
        assertEquals(0, otherDays.exit(), otherDays.out());
    }
}

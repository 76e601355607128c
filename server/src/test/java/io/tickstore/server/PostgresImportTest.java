package io.tickstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickstore.lifecycle.mirror.PostgresUrl;
import io.tickstore.server.cli.TickstoreCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code tickstore import} from a table in the machine's real PostgreSQL into a running server: columns
 * mapped, bad rows listed with their key and the server's reason, a partial run resumed, a frame sent
 * again after a lost progress write answered as duplicates — every good row exactly once.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PostgresImportTest {
    private static final String URL = "postgresql://postgres@127.0.0.1:5432/test";
    private final String schema = "import_test_" + Long.toHexString(System.nanoTime());
    @TempDir
    Path dir;
    private TestServer server;

    @BeforeEach
    void setUp() throws Exception {
        server = TestServer.start(dir.resolve("data"));
        try (Connection c = PostgresUrl.parse(URL).jdbc(null); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
            s.execute("CREATE TABLE " + schema + ".old_ticks (id bigserial, ts timestamptz NOT NULL, venue text, "
                    + "sym text, seq bigint, px numeric, qty numeric(18,8), note text)");
            s.execute("INSERT INTO " + schema + ".old_ticks (ts, venue, sym, seq, px, qty, note) "
                    + "SELECT timestamptz '2023-03-01 10:00:00+00' + g * interval '1 ms', 'LEGACY', "
                    + "CASE WHEN g % 2 = 0 THEN 'EURUSD' ELSE 'GBPUSD' END, g, "
                    + "CASE WHEN g = 100 THEN 1.123456789 ELSE 1.05 + g / 100000.0 END, "
                    + "CASE WHEN g = 4000 THEN -1 ELSE 0.5 END, 'imported' FROM generate_series(1, 5000) g");
            s.execute("INSERT INTO " + schema + ".old_ticks (ts, venue, sym, seq, px, qty) "
                    + "VALUES ('2023-03-01 10:00:00+00', 'OTHER', 'X', 1, 1, 1)"); // left out by --where
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        server.close();
        try (Connection c = PostgresUrl.parse(URL).jdbc(null); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private record Run(int exit, String out, String err) {
    }

    private Run importTicks(String... more) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = TickstoreCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        List<String> args = new java.util.ArrayList<>(List.of("import", "--from", URL, "--table", schema + ".old_ticks",
                "--kind", "ticks", "--map", "ts=timestamp,venue=exchange,sym=symbol,seq=sequence_number",
                "--map", "px=last_price,qty=last_size", "--where", "venue = 'LEGACY'",
                "--server", "ws://127.0.0.1:" + server.port() + "/ws/ingest",
                "--progress-file", dir.resolve("import.progress").toString(), "--frame-rows", "700"));
        args.addAll(List.of(more));
        System.setProperty("tickstore.progress", "none");
        int exit = cli.execute(args.toArray(new String[0]));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void importsEveryGoodRowExactlyOnceAcrossAStopAndAResendAndListsTheBadOnes() throws Exception {
        Run first = importTicks("--max-rows", "2500"); // EURUSD sorts first: its 2500 rows, two of them bad
        assertEquals(1, first.exit(), first.out() + first.err());
        assertTrue(first.err().contains("bad row 49 (exchange=LEGACY symbol=EURUSD sequence_number=100): last_price: "
                + "expected a decimal with at most 8 fraction digits, got 1.123456789"), first.err());
        assertTrue(first.out().contains("refused row 1999 (exchange=LEGACY symbol=EURUSD sequence_number=4000): "
                + "last_size: must not be negative, got -1"), first.out());
        assertTrue(first.out().contains("2500 rows read from row 0"), first.out());
        assertEquals("rows_done=2500\nbad_rows=2\n", Files.readString(dir.resolve("import.progress"), StandardCharsets.UTF_8));
        server.awaitApplied();
        assertEquals(2_498, server.count("market_ticks"));

        Run rest = importTicks();
        assertEquals(0, rest.exit(), rest.out() + rest.err());
        assertTrue(rest.out().contains("2500 rows read from row 2500"), rest.out());
        assertTrue(rest.out().contains(": 2500 stored, 0 already held, 0 refused; 5000 of 5000 rows done"), rest.out());
        server.awaitApplied();
        assertEquals(4_998, server.count("market_ticks"));

        // A kill after the server's ack but before the progress file was written: those frames go again.
        Files.writeString(dir.resolve("import.progress"), "rows_done=3000\nbad_rows=2\n", StandardCharsets.UTF_8);
        Run again = importTicks();
        assertEquals(0, again.exit(), again.out() + again.err());
        assertTrue(again.out().contains(": 0 stored, 2000 already held, 0 refused"), again.out());
        server.awaitApplied();
        assertEquals(4_998, server.count("market_ticks"));
        assertEquals(List.of(List.of("4998", "2500", "1")), server.rows(
                "SELECT count(DISTINCT sequence_number)::VARCHAR, count(*) FILTER (WHERE symbol = 'GBPUSD')::VARCHAR, "
                        + "count(DISTINCT exchange)::VARCHAR FROM market_ticks"));
        assertEquals(List.of(List.of("1.1", "0.5")),
                server.rows("SELECT last_price, last_size FROM market_ticks WHERE sequence_number = 5000"));
    }

    @Test
    void aBadCommandLineNamesTheOption() {
        StringWriter err = new StringWriter();
        CommandLine cli = TickstoreCli.commandLine();
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute("import", "--from", URL, "--table", "t", "--kind", "quotes");
        Run r = new Run(exit, "", err.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--kind: expected ticks, trades or orders, got quotes"), r.err());
    }
}

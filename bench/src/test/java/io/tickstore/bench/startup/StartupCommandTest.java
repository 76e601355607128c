package io.tickstore.bench.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickstore.bench.CommandRun;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command on a small data directory: three real server processes, two of them killed with SIGKILL
 * right after a tail was acked; every tick of every tail is in DuckDB at the end (the last server
 * stops cleanly). What it measures is for BENCHMARKS.md, not a test.
 */
class StartupCommandTest {
    @TempDir
    Path dir;

    @Test
    void timesEachStartAndLosesNoTickAcrossTheKills() throws Exception {
        CommandRun r = CommandRun.of(new StartupCommand(), "--data-dir", dir.toString(), "--rounds", "3",
                "--tail", "700", "--timeout", "120");
        assertEquals(0, r.exitCode(), r.out() + r.err());
        List<String> rows = r.out().lines().filter(l -> l.matches("\\| [0-9]+ \\|.*")).toList();
        assertEquals(3, rows.size(), r.out());
        assertTrue(rows.get(0).matches("\\| 1 \\| 0 \\| [0-9,]+ ms \\| [0-9,]+ \\|"), r.out());
        assertTrue(rows.get(1).matches("\\| 2 \\| 700 \\| [0-9,]+ ms \\| [0-9,]+ \\|"), r.out());
        assertTrue(r.out().contains("after a crash with a 700-tick tail: median"), r.out());
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("tickstore.duckdb"));
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT sequence_number) FROM market_ticks "
                     + "WHERE exchange = 'STARTUP'")) {
            rs.next();
            assertEquals(1400, rs.getLong(1));
            assertEquals(1400, rs.getLong(2));
        }
    }

    @Test
    void aMissingDataDirIsNamed() {
        CommandRun r = CommandRun.of(new StartupCommand(), "--rounds", "2");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--data-dir"), r.err());
    }
}

package io.tickstore.bench.warm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickstore.bench.CommandRun;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command's shape with tiny settings (what it measures is for BENCHMARKS.md, not a test). */
class WarmCatchUpTest {
    @TempDir
    Path dir;

    @Test
    void printsEachRoundAndTheMediansAndStoresEveryTick() throws Exception {
        CommandRun r = CommandRun.of(new WarmCatchUpCommand(), "--ticks", "5000", "--symbols", "3", "--rounds", "2",
                "--batch", "1000", "--sink-batch", "700", "--dir", dir.toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).startsWith("journaled 5,000 ticks (3 symbols"), r.out());
        assertTrue(lines.get(1).matches("round 1: DuckDB sink [0-9,]+ rows/s, bare Appender loop [0-9,]+ rows/s, ratio [0-9.]+"),
                r.out());
        assertTrue(lines.get(2).startsWith("round 2: "), r.out());
        assertTrue(lines.get(3).matches("median of 2 rounds: DuckDB sink [0-9,]+ rows/s, bare Appender loop [0-9,]+ "
                + "rows/s; sink/bare: [0-9.]+"), r.out());
        for (String db : new String[] {"sink-1.duckdb", "bare-1.duckdb"}) {
            try (var c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + dir.resolve(db));
                 var s = c.createStatement(); var rs = s.executeQuery("SELECT count(*), count(DISTINCT (symbol, "
                         + "sequence_number)) FROM market_ticks")) {
                rs.next();
                assertEquals(5000, rs.getLong(1), db);
                assertEquals(5000, rs.getLong(2), db);
            }
        }
    }

    @Test
    void aBadOptionIsNamed() {
        CommandRun r = CommandRun.of(new WarmCatchUpCommand(), "--ticks", "-3");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--ticks"), r.err());
        r = CommandRun.of(new WarmCatchUpCommand(), "--sink-batch", "0");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--sink-batch"), r.err());
    }
}

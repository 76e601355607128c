package io.tickstore.bench.warm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = WarmCatchUp.run(new String[] {"--ticks", "5000", "--symbols", "3", "--rounds", "2", "--batch", "1000",
                "--dir", dir.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text + err);
        List<String> lines = text.lines().toList();
        assertTrue(lines.get(0).startsWith("journaled 5,000 ticks (3 symbols"), text);
        assertTrue(lines.get(1).matches("round 1: DuckDB sink [0-9,]+ rows/s, bare Appender loop [0-9,]+ rows/s, ratio [0-9.]+"),
                text);
        assertTrue(lines.get(2).startsWith("round 2: "), text);
        assertTrue(lines.get(3).matches("median of 2 rounds: DuckDB sink [0-9,]+ rows/s, bare Appender loop [0-9,]+ "
                + "rows/s; sink/bare: [0-9.]+"), text);
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
    void aBadOptionIsNamed() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = WarmCatchUp.run(new String[] {"--ticks", "-3"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--ticks: expected a positive integer, got \"-3\""),
                err.toString(StandardCharsets.UTF_8));
    }
}

package io.tickstore.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Progress as plain lines (not a terminal) and as a bar (a terminal), on real streams. */
class ProgressTest {

    @Test
    void plainLinesCarryRowsRateAndTimeLeftThenADoneLine() throws Exception {
        StringWriter text = new StringWriter();
        try (Progress p = Progress.lines("import", 1_000, "rows", new PrintWriter(text), Duration.ofMillis(100))) {
            p.stepTo(250);
            awaitLines(text, 1);
            p.stepBy(250);
            p.message("table trades");
            awaitLines(text, 2);
        }
        List<String> lines = text.toString().lines().toList();
        assertTrue(lines.get(0).matches("import: 250 / 1,000 rows \\(25\\.0%\\), [\\d,]+ rows/s, \\d+ s left"), lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.matches(
                "import: 500 / 1,000 rows \\(50\\.0%\\), [\\d,]+ rows/s, \\d+ s left, table trades")), lines.toString());
        String done = lines.get(lines.size() - 1);
        assertTrue(done.matches("import: done, 500 rows in \\d+\\.\\d s \\([\\d,]+ rows/s\\), table trades"), done);
    }

    @Test
    void aTimedTaskCountsDownToItsEndWithoutATotal() {
        Progress p = Progress.lines("load", -1, "ticks", new PrintWriter(new StringWriter()), Duration.ofHours(1))
                .endsAt(System.nanoTime() + Duration.ofSeconds(30).toNanos());
        String line = p.line(1_234_567, 123_456.7, 10);
        p.close();
        assertTrue(line.matches("load: 1,234,567 ticks, 123,457 ticks/s, (29|30) s left"), line);
        Progress unknown = Progress.lines("scan", -1, "rows", new PrintWriter(new StringWriter()), Duration.ofHours(1));
        assertEquals("scan: 10 rows, 5 rows/s", unknown.line(10, 5, 2));
        unknown.close();
    }

    @Test
    void aBarOnATerminalShowsRowsRateAndTheTaskName() throws Exception {
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        try (Progress p = Progress.bar("backup", 1_000, "files", new PrintStream(terminal, true, StandardCharsets.UTF_8))) {
            p.stepTo(400);
            Thread.sleep(600); // the bar redraws every 250 ms
        }
        String drawn = terminal.toString(StandardCharsets.UTF_8);
        assertTrue(drawn.contains("backup"), drawn);
        assertTrue(drawn.contains("400/1000 files"), drawn);
        assertTrue(drawn.contains("files/s"), drawn);
        assertTrue(drawn.contains("\r"), "redrawn in place: " + drawn);
    }

    private static void awaitLines(StringWriter text, int lines) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (text.toString().lines().count() < lines) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("fewer than " + lines + " progress lines: " + text);
            }
            Thread.sleep(10);
        }
    }
}

package io.tickstore.bench.compare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import io.tickstore.bench.CommandRun;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The smoke comparison end to end against the real targets, so the harness cannot rot: tickstore
 * and QuestDB as their own processes (QuestDB from the jar the build copies to target/questdb),
 * PostgreSQL on 127.0.0.1:5432. Writes to a temp BENCHMARKS.md, never the repository's.
 */
@Tag("slow")
class CompareSmokeTest {
    private static final String[] TARGETS = {"tickstore", "QuestDB", "PostgreSQL"};

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void smokeRunHasEveryCellAndTheTargetsAgree(@TempDir Path tmp) throws Exception {
        Path repoBenchmarks = Path.of("..", "BENCHMARKS.md");
        byte[] before = Files.exists(repoBenchmarks) ? Files.readAllBytes(repoBenchmarks) : null;
        Path md = tmp.resolve("BENCHMARKS.md");
        Files.writeString(md, "# Benchmarks\n\nwritten by hand\n");
        // Under surefire java.class.path may be a manifest-only jar; the server process needs the real one.
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        CompareOptions options = CommandRun.parsed(new CompareCommand(), "--smoke", "--warmup", "200ms", "--write",
            md.toString(), "--tickstore-classpath", classpath).options();

        long started = System.nanoTime();
        CompareResult result = Compare.execute(options, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        System.out.printf("smoke comparison took %.1f s%n", (System.nanoTime() - started) / 1e9);

        List<String> names = new ArrayList<>();
        for (TargetResult t : result.targets()) {
            names.add(t.name());
            assertNull(t.failure(), t.name() + " failed");
            assertTrue(t.ackedSeconds() > 0 && t.queryableSeconds() >= t.ackedSeconds(), t.name());
            for (Query.Kind k : Query.Kind.values()) {
                assertTrue(t.runs(k) >= 3, t.name() + " " + k.label + ": " + t.runs(k) + " runs");
                assertTrue(t.warmupRuns(k) >= 1, t.name() + " " + k.label + ": warmed up by at least one run");
                assertTrue(t.medianNanos(k) > 0 && t.p99Nanos(k) >= t.medianNanos(k), t.name() + " " + k.label);
            }
        }
        assertEquals(List.of(TARGETS), names);
        for (CompareResult.Check c : result.checks()) {
            assertTrue(c.ok(), c.what() + ": " + c.detail());
        }
        assertEquals(Query.Kind.values().length + 1, result.checks().size());
        assertEquals(0, result.exitCode());

        String text = Files.readString(md, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("# Benchmarks\n\nwritten by hand\n\n## Side by side\n\n" + BenchmarksFile.BEGIN), text);
        assertTrue(text.stripTrailing().endsWith(BenchmarksFile.END), text);
        List<String> rows = new ArrayList<>(List.of("ingest, acked rows/s", "ingest, rows/s until queryable"));
        for (Query.Kind k : Query.Kind.values()) {
            rows.add(k.label + ": median");
            rows.add(k.label + ": p99");
        }
        for (String row : rows) {
            String line = text.lines().filter(l -> l.startsWith("| " + row + " |")).findFirst()
                    .orElseThrow(() -> new AssertionError("no table row \"" + row + "\" in\n" + text));
            String[] cells = line.split("\\|");
            // "", label, 3 targets, 2 ratios
            assertEquals(7, cells.length, line);
            for (int i = 2; i < cells.length; i++) {
                String cell = cells[i].trim();
                assertFalse(cell.isEmpty() || cell.equals("—") || cell.equals("failed"), "empty cell in " + line);
            }
        }
        String stored = text.lines().filter(l -> l.startsWith("| ingest, rows/s until stored in DuckDB |")).findFirst()
                .orElseThrow(() -> new AssertionError("no DuckDB row in\n" + text));
        String[] cells = stored.split("\\|");
        assertTrue(cells[2].trim().matches("[0-9,]+"), "tickstore's figure: " + stored);
        for (int i = 3; i < cells.length; i++) {
            assertEquals("—", cells[i].trim(), "the peers have no separate DuckDB step: " + stored);
        }
        assertTrue(text.contains("agree on 2 sampled runs, tickstore, QuestDB, PostgreSQL"), text);

        if (before != null) {
            assertArrayEquals(before, Files.readAllBytes(repoBenchmarks),
                    "the repository's BENCHMARKS.md must not be written by the test");
        }
    }
}

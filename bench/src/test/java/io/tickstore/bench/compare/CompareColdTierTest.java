package io.tickstore.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickstore.bench.CommandRun;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compare --lifecycle-warm-days 2} at a tiny size, tickstore alone (the peers' agreement is the
 * same check with or without the pass): after the load one lifecycle pass leaves all but the newest
 * days cold, every checked answer equals the one before the pass, the ticks query is timed from the
 * cold tier (by X-Tickstore-Tiers), and the report gives the cold tier's figures.
 */
class CompareColdTierTest {
    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aPassAfterTheLoadMovesOlderDaysColdAndChangesNoAnswer(@TempDir Path tmp) throws Exception {
        CompareOptions options = options();
        Run run = run(options);
        CompareResult result = run.result();
        TargetResult t = run.target();
        TickstoreTarget.ColdMove m = t.coldMove;
        DataSet data = DataSet.of(42, 5000, 4);
        assertEquals(data.days(), m.days());
        assertEquals(m.rows(), m.coldRows());
        assertTrue(m.coldRows() > 5000 * (data.days() - 3) / data.days(), m.toString());
        CompareResult.Check moved = result.checks().get(result.checks().size() - 1);
        assertEquals("tickstore answers the same before and after its lifecycle pass", moved.what());
        assertTrue(moved.ok(), moved.detail());
        assertTrue(moved.detail().startsWith(Query.Kind.values().length * options.checkRuns() + " checked runs equal"),
                moved.detail());
        // Ticks of one symbol-hour: each run answered by the cold tier, or (its newest 2 days) by warm.
        Map<String, List<Long>> ticks = t.tierNanos.get(Query.Kind.TICKS_HOUR);
        assertTrue(ticks.containsKey("cold"), ticks.keySet().toString());
        assertTrue(ticks.keySet().stream().allMatch(k -> List.of("cold", "warm", "cold,warm", "none").contains(k)),
                ticks.keySet().toString());
        // The 1m symbol-day answers come from bar memory (this process built them), DuckDB's stored bars of
        // warm days, or, for a cold day whose bars memory no longer holds, its cold ticks.
        java.util.Set<String> bars = t.tierNanos.get(Query.Kind.OHLCV_1M_DAY).keySet();
        assertTrue(!bars.isEmpty() && List.of("cold", "cold,hot", "hot", "warm", "warm,hot").containsAll(bars),
                bars.toString());
        String report = run.report();
        assertTrue(report.contains("**Cold tier** (tickstore with `lifecycle.warm_days = 2`"), report);
        assertTrue(report.contains("- Bytes per tick: cold Parquet "), report);
        assertTrue(report.contains("ticks, one symbol-hour, by the tiers that answered (`X-Tickstore-Tiers`): "), report);
        assertEquals(0, result.exitCode());
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void withS3ThePassLeavesTheColdDaysOnlyInS3AndTheirTicksAreReadThroughTheCache(@TempDir Path tmp)
            throws Exception {
        Run run = run(options("--lifecycle-s3"));
        CompareResult result = run.result();
        TargetResult t = run.target();
        TickstoreTarget.ColdMove m = t.coldMove;
        assertEquals(DataSet.of(42, 5000, 4).days() - 2, m.coldPartitions(), "one exchange");
        assertEquals(m.coldPartitions(), m.s3OnlyPartitions(), "every cold partition is only in S3");
        assertTrue(result.checks().stream().anyMatch(c -> c.what().equals(
                "tickstore's cold partitions are only in S3 after its lifecycle pass")), result.checks().toString());
        // Ticks of one symbol-hour of an old day are read from S3-only partitions (through the object cache).
        Map<String, List<Long>> ticks = t.tierNanos.get(Query.Kind.TICKS_HOUR);
        assertTrue(ticks.containsKey("s3"), ticks.keySet().toString());
        assertTrue(ticks.keySet().stream().allMatch(k -> List.of("s3", "warm", "s3,warm", "none").contains(k)),
                ticks.keySet().toString());
        String report = run.report();
        assertTrue(report.contains("- S3 (`--lifecycle-s3`): s3proxy in the compare's JVM"), report);
        assertTrue(report.contains(m.coldPartitions() + " of " + m.coldPartitions() + " cold partitions S3-only"),
                report);
        assertEquals(0, result.exitCode());
    }

    /** What one compare run gave: its result, the tickstore target's, and the printed report. */
    private record Run(CompareResult result, TargetResult target, String report) {
    }

    /**
     * Runs the compare with {@code options}; the tickstore target must not have failed, every day but
     * the newest 2 must have gone cold, and every check must hold.
     */
    private static Run run(CompareOptions options) throws Exception {
        StringWriter out = new StringWriter();
        CompareResult result = Compare.execute(options, new PrintWriter(out, true), new PrintWriter(System.err, true));
        TargetResult t = result.targets().get(0);
        assertNull(t.failure(), "tickstore failed");
        assertEquals(DataSet.of(42, 5000, 4).days() - 2, t.coldMove.coldDays(), "every day but the newest 2 is cold");
        for (CompareResult.Check c : result.checks()) {
            assertTrue(c.ok(), c.what() + ": " + c.detail());
        }
        return new Run(result, t, out.toString());
    }

    /** 5,000 ticks over 4 symbols, tickstore alone, a pass with warm_days 2, nothing written; plus {@code more}. */
    private static CompareOptions options(String... more) {
        // Under surefire java.class.path may be a manifest-only jar; the server process needs the real one.
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> args = new java.util.ArrayList<>(List.of("--smoke", "--ticks", "5000", "--symbols", "4",
                "--targets", "tickstore", "--lifecycle-warm-days", "2", "--no-write", "--tickstore-classpath",
                classpath));
        args.addAll(List.of(more));
        return CommandRun.parsed(new CompareCommand(), args.toArray(String[]::new)).options();
    }
}

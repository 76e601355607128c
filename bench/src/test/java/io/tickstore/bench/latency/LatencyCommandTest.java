package io.tickstore.bench.latency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickstore.bench.CommandRun;
import io.tickstore.bench.load.LoadOptions;
import io.tickstore.bench.load.LoadSummary;
import java.net.URI;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * The command with tiny settings against both real server processes: the shape of its output and
 * that every frame of every run was acked. What it measures is for BENCHMARKS.md, not a test.
 */
class LatencyCommandTest {
    private static final Pattern ROUND = Pattern.compile("round (\\d+)  (tickstore|ack-echo) +client us p50 [0-9.]+  "
            + "p99 [0-9.]+  p99\\.9 [0-9.]+  \\|  send lag us p99 [0-9.]+  \\|  server us (-|p50 <= [0-9]+  p99 <= [0-9]+)"
            + "  \\|  server cpu us/frame [0-9.]+  \\|  frames (\\d+)  errors 0  closes 0  unacked 0.*");
    private static final Pattern WARM_UP = Pattern.compile("round 0 .*  \\[warm-up round: not counted\\]");

    @Test
    void alternatesTheServersAndEveryFrameIsAcked() {
        CommandRun r = CommandRun.of(new LatencyCommand(), "--rounds", "2", "--rate", "500", "--warmup", "1s",
                "--duration", "2s", "--max-send-lag", "1h");
        assertEquals(0, r.exitCode(), r.out() + r.err());
        List<Matcher> rounds = r.out().lines().map(ROUND::matcher).filter(Matcher::matches).toList();
        assertEquals(6, rounds.size(), r.out());
        assertEquals(List.of("0 ack-echo", "0 tickstore", "1 tickstore", "1 ack-echo", "2 ack-echo", "2 tickstore"),
                rounds.stream().map(m -> m.group(1) + " " + m.group(2)).toList(), r.out());
        assertEquals(2, r.out().lines().filter(l -> WARM_UP.matcher(l).matches()).count(), r.out());
        for (Matcher m : rounds) {
            long frames = Long.parseLong(m.group(4));
            assertTrue(frames >= 990 && frames <= 1010, "about rate x duration frames measured: " + m.group());
            assertEquals(m.group(2).equals("tickstore"), m.group(3).startsWith("p50"),
                    "only tickstore has a server-side histogram: " + m.group());
        }
        assertTrue(r.out().contains("summary: 2 of 2 rounds kept (0 left out: generator send lag p99 > 3600000000 us with no full window)"),
                r.out());
        assertTrue(r.out().contains("every frame acked"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("p99 ratio tickstore/ack-echo: [0-9]+\\.[0-9]{2} "
                + "\\(median of 2 rounds\\)")), r.out());
    }

    @Test
    void aRoundWhoseGeneratorFellBehindIsLeftOutOfTheMedians() {
        List<LatencyBench.Run> runs = List.of(
                run(1, "tickstore", 1_000, 10, 0), run(1, "ack-echo", 500, 10, 0),
                run(2, "ack-echo", 700, 10, 0), run(2, "tickstore", 90_000, 5_000, 0), // behind: out with its pair
                run(3, "tickstore", 3_000, 10, 0), run(3, "ack-echo", 1_500, 10, 0),
                run(4, "tickstore", 8_000, 6_000, 3), run(4, "ack-echo", 2_000, 10, 0)); // the server's lag: kept
        LatencyBench.Summary s = LatencyBench.summarize(runs, 4);
        assertEquals(3, s.kept());
        assertEquals(3_000, s.tickstoreP99Micros(), 1);
        assertEquals(1_500, s.ackEchoP99Micros(), 1);
        assertEquals(2.0, s.ratio(), 0.01);
        assertTrue(LatencyBench.line(runs.get(3)).endsWith("[generator behind: round left out]"));
        assertTrue(LatencyBench.line(runs.get(6)).endsWith("[server behind: window full 3x]"));
    }

    @Test
    void aBadEnvironmentKeyIsNamed() {
        CommandRun r = CommandRun.of(new LatencyCommand(), "--tickstore-env", "PATH=/tmp");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--tickstore-env") && r.err().contains("TICKSTORE_"), r.err());
    }

    /** A run whose every frame took {@code micros}, whose sends lagged {@code lagMicros}, with full-window waits. */
    private static LatencyBench.Run run(int round, String server, long micros, long lagMicros, long windowFull) {
        Histogram latency = new Histogram(3);
        latency.recordValueWithCount(micros * 1000, 100);
        Histogram lag = new Histogram(3);
        lag.recordValueWithCount(lagMicros * 1000, 100);
        LoadOptions o = new LoadOptions(URI.create(LoadOptions.DEFAULT_URL), 1, 1, 100, 1_000_000_000L, 0, 1, 64,
                false, false, null);
        LoadSummary s = new LoadSummary(o, "LOAD", 1.0, 100, 0, 100, 100, latency, lag, windowFull, io.tickstore.bench.load.ReplyGaps.NONE, 0, 0, 0,
                List.of(), List.of(), null);
        return new LatencyBench.Run(round, server, s, LatencyBench.generatorBehind(s, 2_000), 10.0);
    }
}

package io.tickstore.bench.latency;

import io.tickstore.bench.load.LoadOptions;
import io.tickstore.server.cli.DurationConverter;
import io.tickstore.server.cli.OptionCheck;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tickstore latency}: tickstore's ack latency against the ack-echo baseline, interleaved ({@link LatencyBench}). */
@Command(name = "latency", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Ack latency of tickstore against the ack-echo baseline, in alternating rounds on this machine.",
        description = {"Starts tickstore (fresh data directory) and 'tickstore ack-echo' as their own processes, then"
            + " runs the load of 'tickstore load --connections 1 --frame-size 1 --rate 50000' against each in turn,"
            + " round after round (the order alternates). Prints one line per run (client p50/p99/p99.9, the"
            + " generator's send lag p99, the server's own p50/p99 from its /metrics histogram) and the medians over"
            + " the rounds in which the generator kept its schedule, ending with"
            + " 'p99 ratio tickstore/ack-echo: X.XX (median of N rounds)'."},
        footerHeading = "%n",
        footer = "Exit codes: 0 ok; 1 a server failed, or errors, closes or unacked frames; 2 bad options.")
public final class LatencyCommand implements Callable<Integer> {
    private static final Duration MAX_TIME = Duration.ofHours(1);

    @Spec
    CommandSpec spec;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "5",
            description = "Rounds, each one run against each server (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--warmup-rounds", paramLabel = "N", defaultValue = "1",
            description = "Rounds run first and not counted (default ${DEFAULT-VALUE}): a fresh server process"
                + " compiles its hot paths for longer than one run's warm-up.")
    int warmupRounds;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "50000",
            description = "Ticks/s, open loop (default ${DEFAULT-VALUE}).")
    long rate;

    @Option(names = "--frame-size", paramLabel = "N", defaultValue = "1",
            description = "Ticks per frame (default ${DEFAULT-VALUE}).")
    int frameSize;

    @Option(names = "--connections", paramLabel = "N", defaultValue = "1",
            description = "WebSocket connections (default ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--warmup", paramLabel = "T", defaultValue = "2s", converter = DurationConverter.class,
            description = "Unmeasured time at the start of each run (default ${DEFAULT-VALUE}, as 'tickstore load').")
    Duration warmup;

    @Option(names = "--duration", paramLabel = "T", defaultValue = "10s", converter = DurationConverter.class,
            description = "Measured time of each run (default ${DEFAULT-VALUE}, as 'tickstore load').")
    Duration duration;

    @Option(names = "--window", paramLabel = "N", defaultValue = "4096",
            description = "Most frames in flight (default ${DEFAULT-VALUE}: with load's 64 a full window holds the"
                + " sender back and the wait is charged to the generator, see BENCHMARKS.md).")
    int window;

    @Option(names = "--max-send-lag", paramLabel = "T", defaultValue = "2ms", converter = DurationConverter.class,
            description = "A round is left out of the medians when a run's generator send lag p99 is above this"
                + " (default ${DEFAULT-VALUE}).")
    Duration maxSendLag;

    @Option(names = "--java", paramLabel = "FILE",
            description = "The java both servers run with (default: this JVM's).")
    Path java;

    @Option(names = "--jvm-opt", paramLabel = "OPT",
            description = "A JVM option for both servers, e.g. -XX:+UseZGC (repeatable).")
    List<String> jvmOptions = new ArrayList<>();

    @Option(names = "--tickstore-jvm-opt", paramLabel = "OPT",
            description = "A JVM option for tickstore only, e.g. -XX:StartFlightRecording=filename=t.jfr (repeatable).")
    List<String> tickstoreJvmOptions = new ArrayList<>();

    @Option(names = "--tickstore-env", paramLabel = "KEY=VALUE",
            description = "Environment for tickstore, e.g. TICKSTORE_PIPELINE_WAIT_STRATEGY=yielding (repeatable).")
    Map<String, String> tickstoreEnv = new LinkedHashMap<>();

    @Option(names = "--keep", description = "Keep the work directory (tickstore's data, both servers' logs).")
    boolean keep;

    /** The options, checked; a bad one is a ParameterException naming it. */
    LatencyBench.Options options() {
        for (String key : tickstoreEnv.keySet()) {
            if (!key.startsWith("TICKSTORE_")) {
                throw OptionCheck.bad(spec, "--tickstore-env", "expected a TICKSTORE_* variable, got " + key);
            }
        }
        String javaExe = java != null ? java.toString()
                : Path.of(System.getProperty("java.home"), "bin", "java").toString();
        if (!Files.isExecutable(Path.of(javaExe))) {
            throw OptionCheck.bad(spec, "--java", "expected an executable file, got " + javaExe);
        }
        LoadOptions load = new LoadOptions(URI.create(LoadOptions.DEFAULT_URL),
                OptionCheck.within(spec, "--connections", connections, 1, 256),
                OptionCheck.within(spec, "--frame-size", frameSize, 1, 10_000),
                OptionCheck.within(spec, "--rate", rate, 1, 100_000_000L),
                OptionCheck.within(spec, "--duration", duration, Duration.ofMillis(1), MAX_TIME).toNanos(),
                OptionCheck.within(spec, "--warmup", warmup, Duration.ZERO, MAX_TIME).toNanos(),
                100, OptionCheck.within(spec, "--window", window, 1, 4096), false, false, null);
        return new LatencyBench.Options(load, OptionCheck.within(spec, "--rounds", rounds, 1, 1000),
                OptionCheck.within(spec, "--warmup-rounds", warmupRounds, 0, 100),
                OptionCheck.within(spec, "--max-send-lag", maxSendLag, Duration.ZERO, MAX_TIME).toNanos() / 1000,
                javaExe, List.copyOf(jvmOptions), List.copyOf(tickstoreJvmOptions), Map.copyOf(tickstoreEnv),
                System.getProperty("java.class.path"), keep);
    }

    @Override
    public Integer call() throws Exception {
        LatencyBench.Summary s = LatencyBench.run(options(), spec.commandLine().getOut(), spec.commandLine().getErr());
        return s.allAcked() && s.kept() > 0 ? 0 : 1;
    }
}

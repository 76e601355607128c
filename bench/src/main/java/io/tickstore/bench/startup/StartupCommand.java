package io.tickstore.bench.startup;

import io.tickstore.server.cli.OptionCheck;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tickstore startup}: process start to {@code /ready} on an existing data directory ({@link StartupBench}). */
@Command(name = "startup", mixinStandardHelpOptions = true,
        header = "Time from a server's process start to /ready on an existing data directory, after crashes.",
        description = {"Starts the server on --data-dir (in place: it is written to), times process start to the"
            + " first 200 from /ready, then journals --tail ticks of a feed of its own and kills the server with"
            + " SIGKILL; repeats, so rounds 2.. recover a crash with a short journal tail. Make the data with"
            + " `tickstore compare --ticks 10000000 --symbols 100 --targets tickstore --keep` (its tickstore/data"
            + " directory)."},
        footerHeading = "%n",
        footer = "Exit codes: 0 ok, 1 the run failed, 2 bad options.")
public final class StartupCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", required = true,
            description = "An existing tickstore data directory (used in place).")
    Path dataDir;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "5", description = "Starts (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--tail", paramLabel = "N", defaultValue = "10000",
            description = "Ticks journaled right before each kill (default ${DEFAULT-VALUE}).")
    int tail;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "Longest wait for one start (default ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--classpath", paramLabel = "PATH",
            description = "The server build to run (default: this one's); e.g. an older build's tickstore-server.jar.")
    String classpath;

    @Override
    public Integer call() throws Exception {
        StartupBench.Options o = new StartupBench.Options(dataDir.toAbsolutePath(),
                classpath != null ? classpath : System.getProperty("java.class.path"),
                OptionCheck.within(spec, "--rounds", rounds, 1, 100),
                OptionCheck.within(spec, "--tail", tail, 0, 10_000_000),
                OptionCheck.within(spec, "--timeout", timeoutSeconds, 1, 86_400));
        StartupBench.run(o, spec.commandLine().getOut());
        return 0;
    }
}

package io.tickstore.bench.lifecycle;

import io.tickstore.server.cli.OptionCheck;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tickstore lifecycle-move}: one lifecycle pass over the compare data, timed ({@link ColdMoveBench}). */
@Command(name = "lifecycle-move", mixinStandardHelpOptions = true,
        header = "Times one lifecycle pass moving the compare data's older days from DuckDB to cold Parquet.",
        description = {"Stores the compare data (14 days, one exchange) through the pipeline into a fresh store,"
            + " then runs one lifecycle pass that moves every day but the newest --warm-days to Parquet (write,"
            + " verify by re-reading, commit manifest and delete). Prints rows/s, MB written and bytes per tick."},
        footerHeading = "%n",
        footer = "See BENCHMARKS.md for the runs of record. Exit codes: 0 ok, 1 the run failed, 2 bad options.")
public final class ColdMoveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--ticks", paramLabel = "N", defaultValue = "2000000",
            description = "Compare ticks to store and move (default ${DEFAULT-VALUE}).")
    long ticks;

    @Option(names = "--symbols", paramLabel = "N", defaultValue = "100", description = "Symbols (default ${DEFAULT-VALUE}).")
    int symbols;

    @Option(names = "--warm-days", paramLabel = "N", defaultValue = "2",
            description = "Newest days kept in DuckDB (default ${DEFAULT-VALUE}).")
    int warmDays;

    @Option(names = "--dir", paramLabel = "DIR", description = "Data directory (default: a temp dir, deleted after).")
    Path dir;

    @Override
    public Integer call() throws Exception {
        ColdMoveBench.run(new ColdMoveBench.Options(OptionCheck.within(spec, "--ticks", ticks, 1, 100_000_000L),
                OptionCheck.within(spec, "--symbols", symbols, 1, 100_000),
                OptionCheck.within(spec, "--warm-days", warmDays, 0, 14), dir), spec.commandLine().getOut());
        return 0;
    }
}

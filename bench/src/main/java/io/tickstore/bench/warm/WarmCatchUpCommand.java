package io.tickstore.bench.warm;

import io.tickstore.config.WarmConfig;
import io.tickstore.server.cli.OptionCheck;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tickstore warm-catchup}: the DuckDB sink alone against a bare Appender loop ({@link WarmCatchUp}). */
@Command(name = "warm-catchup", mixinStandardHelpOptions = true,
        header = "The DuckDB sink alone against a bare DuckDB Appender loop on the same rows.",
        description = {"Journals the compare data once, then alternates, round by round, the DuckDB sink replaying"
            + " the journal into an empty database and a bare Appender loop writing the same rows into the same"
            + " market_ticks shape, committing every --batch rows (the sink: at most --sink-batch messages a"
            + " transaction, as warm.max_batch). Prints each round's rows/s, the medians and"
            + " sink/bare."},
        footerHeading = "%n",
        footer = "The run of record: tickstore warm-catchup --ticks 10000000 (see BENCHMARKS.md). Exit codes: 0 ok,"
                + " 1 the run failed, 2 bad options.")
public final class WarmCatchUpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--ticks", paramLabel = "N", defaultValue = "2000000",
            description = "Compare ticks to journal and store (default ${DEFAULT-VALUE}).")
    long ticks;

    @Option(names = "--symbols", paramLabel = "N", defaultValue = "100", description = "Symbols (default ${DEFAULT-VALUE}).")
    int symbols;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "3",
            description = "Rounds, each the DuckDB sink then the bare loop (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "65536",
            description = "Rows per transaction of the bare loop (default ${DEFAULT-VALUE}: the baseline issue 12 defines).")
    int batch;

    @Option(names = "--sink-batch", paramLabel = "N",
            description = "Most messages per DuckDB sink transaction, warm.max_batch (default: its default, "
                    + WarmConfig.DEFAULT_MAX_BATCH + ").")
    Integer sinkBatch;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Where the journal and databases go (default: a temp dir, deleted after).")
    Path dir;

    @Override
    public Integer call() throws Exception {
        WarmCatchUp.Options o = new WarmCatchUp.Options(OptionCheck.within(spec, "--ticks", ticks, 1, 100_000_000L),
                OptionCheck.within(spec, "--symbols", symbols, 1, 100_000),
                OptionCheck.within(spec, "--rounds", rounds, 1, 100),
                OptionCheck.within(spec, "--batch", batch, 1, 1_048_576),
                OptionCheck.within(spec, "--sink-batch", sinkBatch == null ? WarmConfig.DEFAULT_MAX_BATCH : sinkBatch, 1,
                        1_048_576), dir);
        WarmCatchUp.run(o, spec.commandLine().getOut());
        return 0;
    }
}

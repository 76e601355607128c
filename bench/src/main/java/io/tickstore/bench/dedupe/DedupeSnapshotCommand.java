package io.tickstore.bench.dedupe;

import io.tickstore.server.cli.OptionCheck;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tickstore dedupe-snapshot}: what the deduplication snapshot costs at start-up ({@link DedupeSnapshotBench}). */
@Command(name = "dedupe-snapshot", mixinStandardHelpOptions = true,
        header = "Write and load a deduplication snapshot of a given size: its start-up cost.",
        description = {"Builds a deduplication state the way the snapshot sink does, writes it, then loads it round"
            + " after round; prints the file size and the write, load and copy times (wall, and CPU of the thread"
            + " doing it). Only the snapshot code: no journal, DuckDB or server."},
        footerHeading = "%n",
        footer = "Exit codes: 0 ok, 1 the run failed, 2 bad options.")
public final class DedupeSnapshotCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--feeds", paramLabel = "N", defaultValue = "100", description = "Feeds (default ${DEFAULT-VALUE}).")
    int feeds;

    @Option(names = "--per-feed", paramLabel = "N", defaultValue = "100000",
            description = "Sequence numbers per feed (default ${DEFAULT-VALUE}).")
    long perFeed;

    @Option(names = "--gap-every", paramLabel = "N", defaultValue = "1000",
            description = "Leave out every Nth sequence number, 0 for none (default ${DEFAULT-VALUE}).")
    long gapEvery;

    @Option(names = "--trades", paramLabel = "N", defaultValue = "1000000", description = "Trade ids (default ${DEFAULT-VALUE}).")
    int trades;

    @Option(names = "--orders", paramLabel = "N", defaultValue = "100000", description = "Orders (default ${DEFAULT-VALUE}).")
    int orders;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "5", description = "Write/load rounds (default ${DEFAULT-VALUE}).")
    int rounds;

    @Override
    public Integer call() throws Exception {
        DedupeSnapshotBench.Options o = new DedupeSnapshotBench.Options(
                OptionCheck.within(spec, "--feeds", feeds, 0, 10_000_000),
                OptionCheck.within(spec, "--per-feed", perFeed, 0, Long.MAX_VALUE / 4),
                OptionCheck.within(spec, "--gap-every", gapEvery, 0, Long.MAX_VALUE),
                OptionCheck.within(spec, "--trades", trades, 0, 100_000_000),
                OptionCheck.within(spec, "--orders", orders, 0, 100_000_000),
                OptionCheck.within(spec, "--rounds", rounds, 1, 1000));
        DedupeSnapshotBench.run(o, spec.commandLine().getOut());
        spec.commandLine().getOut().flush();
        return 0;
    }
}

package io.tickstore.bench.mirror;

import io.tickstore.server.cli.OptionCheck;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tickstore mirror-catchup}: the PostgreSQL mirror against COPY on the same rows ({@link MirrorCatchUp}). */
@Command(name = "mirror-catchup", mixinStandardHelpOptions = true,
        header = "The PostgreSQL mirror storing a journal, against COPY of the same rows into the same table.",
        description = {"Journals the compare data once, then per round: the mirror sink replays the journal into a"
            + " fresh schema (pipelined upserts, one transaction per batch with its applied index), and COPY FROM"
            + " STDIN writes the same rows into a fresh market_ticks of the same shape, committing every batch.",
            "With --outage S: instead, the catch-up after an outage. The mirror tails a journal through a TCP proxy"
            + " in front of PostgreSQL; the proxy is cut, the compare data is journaled at --rate ticks/s for S"
            + " seconds, the proxy is restored, and the run times until the mirror's applied index reaches the"
            + " journal's."},
        footerHeading = "%n",
        footer = "The run of record is in BENCHMARKS.md. Exit codes: 0 ok, 1 the run failed, 2 bad options.")
public final class MirrorCatchUpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL", defaultValue = "postgresql://postgres@127.0.0.1:5432/test",
            description = "The PostgreSQL server (default ${DEFAULT-VALUE}); schemas are created and dropped.")
    String url;

    @Option(names = "--ticks", paramLabel = "N", defaultValue = "200000", description = "Ticks (default ${DEFAULT-VALUE}).")
    long ticks;

    @Option(names = "--symbols", paramLabel = "N", defaultValue = "100", description = "Symbols (default ${DEFAULT-VALUE}).")
    int symbols;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "3", description = "Rounds (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "10000",
            description = "Rows per transaction, both (default ${DEFAULT-VALUE}, mirror.postgres.max_batch's default).")
    int batch;

    @Option(names = "--outage", paramLabel = "SECONDS", defaultValue = "0",
            description = "Time the catch-up after an outage of this many seconds instead (default 0: off).")
    int outage;

    @Option(names = "--rate", paramLabel = "TICKS_PER_S", defaultValue = "50000",
            description = "With --outage: ticks journaled per second during the outage (default ${DEFAULT-VALUE}).")
    int rate;

    @Override
    public Integer call() throws Exception {
        if (OptionCheck.within(spec, "--outage", outage, 0, 3600) > 0) {
            MirrorOutage.run(new MirrorOutage.Options(url, outage, OptionCheck.within(spec, "--rate", rate, 1, 10_000_000),
                    OptionCheck.within(spec, "--symbols", symbols, 1, 100_000),
                    OptionCheck.within(spec, "--batch", batch, 1, 1_048_576)), spec.commandLine().getOut());
            return 0;
        }
        MirrorCatchUp.run(new MirrorCatchUp.Options(url, OptionCheck.within(spec, "--ticks", ticks, 1, 100_000_000L),
                OptionCheck.within(spec, "--symbols", symbols, 1, 100_000),
                OptionCheck.within(spec, "--rounds", rounds, 1, 100),
                OptionCheck.within(spec, "--batch", batch, 1, 1_048_576)), spec.commandLine().getOut());
        return 0;
    }
}

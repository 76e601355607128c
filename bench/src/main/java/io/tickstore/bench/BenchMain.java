package io.tickstore.bench;

import io.tickstore.bench.compare.CompareCommand;
import io.tickstore.bench.dedupe.DedupeSnapshotCommand;
import io.tickstore.bench.fills.FillToPositionCommand;
import io.tickstore.bench.jmh.JmhCommand;
import io.tickstore.bench.latency.LatencyCommand;
import io.tickstore.bench.lifecycle.ColdMoveCommand;
import io.tickstore.bench.load.AckEchoCommand;
import io.tickstore.bench.load.LoadCommand;
import io.tickstore.bench.mirror.MirrorCatchUpCommand;
import io.tickstore.bench.query.QueryLoadCommand;
import io.tickstore.bench.startup.StartupCommand;
import io.tickstore.bench.warm.WarmCatchUpCommand;
import io.tickstore.server.cli.TickstoreCli;

/**
 * The bench jar's entry point: every {@code tickstore} command, the server's ({@link TickstoreCli})
 * and the bench's below (one line each). The launcher runs every command but {@code serve} here.
 * Exit codes: 0 ok, 1 the run failed, 2 bad command line.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) {
        System.exit(TickstoreCli.execute(args,
                new LoadCommand(),
                new CompareCommand(),
                new QueryLoadCommand(),
                new FillToPositionCommand(),
                new AckEchoCommand(),
                new LatencyCommand(),
                new WarmCatchUpCommand(),
                new DedupeSnapshotCommand(),
                new StartupCommand(),
                new MirrorCatchUpCommand(),
                new ColdMoveCommand(),
                new JmhCommand()));
    }
}

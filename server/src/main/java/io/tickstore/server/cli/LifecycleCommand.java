package io.tickstore.server.cli;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstore.config.ConfigException;
import io.tickstore.config.ConfigLoader;
import io.tickstore.config.TickstoreConfig;
import io.tickstore.lifecycle.cold.LifecyclePass;
import io.tickstore.lifecycle.cold.MoveMetrics;
import io.tickstore.lifecycle.cold.Partition;
import io.tickstore.lifecycle.cold.PartitionMover;
import io.tickstore.store.TickStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tickstore lifecycle [--config FILE] [--dry-run]}: one lifecycle pass on a data directory whose
 * server is stopped (DuckDB allows one process per database file): moves what is due to the cold
 * tier with a progress bar, or lists it.
 */
@Command(name = "lifecycle", mixinStandardHelpOptions = true,
        header = "Run one lifecycle pass now on a stopped server's data: move due days to cold Parquet.",
        description = {"Opens the store in data.dir (the server must be stopped), then moves every sealed"
            + " partition older than lifecycle.warm_days to the cold tier and drops cold partitions past"
            + " lifecycle.cold_retention_days, as a running server's passes do (docs/lifecycle.md). With"
            + " --dry-run it only lists what would move and what would be dropped."},
        footerHeading = "%n",
        footer = {"Configuration: as for serve (defaults < --config FILE < TICKSTORE_* environment variables);"
            + " lifecycle.enabled need not be true.",
            "Exit codes: 0 ok; 1 a move failed or the store could not be opened; 2 bad command line or configuration."})
public final class LifecycleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "A properties file of configuration keys (key = value).")
    Path config;

    @Option(names = "--dry-run", description = "List what would move and what would be dropped; change nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TickstoreConfig loaded;
        try {
            loaded = ConfigLoader.load(config, System.getenv());
        } catch (ConfigException e) {
            err.println(e.getMessage());
            err.flush();
            return ExitCodes.USAGE;
        }
        Path coldDir = loaded.lifecycle().coldDir(loaded.dataDir());
        try (TickStore store = TickStore.open(loaded, new SimpleMeterRegistry()); Connection c = store.connect()) {
            LifecyclePass pass = new LifecyclePass(c, loaded.lifecycle(), coldDir, Clock.systemUTC(),
                    new MoveMetrics(new SimpleMeterRegistry()));
            if (dryRun) {
                List<Partition> due = pass.due();
                for (Partition p : due) {
                    out.println("would move " + p);
                }
                List<Partition> dropped = pass.retentionDue();
                for (Partition p : dropped) {
                    out.println("would drop " + p);
                }
                out.printf("%d partitions would move to %s, %d cold partitions would be dropped%n", due.size(),
                        coldDir.toAbsolutePath(), dropped.size());
                out.flush();
                return ExitCodes.OK;
            }
            Progress[] progress = new Progress[1];
            LifecyclePass.Result r;
            try {
                r = pass.run(new LifecyclePass.Listener() {
                    @Override
                    public void starting(int partitions) {
                        progress[0] = Progress.start("lifecycle", partitions, "partitions", err);
                    }

                    @Override
                    public void done(Partition partition, PartitionMover.Moved moved) {
                        progress[0].message(partition.toString());
                        progress[0].stepBy(1);
                    }
                });
            } finally {
                if (progress[0] != null) {
                    progress[0].close();
                }
            }
            long rows = 0;
            long bytes = 0;
            for (PartitionMover.Moved m : r.moved()) {
                out.println("moved " + m.partition() + ": version " + m.version() + ", " + m.rows() + " rows ("
                        + m.lateRows() + " late), " + m.bytes() + " bytes, " + m.path());
                rows += m.rows();
                bytes += m.bytes();
            }
            for (Partition p : r.dropped()) {
                out.println("dropped " + p);
            }
            for (String f : r.failed()) {
                out.println("failed " + f);
            }
            out.printf("%d partitions moved (%d rows, %d bytes of Parquet) to %s; %d dropped; %d failed%n",
                    r.moved().size(), rows, bytes, coldDir.toAbsolutePath(), r.dropped().size(), r.failed().size());
            out.flush();
            return r.failed().isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }
}

package io.tickstore.server.cli;

import io.tickstore.config.ConfigException;
import io.tickstore.config.ConfigLoader;
import io.tickstore.config.TickstoreConfig;
import io.tickstore.lifecycle.mirror.MirrorVerifier;
import io.tickstore.lifecycle.mirror.PostgresUrl;
import io.tickstore.store.TickStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tickstore verify-mirror}: tickstore and its PostgreSQL mirror hold the same data, partition by partition. */
@Command(name = "verify-mirror", mixinStandardHelpOptions = true,
        header = "Check that the PostgreSQL mirror holds what tickstore holds.",
        description = {"Per (table, exchange, symbol, UTC day) of market_ticks, trades and orders: the row count and "
            + "the sums of price and size in tickstore's DuckDB database and in the mirror's schema must be equal. "
            + "Rows up to the lower of the two applied journal indexes are compared. Reads data.dir/tickstore.duckdb "
            + "read-only, so run it while the server is stopped (DuckDB allows one process)."},
        footerHeading = "%n",
        footer = {"Exit codes: 0 equal; 1 differences (each listed) or the run failed; 2 bad command line or "
            + "configuration."})
public final class VerifyMirrorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "The server's properties file (data.dir, mirror.postgres.*).")
    Path config;

    @Option(names = "--from", paramLabel = "DAY", description = "First UTC day compared, e.g. 2024-01-02.")
    LocalDate from;

    @Option(names = "--to", paramLabel = "DAY", description = "Last UTC day compared.")
    LocalDate to;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TickstoreConfig c;
        try {
            c = ConfigLoader.load(config, System.getenv());
        } catch (ConfigException e) {
            err.println(e.getMessage());
            err.flush();
            return ExitCodes.USAGE;
        }
        if (!c.mirror().enabled()) {
            throw new ParameterException(spec.commandLine(), "mirror.postgres.url is none: no mirror to verify "
                    + "(give --config with the server's settings)");
        }
        if (from != null && to != null && to.isBefore(from)) {
            throw new ParameterException(spec.commandLine(), "--to " + to + " is before --from " + from);
        }
        Path database = c.dataDir().resolve(TickStore.DATABASE_FILE);
        if (!Files.exists(database)) {
            throw new IllegalStateException("no tickstore database at " + database + " (data.dir)");
        }
        MirrorVerifier.Result result;
        try (Connection duck = openReadOnly(database);
             Connection mirror = PostgresUrl.parse(c.mirror().url()).jdbc(c.mirror().schema())) {
            result = MirrorVerifier.verify(duck, mirror, from, to);
        }
        for (MirrorVerifier.Difference d : result.differences()) {
            out.println("differs: " + d);
        }
        out.println((result.clean() ? "equal: " : result.differences().size() + " of ") + result.partitions()
                + " partitions" + (result.clean() ? "" : " differ") + " (rows up to journal index "
                + result.comparedUpToIndex() + ")");
        out.flush();
        return result.clean() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private static Connection openReadOnly(Path database) {
        Properties p = new Properties();
        p.setProperty("duckdb.read_only", "true");
        try {
            return DriverManager.getConnection("jdbc:duckdb:" + database.toAbsolutePath(), p);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open " + database + " read-only (is the server still running? "
                    + "stop it first): " + e.getMessage());
        }
    }
}

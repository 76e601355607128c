package io.tickstore.server.cli;

import io.tickstore.config.ConfigException;
import io.tickstore.config.ConfigLoader;
import io.tickstore.config.TickstoreConfig;
import io.tickstore.server.Server;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tickstore serve [--config FILE]}: runs the server until Ctrl-C or SIGTERM. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        header = "Start the server (HTTP API, ingest and stream WebSockets, the console at /).",
        description = {"Serves on http.host:http.port (default 127.0.0.1:8080) with its data in data.dir (default"
            + " ./data). Stop it with Ctrl-C or SIGTERM: every acked message is applied before it exits."},
        footerHeading = "%n",
        footer = {"Configuration: defaults < --config FILE < TICKSTORE_* environment variables (docs/configuration.md).",
            "A bad value stops start-up with one line naming the key, the value, where it came from and what is allowed.",
            "Exit codes: 0 stopped cleanly; 1 failed at run time; 2 bad command line or configuration."})
public final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "A properties file of configuration keys (key = value).")
    Path config;

    @Override
    public Integer call() throws Exception {
        TickstoreConfig loaded;
        try {
            loaded = ConfigLoader.load(config, System.getenv());
        } catch (ConfigException e) {
            spec.commandLine().getErr().println(e.getMessage());
            spec.commandLine().getErr().flush();
            return ExitCodes.USAGE;
        }
        Server server;
        try {
            server = Server.start(loaded);
        } catch (ConfigException e) { // the tokens file, or an open server on a public address
            spec.commandLine().getErr().println(e.getMessage());
            spec.commandLine().getErr().flush();
            return ExitCodes.USAGE;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "tickstore-shutdown"));
        stopped.await();
        return ExitCodes.OK;
    }
}

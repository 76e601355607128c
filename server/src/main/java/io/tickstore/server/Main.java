package io.tickstore.server;

import io.tickstore.config.ConfigException;
import io.tickstore.config.ConfigLoader;
import io.tickstore.config.TickstoreConfig;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The command line: {@code tickstore serve [--config FILE]}. Configuration comes from defaults,
 * then the file, then {@code TICKSTORE_*} environment variables (see docs/configuration.md).
 * Exit codes: 0 stopped cleanly, 1 failed at run time, 2 bad command line or configuration.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    static int run(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            System.out.println(usage());
            return args.length == 0 ? 2 : 0;
        }
        if (!args[0].equals("serve")) {
            System.err.println("unknown command \"" + args[0] + "\"\n" + usage());
            return 2;
        }
        Path configFile = null;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                configFile = Path.of(args[++i]);
            } else {
                System.err.println("unknown option \"" + args[i] + "\"\n" + usage());
                return 2;
            }
        }
        TickstoreConfig config;
        try {
            config = ConfigLoader.load(configFile, System.getenv());
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        Server server = Server.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "tickstore-shutdown"));
        stopped.await();
        return 0;
    }

    static String usage() {
        return """
                usage: tickstore <command>
                  serve [--config FILE]   start the server (HTTP + WebSocket ingest); stop with Ctrl-C / SIGTERM
                  load  [options]         drive ingest load at a running server (./tickstore load --help)
                  help                    this text
                configuration: defaults < --config FILE (key = value) < TICKSTORE_* environment variables""";
    }
}

package io.tickstore.server;

import io.tickstore.server.cli.TickstoreCli;

/**
 * The server jar's entry point: {@code tickstore serve [--config FILE]} and the other server-side
 * commands (see {@link TickstoreCli}). Exit codes: 0 stopped cleanly, 1 failed at run time, 2 bad
 * command line or configuration.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(TickstoreCli.execute(args));
    }
}

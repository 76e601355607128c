package io.tickstore.server;

import io.tickstore.server.cli.TickstoreCli;

/**
 * The server jar's entry point: {@code tickstore serve [--config FILE]} and the other server-side
 * commands (see {@link TickstoreCli}). Exit codes: 0 stopped cleanly, 1 failed at run time, 2 bad
 * command line or configuration.
 */
public final class Main {
    private static final String SINGLE_THREADED_CHECK = "disable.single.threaded.check";

    private Main() {
    }

    public static void main(String[] args) {
        // Chronicle checks on every journal write that its appender stays on one thread (a thread
        // lookup and compare, 16% of the journaller's samples at 100,000 ticks/s). Each journal object
        // here has one owning thread by design; the check is read once, so it is set before Chronicle loads.
        if (System.getProperty(SINGLE_THREADED_CHECK) == null) {
            System.setProperty(SINGLE_THREADED_CHECK, "true");
        }
        System.exit(TickstoreCli.execute(args));
    }
}

package io.tickstore.server.cli;

/** The exit codes of every {@code tickstore} command. */
public final class ExitCodes {
    /** Done, and what was checked holds. */
    public static final int OK = 0;
    /** The run failed (a server that stopped on an error, a failed check, a benchmark with errors). */
    public static final int FAILED = 1;
    /** A bad command line or configuration: nothing was done. */
    public static final int USAGE = 2;

    private ExitCodes() {
    }
}

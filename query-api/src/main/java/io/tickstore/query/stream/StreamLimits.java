package io.tickstore.query.stream;

/**
 * The fixed limits of {@code /ws/stream} (documented in docs/stream.md). They are not configuration:
 * they bound memory per connection and per server, whatever the clients do.
 */
public final class StreamLimits {
    private StreamLimits() {
    }

    /** Concurrent stream connections; past it the upgrade is answered 503. */
    public static final int MAX_CONNECTIONS = 1024;

    /** Subscriptions one connection may hold at once. */
    public static final int MAX_SUBSCRIPTIONS_PER_CONNECTION = 1000;

    /** Longest client frame (an op), in characters; a longer one gets an error reply. */
    public static final int MAX_REQUEST_CHARS = 4096;

    /**
     * Tick pushes one connection may hold back while its socket does not take them; one more
     * closes it with {@link #CLOSE_TOO_SLOW}.
     */
    public static final int MAX_QUEUED_TICKS = 10_000;

    /**
     * Distinct bar buckets, quote feeds, orders and positions one connection may hold back (each
     * kept only in its latest state); one more closes it with {@link #CLOSE_TOO_SLOW}.
     */
    public static final int MAX_CONFLATED_KEYS = 10_000;

    /**
     * Messages held back across all connections of the server; a connection that would queue one
     * more is closed with {@link #CLOSE_TOO_SLOW}.
     */
    public static final int MAX_QUEUED_TOTAL = 500_000;

    /**
     * Pushes handed by the store writer to one connection's event loop and not yet taken by it; past
     * it the writer stops handing over and the connection is closed with {@link #CLOSE_TOO_SLOW}.
     * Reached only when an event loop cannot keep up with the writer.
     */
    public static final int MAX_IN_FLIGHT = 200_000;

    /**
     * How long a subscriber closed for being too slow has to read what is already on its socket and then
     * its close frame; past it the TCP connection is ended without one, so a client that never reads
     * holds no connection.
     */
    public static final long CLOSE_GRACE_MILLIS = 10_000;

    /** RFC 6455 "policy violation": the close code of a subscriber closed for being too slow. */
    public static final short CLOSE_TOO_SLOW = 1008;
}

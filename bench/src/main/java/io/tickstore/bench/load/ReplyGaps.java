package io.tickstore.bench.load;

/**
 * The silences between consecutive replies on the connections of a load run, over its measured
 * window: the longest, when it ended (wall clock, to line it up with a server's GC or safepoint log),
 * and how many lasted longer than 100 ms.
 *
 * @param longestNanos       the longest time between two replies on one connection; 0 with none
 * @param longestEndedMillis epoch milliseconds of the reply that ended it; 0 with none
 * @param over100Ms          gaps longer than 100 ms, over all connections
 */
public record ReplyGaps(long longestNanos, long longestEndedMillis, long over100Ms) {
    static final long LONG_NANOS = 100_000_000L;

    /** No replies measured. */
    public static final ReplyGaps NONE = new ReplyGaps(0, 0, 0);

    /** This run's and {@code o}'s gaps together: the longer longest, the sum of the long ones. */
    ReplyGaps and(ReplyGaps o) {
        ReplyGaps longer = o.longestNanos > longestNanos ? o : this;
        return new ReplyGaps(longer.longestNanos, longer.longestEndedMillis, over100Ms + o.over100Ms);
    }
}

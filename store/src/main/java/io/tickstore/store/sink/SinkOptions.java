package io.tickstore.store.sink;

/**
 * How a sink's runner batches, and what happens when the sink falls behind.
 *
 * @param maxBatch           most messages in one {@link Sink#apply} call
 * @param commitIntervalMillis once caught up, how long the runner lets new messages gather after the
 *                           first one before applying them (0: at once); a sink that is behind gets
 *                           full batches without waiting
 * @param required           true: the store cannot do without this sink, so when it falls more than
 *                           {@code maxLagMessages} behind, ingest is held back (backpressure, with the
 *                           reason) until it catches up. False: the sink is marked failed instead, no
 *                           longer holds journal files back, and ingest goes on
 * @param maxLagMessages     the bound on journaled messages the sink has not applied
 */
public record SinkOptions(int maxBatch, int commitIntervalMillis, boolean required, long maxLagMessages) {
    public SinkOptions {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch < 1: " + maxBatch);
        }
        if (commitIntervalMillis < 0) {
            throw new IllegalArgumentException("commitIntervalMillis < 0: " + commitIntervalMillis);
        }
        if (maxLagMessages < 1) {
            throw new IllegalArgumentException("maxLagMessages < 1: " + maxLagMessages);
        }
    }
}

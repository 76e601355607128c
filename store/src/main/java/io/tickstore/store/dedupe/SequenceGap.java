package io.tickstore.store.dedupe;

/**
 * A jump in one feed's tick sequence numbers: when a tick numbered {@code to + 1} arrived, the
 * highest number seen before it was {@code from - 1}, so {@code from..to} (inclusive) were missing.
 * {@code detectedAt} is epoch microseconds of the detection (wall clock).
 */
public record SequenceGap(String exchange, String symbol, long from, long to, long detectedAt) {
    public long missing() {
        return to - from + 1;
    }
}

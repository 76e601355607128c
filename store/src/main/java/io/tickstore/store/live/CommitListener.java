package io.tickstore.store.live;

/**
 * Told about every writer commit, on the writer thread, right after it. Implementations must be
 * quick and must not block (hand the batch to other threads); an exception is logged and ignored.
 */
public interface CommitListener {
    /** Whether the ticks of this feed should be copied into {@link CommittedBatch#ticks()}. Called per tick. */
    boolean wantsTicks(String exchange, String symbol);

    void committed(CommittedBatch batch);
}

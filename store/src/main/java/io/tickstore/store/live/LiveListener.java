package io.tickstore.store.live;

/**
 * Told what the hot tier made queryable, on the hot applier thread, every few milliseconds while
 * messages arrive ({@link LiveBatch}). Implementations must be quick and must not block (hand the
 * batch to other threads); an exception is logged and ignored.
 */
public interface LiveListener {
    /** Whether the ticks of this feed should be copied into {@link LiveBatch#ticks()}. Called per tick. */
    boolean wantsTicks(String exchange, String symbol);

    /** Whether this feed's bar changes should be tracked for {@link LiveBatch#bars()}. Called per trade. */
    boolean wantsBars(String exchange, String symbol);

    void applied(LiveBatch batch);
}

package io.tickstore.store.sink;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A sink's manners on a small machine: while ingest is busy, the sink holds its batches back so that
 * the journaller, the hot applier and the queries have the processors, until the hot tier holds
 * {@code limitBytes} for it or it has held back for {@link #MAX_HOLD_NANOS} in one go; then it stores
 * as usual until ingest pauses. So a burst is made queryable at the speed of the hot path and stored
 * right after it, and a steady load beyond the sink's share is stored as it comes, at most a minute
 * late. The DuckDB sink and the deduplication snapshot sink each have one.
 *
 * <p><b>Busy</b> is a rate: the hot tier applied at least {@link #BUSY_MESSAGES} messages within a
 * window of {@link #WINDOW_NANOS} (busy at once when the current window reaches it; idle again only
 * after a whole window below it). Not "applied anything lately": on two processors saturated by
 * ingest the hot applier goes 100 ms and more without being scheduled, and a 100 ms window read those
 * gaps as pauses and let whole batches through in the middle of a burst (the 10M compare: the sink
 * applied at 12-26% of a core from the load's first second); while a trickle — a slow feed, the
 * portfolio's snapshot marks — costs the processors nothing and must not keep the sinks a minute
 * behind. Journal indexes count messages within a roll cycle; a roll counts as busy.
 */
public final class YieldToIngest implements SinkYield {
    static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final long BUSY_MESSAGES = 10_000;
    static final long MAX_HOLD_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final LongSupplier hotApplied;
    private final LongSupplier unstoredBytes;
    private final long limitBytes;
    private final LongSupplier clock;
    private boolean observed;
    private boolean busy;
    private long windowStart;
    private long windowIndex;
    /** Start of the current hold; {@code Long.MIN_VALUE} when not holding; {@code Long.MAX_VALUE} once past its time. */
    private long holdingSince = Long.MIN_VALUE;

    /**
     * @param hotApplied    the hot tier's applied index (moves while ingest is busy)
     * @param unstoredBytes what the hot tier holds for messages DuckDB has not stored
     * @param limitBytes    hold back only while {@code unstoredBytes} is below this; 0 = never
     */
    public YieldToIngest(LongSupplier hotApplied, LongSupplier unstoredBytes, long limitBytes) {
        this(hotApplied, unstoredBytes, limitBytes, System::nanoTime);
    }

    YieldToIngest(LongSupplier hotApplied, LongSupplier unstoredBytes, long limitBytes, LongSupplier clock) {
        this.hotApplied = hotApplied;
        this.unstoredBytes = unstoredBytes;
        this.limitBytes = limitBytes;
        this.clock = clock;
    }

    @Override
    public boolean holdBack() {
        if (limitBytes <= 0) {
            return false;
        }
        long now = clock.getAsLong();
        long applied = hotApplied.getAsLong();
        if (!observed) {
            observed = true; // the first reading is where the hot tier stood, not ingest activity
            windowStart = now;
            windowIndex = applied;
        } else {
            long moved = applied - windowIndex;
            if (moved >= BUSY_MESSAGES || moved < 0) {
                busy = true;
            }
            if (now - windowStart >= WINDOW_NANOS) {
                busy = moved >= BUSY_MESSAGES || moved < 0;
                windowStart = now;
                windowIndex = applied;
            }
        }
        if (!busy) {
            holdingSince = Long.MIN_VALUE; // ingest paused: the next burst may be held back again
            return false;
        }
        if (holdingSince == Long.MAX_VALUE || unstoredBytes.getAsLong() >= limitBytes) {
            return false;
        }
        if (holdingSince == Long.MIN_VALUE) {
            holdingSince = now;
        } else if (now - holdingSince >= MAX_HOLD_NANOS) {
            holdingSince = Long.MAX_VALUE; // held long enough: store as usual until ingest pauses
            return false;
        }
        return true;
    }
}

package io.tickstore.store.sink;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The DuckDB sink's manners on a small machine: while ingest is busy (the hot tier applied something
 * within the last {@link #BUSY_NANOS}), the sink holds its batches back so that the journaller, the hot
 * applier and the queries have the processors, until the hot tier holds {@code limitBytes} for it or it
 * has held back for {@link #MAX_HOLD_NANOS} in one go; then it stores as usual until ingest pauses. So
 * a burst is made queryable at the speed of the hot path and stored right after it, and a steady load
 * beyond the sink's share is stored as it comes, at most a minute late.
 *
 * <p>Busy is a second, not less: on two processors saturated by ingest the hot applier can go 100 ms
 * and more without being scheduled, and a shorter window read those gaps as a pause and let whole
 * batches through in the middle of a burst (the 10M compare: the sink applied at 12-26% of a core
 * from the load's first second). Once ingest pauses, the sink starts storing a second later.
 */
public final class YieldToIngest implements SinkYield {
    static final long BUSY_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final long MAX_HOLD_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final LongSupplier hotApplied;
    private final LongSupplier unstoredBytes;
    private final long limitBytes;
    private final LongSupplier clock;
    private boolean observed;
    private long lastApplied;
    private long lastChange = Long.MIN_VALUE;
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
            lastApplied = applied;
        } else if (applied != lastApplied) {
            lastApplied = applied;
            lastChange = now;
        }
        boolean busy = lastChange != Long.MIN_VALUE && now - lastChange < BUSY_NANOS;
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

package io.tickstore.store.dedupe;

import org.roaringbitmap.RelativeRangeConsumer;
import org.roaringbitmap.longlong.PeekableLongIterator;
import org.roaringbitmap.longlong.Roaring64Bitmap;

/**
 * Walks a feed's sequence numbers as runs of consecutive values ({@code first..last}), in the
 * bitmap's unsigned order, so a gap-free feed is one run whatever its length. Works a 65,536-value
 * container at a time: a run-optimized or full container costs one callback, not one per value.
 * Reusable, one thread.
 */
final class SequenceRuns implements RelativeRangeConsumer {
    private static final long CONTAINER_MASK = ~0xFFFFL;
    private static final int CONTAINER_SIZE = 1 << 16;
    /**
     * The containers holding {@code Long.MAX_VALUE} and {@code -1}: RoaringBitmap 1.3.0's
     * {@code forAllInRange} fails or skips values there (its range end overflows), so they are
     * walked value by value.
     */
    private static final long SIGNED_TOP_CONTAINER = Long.MAX_VALUE & CONTAINER_MASK;
    private static final long UNSIGNED_TOP_CONTAINER = -1L & CONTAINER_MASK;

    /** Receives one run; what it throws ends the walk. */
    @FunctionalInterface
    interface RunConsumer<E extends Exception> {
        void run(long first, long last) throws E;
    }

    // A container's runs, gathered in the callbacks (which cannot throw) and handed on after it.
    private final long[] found = new long[CONTAINER_SIZE + 2];
    private int foundCount;
    private long base;
    private boolean open;
    private long runFirst;
    private long runLast;

    /** How many runs {@code seen} holds. */
    long count(Roaring64Bitmap seen) {
        long[] n = {0};
        forEach(seen, (first, last) -> n[0]++);
        return n[0];
    }

    /** Hands every run of {@code seen} to {@code consumer}, in unsigned order. */
    <E extends Exception> void forEach(Roaring64Bitmap seen, RunConsumer<E> consumer) throws E {
        open = false;
        PeekableLongIterator it = seen.getLongIterator();
        while (it.hasNext()) {
            base = it.peekNext() & CONTAINER_MASK;
            foundCount = 0;
            if (base == SIGNED_TOP_CONTAINER || base == UNSIGNED_TOP_CONTAINER) {
                while (it.hasNext() && (it.peekNext() & CONTAINER_MASK) == base) {
                    long v = it.next();
                    present(v, v);
                }
            } else {
                seen.forAllInRange(base, CONTAINER_SIZE, this);
                // (a fresh iterator: 1.3.0's advanceIfNeeded does not move past the last container)
                it = seen.getLongIteratorFrom(base + CONTAINER_SIZE);
            }
            for (int i = 0; i < foundCount; i += 2) {
                consumer.run(found[i], found[i + 1]);
            }
            if (base == UNSIGNED_TOP_CONTAINER) {
                break;
            }
        }
        if (open) {
            open = false;
            consumer.run(runFirst, runLast);
        }
    }

    /** {@code first..last} are present; a run still open is continued or closed (into {@link #found}). */
    private void present(long first, long last) {
        if (open && first == runLast + 1) {
            runLast = last;
            return;
        }
        if (open) {
            found[foundCount++] = runFirst;
            found[foundCount++] = runLast;
        }
        open = true;
        runFirst = first;
        runLast = last;
    }

    // The callbacks keep to [base, base + 65536): next to the top containers 1.3.0 reports past the
    // range it was asked for (the next container is walked on its own turn).

    @Override
    public void acceptPresent(int relativePos) {
        if (relativePos >= 0 && relativePos < CONTAINER_SIZE) {
            long v = base + relativePos;
            present(v, v);
        }
    }

    @Override
    public void acceptAllPresent(int relativeFrom, int relativeTo) {
        int from = Math.max(relativeFrom, 0);
        int to = Math.min(relativeTo, CONTAINER_SIZE);
        if (from < to) {
            present(base + from, base + to - 1);
        }
    }

    @Override
    public void acceptAbsent(int relativePos) {
        // a gap shows as the next present value not following the run
    }

    @Override
    public void acceptAllAbsent(int relativeFrom, int relativeTo) {
        // likewise
    }
}

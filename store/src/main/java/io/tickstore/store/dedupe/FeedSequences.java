package io.tickstore.store.dedupe;

import org.roaringbitmap.longlong.Roaring64Bitmap;

/** Every tick sequence number stored for one (exchange, symbol), and the highest one. */
final class FeedSequences {
    static final long NONE = Long.MIN_VALUE;

    final Roaring64Bitmap seen;
    long highest = NONE;

    FeedSequences() {
        this(new Roaring64Bitmap());
    }

    private FeedSequences(Roaring64Bitmap seen) {
        this.seen = seen;
    }

    boolean contains(long sequence) {
        return seen.contains(sequence);
    }

    void add(long sequence) {
        seen.addLong(sequence);
        if (sequence > highest) {
            highest = sequence;
        }
    }

    void addRange(long fromInclusive, long toInclusive) {
        seen.addRange(fromInclusive, toInclusive + 1);
        if (toInclusive > highest) {
            highest = toInclusive;
        }
    }

    /**
     * Snapshot load: {@code first..last} (inclusive, in the bitmap's unsigned order, so a run may
     * cross from {@code Long.MAX_VALUE} to {@code Long.MIN_VALUE}) are present. Leaves
     * {@link #highest} alone: the snapshot restores it as written.
     */
    void addRun(long first, long last) {
        if (first != last) {
            seen.addRange(first, last); // exclusive end: last + 1 would overflow for the largest unsigned value
        }
        seen.addLong(last);
    }

    FeedSequences copy() {
        FeedSequences c = new FeedSequences(seen.clone());
        c.highest = highest;
        return c;
    }
}

package io.tickstore.store.dedupe;

import org.roaringbitmap.longlong.Roaring64Bitmap;

/** Every tick sequence number stored for one (exchange, symbol), and the highest one. */
final class FeedSequences {
    static final long NONE = Long.MIN_VALUE;

    final Roaring64Bitmap seen = new Roaring64Bitmap();
    long highest = NONE;

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
}

package io.tickstore.store.dedupe;

import org.roaringbitmap.longlong.Roaring64Bitmap;

/**
 * Every tick sequence number stored for one (exchange, symbol), and the highest one.
 *
 * <p>A feed counts up by one, so the common case touches no bitmap: a number above {@link #highest}
 * is new without a lookup, and {@code highest + 1} extends a pending run ({@code pendingFirst..highest})
 * kept as two longs and put into the bitmap only when something else happens (a gap, an older
 * number, a snapshot). Roaring64Bitmap's own lookup allocates its 48-bit key on every call.
 */
final class FeedSequences {
    static final long NONE = Long.MIN_VALUE;

    private final Roaring64Bitmap bitmap;
    /** The highest number present (signed order), {@link #NONE} when there is none. */
    long highest = NONE;
    /** First of the run {@code pendingFirst..highest} that is present but not yet in the bitmap; NONE: no run. */
    private long pendingFirst = NONE;

    FeedSequences() {
        this(new Roaring64Bitmap());
    }

    private FeedSequences(Roaring64Bitmap bitmap) {
        this.bitmap = bitmap;
    }

    boolean contains(long sequence) {
        if (highest != NONE && sequence > highest) {
            return false;
        }
        if (pendingFirst != NONE && sequence >= pendingFirst && sequence <= highest) {
            return true;
        }
        return bitmap.contains(sequence);
    }

    void add(long sequence) {
        if (highest != NONE && highest < Long.MAX_VALUE - 1 && sequence == highest + 1) {
            if (pendingFirst == NONE) {
                pendingFirst = sequence;
            }
            highest = sequence;
            return;
        }
        flush();
        bitmap.addLong(sequence);
        if (sequence > highest) {
            highest = sequence;
        }
    }

    /** Undoes the latest {@link #add} of {@code sequence}, which was new; {@code previousHighest}: {@link #highest} before it. */
    void removeLatest(long sequence, long previousHighest) {
        if (pendingFirst != NONE && sequence == highest && sequence >= pendingFirst) {
            highest = previousHighest;
            if (highest == NONE || highest < pendingFirst) {
                pendingFirst = NONE;
            }
            return;
        }
        flush();
        bitmap.removeLong(sequence);
        highest = previousHighest;
    }

    void addRange(long fromInclusive, long toInclusive) {
        flush();
        bitmap.addRange(fromInclusive, toInclusive + 1);
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
        flush();
        if (first != last) {
            bitmap.addRange(first, last); // exclusive end: last + 1 would overflow for the largest unsigned value
        }
        bitmap.addLong(last);
    }

    /** Every number present, as a bitmap (the pending run put in first). Between frames only. */
    Roaring64Bitmap seen() {
        flush();
        return bitmap;
    }

    FeedSequences copy() {
        FeedSequences c = new FeedSequences(seen().clone());
        c.highest = highest;
        return c;
    }

    private void flush() {
        if (pendingFirst != NONE) {
            long first = pendingFirst;
            pendingFirst = NONE;
            if (first != highest) {
                bitmap.addRange(first, highest); // exclusive end, then the last: as addRun
            }
            bitmap.addLong(highest);
        }
    }
}

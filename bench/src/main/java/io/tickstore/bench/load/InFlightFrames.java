package io.tickstore.bench.load;

/**
 * The send times of one connection's unacked frames, oldest first: a single-producer
 * (the sender thread) single-consumer (the connection's event loop) ring of {@code long}s.
 * Replies come in frame order, so the head is always the frame the next reply is for.
 */
final class InFlightFrames {
    private final long[] times;
    private final int mask;
    private volatile long head; // next to take; written by the consumer only
    private volatile long tail; // next to fill; written by the producer only

    /** @param capacity at least the window; rounded up to a power of two */
    InFlightFrames(int capacity) {
        int size = Integer.highestOneBit(Math.max(1, capacity - 1)) << 1;
        this.times = new long[size];
        this.mask = size - 1;
    }

    int size() {
        return (int) (tail - head);
    }

    /** Producer only; the caller keeps {@link #size()} below the capacity it asked for. */
    void add(long sendNanos) {
        long t = tail;
        times[(int) t & mask] = sendNanos;
        tail = t + 1; // volatile write publishes the slot
    }

    /** Consumer only: the oldest send time, removed; {@link Long#MIN_VALUE} if there is none. */
    long take() {
        long h = head;
        if (h == tail) {
            return Long.MIN_VALUE;
        }
        long v = times[(int) h & mask];
        head = h + 1;
        return v;
    }
}

package io.tickstore.store.dedupe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The most recent sequence gaps, newest first, bounded; plus the gap counters. Written by the
 * journaller thread, read by HTTP workers.
 */
public final class GapLog {
    private final int capacity;
    private final ArrayDeque<SequenceGap> recent;
    private final Counter gaps;
    private final Counter missing;

    public GapLog(int capacity, MeterRegistry registry) {
        this.capacity = capacity;
        this.recent = new ArrayDeque<>(capacity);
        this.gaps = Counter.builder("tickstore.sequence.gaps")
                .description("Jumps in a feed's tick sequence numbers since start")
                .register(registry);
        this.missing = Counter.builder("tickstore.sequence.missing")
                .description("Sequence numbers skipped by those jumps (a late tick may fill one later)")
                .register(registry);
    }

    void record(SequenceGap gap) {
        gaps.increment();
        missing.increment(gap.missing());
        synchronized (recent) {
            if (recent.size() == capacity) {
                recent.removeLast();
            }
            recent.addFirst(gap);
        }
    }

    /** Recent gaps, newest first; null exchange or symbol matches any. */
    public List<SequenceGap> recent(String exchange, String symbol, int limit) {
        List<SequenceGap> out = new ArrayList<>();
        synchronized (recent) {
            Iterator<SequenceGap> it = recent.iterator();
            while (it.hasNext() && out.size() < limit) {
                SequenceGap g = it.next();
                if ((exchange == null || exchange.equals(g.exchange())) && (symbol == null || symbol.equals(g.symbol()))) {
                    out.add(g);
                }
            }
        }
        return out;
    }

    public long totalGaps() {
        return (long) gaps.count();
    }
}

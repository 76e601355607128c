package io.tickstore.store.sink;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickstore.store.journal.Journal;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes journal files no sink needs any more: the cycles before the one holding the lowest applied
 * index of the sinks still followed (a failed optional sink does not count), beyond the
 * {@code journal.retain_cycles} newest such cycles. At start-up, then every minute, on a daemon thread.
 */
public final class JournalTrim implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JournalTrim.class);

    private final Journal journal;
    private final List<SinkRunner> sinks;
    private final int keep;
    private final Counter deleted;
    private DaemonTimer timer;

    /** {@code keep} -1 keeps the whole journal. */
    public JournalTrim(Journal journal, List<SinkRunner> sinks, int keep, MeterRegistry registry) {
        this.journal = journal;
        this.sinks = sinks;
        this.keep = keep;
        this.deleted = Counter.builder("tickstore.journal.cycles.deleted")
                .description("journal files deleted because every sink has applied every message in them")
                .register(registry);
    }

    /** The lowest applied index of the sinks still followed, or {@link Journal#NONE} (nothing may go). */
    public long lowestNeeded() {
        long lowest = Long.MAX_VALUE;
        for (SinkRunner s : sinks) {
            if (s.state() == SinkState.FAILED) {
                continue;
            }
            lowest = Math.min(lowest, s.sink().appliedIndex());
        }
        return lowest == Long.MAX_VALUE ? Journal.NONE : lowest;
    }

    /** Trims now; returns the files deleted. */
    public synchronized int trim() {
        if (keep < 0) {
            return 0;
        }
        int n = journal.deleteCyclesBefore(lowestNeeded(), keep);
        if (n > 0) {
            deleted.increment(n);
            LOG.info("deleted {} journal file(s) every sink has applied (journal.retain_cycles = {})", n, keep);
        }
        return n;
    }

    public void start() {
        if (keep < 0) {
            return;
        }
        Runnable task = () -> {
            try {
                trim();
            } catch (RuntimeException e) {
                LOG.warn("deleting applied journal cycles failed (will retry): {}", e.toString());
            }
        };
        // The first trim runs at once but off the opening thread: start-up does not wait for deletes.
        timer = new DaemonTimer("tickstore-journal-trim");
        timer.every(task, 0, 60, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.close();
        }
    }
}

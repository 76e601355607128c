package io.tickstore.store.positions;

import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.sink.DaemonTimer;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Journals a portfolio snapshot mark when a scheduled snapshot is due. Every tier that keeps a
 * portfolio takes the snapshot when it applies the mark, so all of them value the same positions at
 * the same point of the journal. Checks once a second on a daemon thread; a mark refused by
 * backpressure is tried again.
 */
public final class SnapshotSchedule implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotSchedule.class);

    private final LongSupplier nextDue;
    private final long firstDue;
    private final Predicate<IngestMessage> journal;
    private final DaemonTimer timer = new DaemonTimer("tickstore-portfolio-snapshots");
    private final IngestMessage mark = new IngestMessage();

    /**
     * @param portfolio the hot tier's portfolio's schedule: the boundary after now is the first due
     *                  when it never took a snapshot
     * @param nextDue   when the hot tier's portfolio next takes a snapshot (epoch micros;
     *                  {@code Long.MIN_VALUE} before its first)
     * @param journal   publishes one message into the ingest pipeline; false when it was refused for now
     */
    public SnapshotSchedule(Portfolio portfolio, LongSupplier nextDue, Predicate<IngestMessage> journal) {
        this.nextDue = nextDue;
        this.firstDue = portfolio.nextBoundaryAfter(System.currentTimeMillis() * 1000);
        this.journal = journal;
    }

    public void start() {
        timer.every(this::check, 0, 1, TimeUnit.SECONDS);
    }

    private void check() {
        try {
            long now = System.currentTimeMillis() * 1000;
            long due = nextDue.getAsLong();
            if (due == Long.MIN_VALUE) {
                due = firstDue;
            }
            if (now < due) {
                return;
            }
            mark.portfolioSnapshot(now);
            if (!journal.test(mark)) {
                LOG.debug("portfolio snapshot mark refused for now (backpressure); trying again in a second");
            }
        } catch (RuntimeException e) {
            LOG.warn("journaling a portfolio snapshot mark failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        timer.close();
    }
}

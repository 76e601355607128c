package io.tickstore.store.pipeline;

import com.lmax.disruptor.EventHandler;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tickstore.store.write.DuckDbApplier;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handler 2, the only thread that writes DuckDB: applies journaled messages and commits them with
 * the journal index in the same transaction. Group commit: at the end of a Disruptor batch it
 * commits only once {@code commitInterval} has passed since the first uncommitted message (or
 * {@code maxBatch} are pending); when traffic stops, the wait strategy's timeout
 * ({@link #onTimeout}) commits the rest; {@link #onShutdown} commits before the thread ends.
 * Acks never wait for this. Clears each slot after use.
 *
 * <p>While it is behind — more than {@code backlogMessages} journaled messages it has not reached, or
 * more than {@code largeBatch} pending — it waits {@code backlogCommitInterval} instead: a DuckDB
 * commit has a fixed cost of ~25 ms here (the bars, the commit itself) on top of ~0.7 µs a row, so
 * fewer, bigger transactions catch up faster (see BENCHMARKS.md). Queries then lag by up to that
 * interval, which they would by the backlog anyway. Under light load nothing changes: batches stay
 * small and commit every {@code commitInterval}.
 */
final class StoreWriter implements EventHandler<IngestEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(StoreWriter.class);

    private final DuckDbApplier applier;
    private final int maxBatch;
    private final long commitIntervalNanos;
    private final long backlogCommitIntervalNanos;
    private final long backlogMessages;
    private final int largeBatch;
    /** The sequence the journaller has passed: what this writer may read up to. */
    private final java.util.function.LongSupplier journaled;
    private long firstPendingNanos;
    private final java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
    private final PipelineHealth health;
    private final AtomicLong appliedIndex;
    private final DistributionSummary batchSize;
    private final Timer commitTime;

    /**
     * @param commitIntervalNanos        0: commit at the end of every Disruptor batch (no group commit,
     *                                   and no backlog rule)
     * @param backlogCommitIntervalNanos the interval while behind; the larger of the two applies
     * @param backlogMessages            journaled messages not yet reached that make the writer "behind"
     * @param largeBatch                 pending messages past which a batch is "large": it too waits for
     *                                   the backlog interval (load that builds it within a commit interval
     *                                   is the load that saturates the writer)
     * @param journaled                  the journaller's sequence
     */
    StoreWriter(DuckDbApplier applier, int maxBatch, long commitIntervalNanos, long backlogCommitIntervalNanos,
                long backlogMessages, int largeBatch, java.util.function.LongSupplier journaled, PipelineHealth health,
                AtomicLong appliedIndex, MeterRegistry registry) {
        this.applier = applier;
        this.maxBatch = maxBatch;
        this.commitIntervalNanos = commitIntervalNanos;
        this.backlogCommitIntervalNanos = Math.max(commitIntervalNanos, backlogCommitIntervalNanos);
        this.backlogMessages = backlogMessages;
        this.largeBatch = largeBatch;
        this.journaled = journaled;
        this.health = health;
        this.appliedIndex = appliedIndex;
        this.batchSize = DistributionSummary.builder("tickstore.writer.batch.size")
                .description("Messages committed per DuckDB transaction").register(registry);
        this.commitTime = Timer.builder("tickstore.writer.commit")
                .description("Time to flush and commit one batch").register(registry);
    }

    @Override
    public void onEvent(IngestEvent e, long sequence, boolean endOfBatch) {
        if (health.failed()) {
            e.clear(); // drain the ring; nothing acked after the failure, the journal holds the rest
            return;
        }
        try {
            if (e.accepted) {
                if (applier.pending() == 0) {
                    firstPendingNanos = System.nanoTime();
                }
                applier.apply(e.message, e.journalIndex);
                if (e.hasEffect) {
                    applier.apply(e.effect, e.effectJournalIndex);
                }
            }
            e.clear();
            int pending = applier.pending();
            if (pending >= maxBatch || (pending > 0 && endOfBatch && commitDue(sequence))) {
                commit();
            }
        } catch (Exception ex) {
            e.clear();
            fail(ex);
        }
    }

    /**
     * At the end of a batch: the commit interval has passed, and the backlog interval too if the writer
     * is behind the journal or its pending batch is large.
     */
    private boolean commitDue(long sequence) {
        long age = System.nanoTime() - firstPendingNanos;
        if (age < commitIntervalNanos) {
            return false;
        }
        return commitIntervalNanos == 0 || age >= backlogCommitIntervalNanos
                || (journaled.getAsLong() - sequence <= backlogMessages && applier.pending() <= largeBatch);
    }

    /** The ring stayed empty for a commit interval: commit what is pending, take a portfolio snapshot if due. */
    @Override
    public void onTimeout(long sequence) {
        if (applier.pending() > 0) {
            commitPending();
            return;
        }
        if (health.failed()) {
            return;
        }
        try {
            applier.snapshotIfDue();
        } catch (Exception ex) {
            fail(ex);
        }
    }

    @Override
    public void onShutdown() {
        try {
            commitPending();
        } finally {
            stopped.countDown();
        }
    }

    /** Waits until the writer thread has committed what was pending and stopped (Disruptor's halt does not). */
    boolean awaitStopped(long timeout, java.util.concurrent.TimeUnit unit) throws InterruptedException {
        return stopped.await(timeout, unit);
    }

    private void commitPending() {
        if (health.failed() || applier.pending() == 0) {
            return;
        }
        try {
            commit();
        } catch (Exception ex) {
            fail(ex);
        }
    }

    private void commit() throws Exception {
        int pending = applier.pending();
        long start = System.nanoTime();
        applier.commit();
        commitTime.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        batchSize.record(pending);
        appliedIndex.set(applier.appliedIndex());
    }

    private void fail(Exception ex) {
        LOG.error("store writer failed; ingest stops until restart, which replays the journal", ex);
        health.fail("store writer failed: " + ex.getMessage());
    }
}

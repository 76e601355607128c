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
 * Handler 2, the only thread that writes DuckDB: applies journaled messages and commits once per
 * Disruptor batch (or every {@code maxBatch} messages), the journal index going into the same
 * transaction. Clears each slot after use.
 */
final class StoreWriter implements EventHandler<IngestEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(StoreWriter.class);

    private final DuckDbApplier applier;
    private final int maxBatch;
    private final PipelineHealth health;
    private final AtomicLong appliedIndex;
    private final DistributionSummary batchSize;
    private final Timer commitTime;

    StoreWriter(DuckDbApplier applier, int maxBatch, PipelineHealth health, AtomicLong appliedIndex,
                MeterRegistry registry) {
        this.applier = applier;
        this.maxBatch = maxBatch;
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
                applier.apply(e.message, e.journalIndex);
            }
            e.clear();
            int pending = applier.pending();
            if (pending > 0 && (endOfBatch || pending >= maxBatch)) {
                long start = System.nanoTime();
                applier.commit();
                commitTime.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
                batchSize.record(pending);
                appliedIndex.set(applier.appliedIndex());
            }
        } catch (Exception ex) {
            e.clear();
            LOG.error("store writer failed; ingest stops until restart, which replays the journal", ex);
            health.fail("store writer failed: " + ex.getMessage());
        }
    }
}

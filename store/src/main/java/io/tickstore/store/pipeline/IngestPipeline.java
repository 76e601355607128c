package io.tickstore.store.pipeline;

import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickstore.config.PipelineConfig;
import io.tickstore.config.WaitStrategyKind;
import io.tickstore.store.dedupe.Deduplicator;
import io.tickstore.store.journal.Journal;
import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.orders.OrderBook;
import io.tickstore.store.write.DuckDbApplier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write path's ring: publishers (ingest event loops) put whole frames in; the
 * {@link Journaller} makes them durable and acks them; the {@link StoreWriter} applies them to DuckDB.
 * <pre>
 *   disruptor.handleEventsWith(journaller).then(storeWriter)
 * </pre>
 */
public final class IngestPipeline implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IngestPipeline.class);

    private final Disruptor<IngestEvent> disruptor;
    private final RingBuffer<IngestEvent> ring;
    private final Journaller journaller;
    private final StoreWriter storeWriter;
    private final PipelineHealth health = new PipelineHealth();
    private final AtomicLong lastJournalIndex;
    private final AtomicLong appliedIndex;
    private volatile boolean started;

    public IngestPipeline(PipelineConfig config, Journal journal, Deduplicator deduplicator, OrderBook orders,
                          DuckDbApplier applier, MeterRegistry registry) {
        this.lastJournalIndex = new AtomicLong(journal.lastIndex());
        this.appliedIndex = new AtomicLong(applier.appliedIndex());
        AtomicInteger threads = new AtomicInteger();
        String[] names = {"tickstore-journaller", "tickstore-writer"};
        this.disruptor = new Disruptor<>(IngestEvent::new, config.ringSize(),
                r -> {
                    Thread t = new Thread(r, names[Math.min(threads.getAndIncrement(), names.length - 1)]);
                    t.setDaemon(false);
                    return t;
                },
                ProducerType.MULTI, waitStrategy(config));
        this.ring = disruptor.getRingBuffer();
        // Anything a handler lets escape would otherwise end its thread silently, leaving the ring to
        // fill up while health still reads "ok". Make it a visible, sticky failure instead.
        disruptor.setDefaultExceptionHandler(new ExceptionHandler<IngestEvent>() {
            @Override
            public void handleEventException(Throwable ex, long sequence, IngestEvent event) {
                LOG.error("pipeline handler failed at sequence {}; ingest stops until restart", sequence, ex);
                health.fail("pipeline handler failed: " + ex);
            }

            @Override
            public void handleOnStartException(Throwable ex) {
                LOG.error("pipeline handler failed to start", ex);
                health.fail("pipeline handler failed to start: " + ex);
            }

            @Override
            public void handleOnShutdownException(Throwable ex) {
                LOG.warn("pipeline handler failed while stopping", ex);
            }
        });
        this.journaller = new Journaller(journal, deduplicator, orders, health, lastJournalIndex, registry);
        this.journaller.attach(ring);
        long commitInterval = TimeUnit.MILLISECONDS.toNanos(groupCommits(config) ? config.commitIntervalMillis() : 0);
        this.storeWriter = new StoreWriter(applier, config.writerMaxBatch(), commitInterval,
                TimeUnit.MILLISECONDS.toNanos(config.backlogCommitIntervalMillis()), Math.max(1, config.ringSize() / 64),
                Math.max(1, config.ringSize() / 4), () -> disruptor.getSequenceValueFor(journaller), health,
                appliedIndex, registry);
        disruptor.handleEventsWith(journaller).then(storeWriter);

        Gauge.builder("tickstore.journal.index", lastJournalIndex, AtomicLong::get)
                .description("Index of the last message in the journal").register(registry);
        Gauge.builder("tickstore.applied.index", appliedIndex, AtomicLong::get)
                .description("Journal index of the last message committed to DuckDB").register(registry);
        Gauge.builder("tickstore.writer.lag", this, IngestPipeline::writerLag)
                .description("Messages journaled but not yet committed to DuckDB").register(registry);
        Gauge.builder("tickstore.ring.remaining", ring, RingBuffer::remainingCapacity)
                .description("Free slots in the ingest ring").register(registry);
    }

    /**
     * Group commit needs the writer woken when traffic stops, which only the blocking strategy's
     * timeout does; with the spinning strategies the writer commits at the end of every batch.
     */
    private static boolean groupCommits(PipelineConfig config) {
        return config.waitStrategy() == WaitStrategyKind.BLOCKING && config.commitIntervalMillis() > 0;
    }

    private static WaitStrategy waitStrategy(PipelineConfig config) {
        return switch (config.waitStrategy()) {
            // Without group commit the timeout only wakes the writer to find nothing pending.
            case BLOCKING -> new BackoffBlockingWaitStrategy(groupCommits(config) ? config.commitIntervalMillis() : 1000,
                    TimeUnit.MILLISECONDS);
            case SLEEPING -> new SleepingWaitStrategy();
            case YIELDING -> new YieldingWaitStrategy();
        };
    }

    public void start() {
        disruptor.start();
        started = true;
    }

    /**
     * Claims {@code count} consecutive slots and publishes the frame, or returns false at once when
     * the ring lacks room (the caller pauses its socket and retries). Never blocks: event-loop safe.
     * {@code completion} is told the outcome exactly once, on the journaller thread.
     *
     * @throws IllegalArgumentException when {@code count} is not 1..{@link #ringSize()} (such a frame
     *         could never fit, so "retry later" would stall the caller forever), or the first
     *         {@code count} messages are not all filled in. Checked before any slot is claimed: a slot
     *         claimed and never published would stop the whole ring.
     */
    public boolean tryPublish(IngestMessage[] messages, int count, FrameCompletion completion) {
        if (count < 1 || count > ring.getBufferSize() || count > messages.length) {
            throw new IllegalArgumentException("frame of " + count + " messages (array of " + messages.length
                    + "): expected 1 to the ring size " + ring.getBufferSize() + " and at most the array length");
        }
        for (int i = 0; i < count; i++) {
            if (messages[i] == null || messages[i].type == null) {
                throw new IllegalArgumentException("frame message " + i + " is empty (no type)");
            }
        }
        if (completion == null) {
            throw new IllegalArgumentException("completion is null");
        }
        long hi;
        try {
            hi = ring.tryNext(count);
        } catch (InsufficientCapacityException e) {
            return false;
        }
        long lo = hi - count + 1;
        for (int i = 0; i < count; i++) {
            IngestEvent e = ring.get(lo + i);
            e.message.copyFrom(messages[i]);
            e.positionInFrame = i;
            e.frameSize = count;
            e.frame = i == 0 ? completion : null;
        }
        ring.publish(lo, hi);
        return true;
    }

    public PipelineHealth health() {
        return health;
    }

    public int ringSize() {
        return ring.getBufferSize();
    }

    public long lastJournalIndex() {
        return lastJournalIndex.get();
    }

    public long appliedIndex() {
        return appliedIndex.get();
    }

    /** Messages the journaller has passed that the writer has not yet applied. */
    public long writerLag() {
        if (!started) {
            return 0;
        }
        return Math.max(0, disruptor.getSequenceValueFor(journaller) - disruptor.getSequenceValueFor(storeWriter));
    }

    /** True when every published message has been journaled and committed to DuckDB. */
    public boolean drained() {
        return disruptor.getSequenceValueFor(storeWriter) >= ring.getCursor()
                && appliedIndex.get() == lastJournalIndex.get();
    }

    /** Lets in-flight frames finish (journal and apply), then stops both threads. */
    @Override
    public void close() {
        if (!started) {
            return;
        }
        try {
            disruptor.shutdown(30, TimeUnit.SECONDS);
        } catch (com.lmax.disruptor.TimeoutException e) {
            LOG.warn("pipeline did not drain within 30 s; halting (the journal holds what was acked)");
            disruptor.halt();
        }
        try {
            if (!storeWriter.awaitStopped(30, TimeUnit.SECONDS)) {
                LOG.warn("store writer did not stop within 30 s (the journal holds what was acked)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        started = false;
    }
}

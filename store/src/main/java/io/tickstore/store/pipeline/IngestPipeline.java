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
import io.tickstore.store.hot.HotTier;
import io.tickstore.store.journal.Journal;
import io.tickstore.store.journal.JournalSpace;
import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.orders.OrderBook;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write path's ring: publishers (ingest event loops) put whole frames in; the
 * {@link Journaller} makes them durable and acks them; the {@link HotApplier} makes them queryable in
 * the hot tier. DuckDB and every other sink tail the journal on their own threads, off this ring.
 * <pre>
 *   disruptor.handleEventsWith(journaller).then(hotApplier)
 * </pre>
 * Backpressure: a publish is refused (the connection pauses and retries) while the ring is full or the
 * {@link IngestGate} is closed (the hot tier holds too much DuckDB has not stored, or a required sink
 * is too far behind).
 */
public final class IngestPipeline implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IngestPipeline.class);

    private final Disruptor<IngestEvent> disruptor;
    private final RingBuffer<IngestEvent> ring;
    private final Journaller journaller;
    private final HotApplier hotApplier;
    private final HotTier hot;
    private final IngestGate gate;
    private final PipelineHealth health = new PipelineHealth();
    private final AtomicLong lastJournalIndex;
    private volatile boolean started;

    public IngestPipeline(PipelineConfig config, Journal journal, JournalSpace space, Deduplicator deduplicator,
                          OrderBook orders, HotTier hot, IngestGate gate, MeterRegistry registry) {
        this.lastJournalIndex = new AtomicLong(journal.lastIndex());
        this.hot = hot;
        this.gate = gate;
        AtomicInteger threads = new AtomicInteger();
        String[] names = {"tickstore-journaller", "tickstore-hot-applier"};
        WaitStrategy waitStrategy = waitStrategy(config);
        this.disruptor = new Disruptor<>(IngestEvent::new, config.ringSize(),
                r -> {
                    Thread t = new Thread(r, names[Math.min(threads.getAndIncrement(), names.length - 1)]);
                    t.setDaemon(false);
                    return t;
                },
                ProducerType.MULTI, waitStrategy);
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
        this.journaller = new Journaller(journal, space, deduplicator, orders, health, lastJournalIndex, registry);
        this.journaller.attach(ring);
        if (waitStrategy instanceof BackoffBlockingWaitStrategy backoff) {
            this.journaller.signalDependentsWith(backoff::signalDependents);
        }
        this.hotApplier = new HotApplier(hot);
        disruptor.handleEventsWith(journaller).then(hotApplier);

        Gauge.builder("tickstore.journal.index", lastJournalIndex, AtomicLong::get)
                .description("Index of the last message in the journal").register(registry);
        Gauge.builder("tickstore.hot.applied.index", hot, HotTier::appliedIndex)
                .description("Journal index of the last message the hot tier made queryable").register(registry);
        Gauge.builder("tickstore.journal.free.bytes", space, JournalSpace::lastFreeBytes)
                .description("Usable bytes on the journal's file system at the journaller's last look (-1 before "
                        + "the first frame); below journal.min_free_mb frames are refused").register(registry);
        Gauge.builder("tickstore.ring.remaining", ring, RingBuffer::remainingCapacity)
                .description("Free slots in the ingest ring").register(registry);
    }

    /** When the ring goes quiet, the blocking strategy wakes the hot applier this often to flush live updates. */
    private static final int IDLE_WAKE_MILLIS = 10;

    private static WaitStrategy waitStrategy(PipelineConfig config) {
        return switch (config.waitStrategy()) {
            case BLOCKING -> new BackoffBlockingWaitStrategy(IDLE_WAKE_MILLIS, TimeUnit.MILLISECONDS);
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
        if (gate.reason() != null) {
            return false;
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

    /**
     * Why publishes are refused right now besides a full ring, or null: after {@link #tryPublish}
     * returned false, null means the ring was full.
     */
    public IngestGate.Reason heldBy() {
        return gate.reason();
    }

    /** The backpressure gate (for {@code /ready}: its reason and detail). */
    public IngestGate gate() {
        return gate;
    }

    public int ringSize() {
        return ring.getBufferSize();
    }

    public long lastJournalIndex() {
        return lastJournalIndex.get();
    }

    /** The journal index of the last message the hot tier made queryable. */
    public long hotAppliedIndex() {
        return hot.appliedIndex();
    }

    /** True when every published message has been journaled and made queryable in the hot tier. */
    public boolean drained() {
        return disruptor.getSequenceValueFor(hotApplier) >= ring.getCursor()
                && hot.appliedIndex() == lastJournalIndex.get();
    }

    /** Lets in-flight frames finish (journal and hot apply), then stops both threads. */
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
        started = false;
    }
}

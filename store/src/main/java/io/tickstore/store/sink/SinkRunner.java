package io.tickstore.store.sink;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tickstore.store.journal.Journal;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link Sink} on its own thread: tails the journal from the sink's applied index, hands it
 * batches ({@link SinkOptions#maxBatch} at most; once caught up, what gathered within
 * {@link SinkOptions#commitIntervalMillis} of the first new message), and after a failed batch rewinds
 * to the applied index and retries with backoff (100 ms doubling to 10 s). Never touches the ingest
 * path: a slow or stuck sink only makes the journal keep more files (and, for a required sink past its
 * bound, holds ingest back through {@link SinkMonitor}).
 */
public final class SinkRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SinkRunner.class);
    private static final long MIN_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(10);
    /**
     * With nothing to apply, how long the runner waits for the reader to hand messages over before it
     * looks at its idle time, a reader's failure and a stop again (a hand-over wakes it at once).
     */
    private static final long IDLE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** How long the runner waits with nothing to apply before it tells the sink it is idle. */
    private static final long IDLE_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How long the runner waits before it asks its {@link SinkYield} again. */
    private static final long HOLD_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final Sink sink;
    private final SinkOptions options;
    private final Journal journal;
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Counter failures;
    private final Counter applied;
    private final DistributionSummary batchSize;
    private final Timer applyTime;
    private final Counter heldBack;
    private final SinkYield yield;
    private volatile boolean running = true;
    private volatile boolean started;
    private volatile SinkState state = SinkState.RUNNING;
    private volatile String reason;
    /** System.nanoTime() when the sink last had everything journaled applied. */
    private volatile long caughtUpNanos = System.nanoTime();
    /** The sink's applied index once the runner has accounted for the batch (metrics, listener). */
    private volatile long reported;
    /** Told after every applied batch, on the runner thread (e.g. the hot tier releasing what is now stored). */
    private final AppliedListener listener;

    /** Told the sink's new applied index after each batch it applied. Runner thread; must be quick. */
    @FunctionalInterface
    public interface AppliedListener {
        void applied(long appliedIndex);
    }

    public SinkRunner(Sink sink, SinkOptions options, Journal journal, MeterRegistry registry) {
        this(sink, options, journal, registry, index -> { });
    }

    public SinkRunner(Sink sink, SinkOptions options, Journal journal, MeterRegistry registry,
                      AppliedListener listener) {
        this(sink, options, journal, registry, listener, SinkYield.NEVER);
    }

    public SinkRunner(Sink sink, SinkOptions options, Journal journal, MeterRegistry registry,
                      AppliedListener listener, SinkYield yield) {
        this.sink = sink;
        this.yield = yield;
        this.options = options;
        this.journal = journal;
        this.listener = listener;
        String name = sink.name();
        this.failures = Counter.builder("tickstore.sink.failures").tag("sink", name)
                .description("Batches a sink failed to apply (each is retried)").register(registry);
        this.applied = Counter.builder("tickstore.sink.messages").tag("sink", name)
                .description("Journal messages a sink applied").register(registry);
        this.batchSize = DistributionSummary.builder("tickstore.sink.batch.size").tag("sink", name)
                .description("Messages per batch a sink applied").register(registry);
        this.applyTime = Timer.builder("tickstore.sink.apply").tag("sink", name)
                .description("Time a sink took to apply (and make durable) one batch").register(registry);
        this.heldBack = Counter.builder("tickstore.sink.held.back.seconds").tag("sink", name)
                .description("Seconds a sink held its batches back while ingest was busy (warm.yield_to_ingest_mb)")
                .register(registry);
        Gauge.builder("tickstore.sink.applied.index", this, r -> r.sink.appliedIndex()).tag("sink", name)
                .description("Journal index up to which a sink has durably applied").register(registry);
        Gauge.builder("tickstore.sink.lag.messages", this, SinkRunner::lagMessages).tag("sink", name)
                .description("Journal messages a sink has not applied yet").register(registry);
        Gauge.builder("tickstore.sink.lag.seconds", this, SinkRunner::lagSeconds).tag("sink", name)
                .description("Seconds since a sink last had every journaled message applied (0 when caught up)")
                .register(registry);
        Gauge.builder("tickstore.sink.up", this, r -> r.state == SinkState.RUNNING ? 1 : 0).tag("sink", name)
                .description("1 while a sink applies or waits for messages, 0 while it retries, failed or stopped")
                .register(registry);
        this.reported = sink.appliedIndex();
        this.thread = new Thread(this::run, "tickstore-sink-" + name);
        this.thread.setDaemon(true);
    }

    public void start() {
        started = true;
        thread.start();
    }

    public Sink sink() {
        return sink;
    }

    public SinkOptions options() {
        return options;
    }

    public SinkState state() {
        return state;
    }

    /** Journaled messages the sink has not applied. */
    public long lagMessages() {
        return journal.countAfter(sink.appliedIndex());
    }

    /** Seconds since the sink last had everything journaled applied; 0 when it has now. */
    public double lagSeconds() {
        if (sink.appliedIndex() >= journal.lastIndex()) {
            return 0;
        }
        return (System.nanoTime() - caughtUpNanos) / 1e9;
    }

    public SinkStatus status() {
        return new SinkStatus(sink.name(), sink.appliedIndex(), lagMessages(), lagSeconds(), state,
                options.required(), reason);
    }

    /** Marks an optional sink failed (it is past its bound); its runner stops following the journal. */
    public void failLagging(String why) {
        if (options.required()) {
            throw new IllegalStateException("a required sink is never marked failed: " + sink.name());
        }
        if (state == SinkState.FAILED) {
            return;
        }
        reason = why;
        state = SinkState.FAILED;
        running = false;
        LOG.error("sink {} marked failed: {}", sink.name(), why);
    }

    private void run() {
        long backoff = MIN_BACKOFF_NANOS;
        try (JournalReadAhead ahead = new JournalReadAhead(journal, sink.appliedIndex(), thread.getName() + "-reader")) {
            JournalBatch batch = new JournalBatch(ahead);
            boolean behind = true;
            long idleSince = Long.MAX_VALUE;
            while (running) {
                if (!batch.readAhead(IDLE_WAIT_NANOS)) {
                    long now = System.nanoTime();
                    caughtUpNanos = now;
                    behind = false;
                    if (idleSince == Long.MAX_VALUE) {
                        idleSince = now;
                    } else if (now - idleSince >= IDLE_AFTER_NANOS && idleSince != Long.MIN_VALUE) {
                        idleSince = Long.MIN_VALUE; // told once per idle spell
                        try {
                            sink.idle();
                            listener.applied(sink.appliedIndex());
                            reported = sink.appliedIndex();
                        } catch (Exception | LinkageError e) {
                            failures.increment();
                            reason = "making its state durable while idle failed: " + e;
                            LOG.warn("sink {}: {}", sink.name(), reason, e);
                            idleSince = now; // try again after another idle second
                        }
                    }
                    continue;
                }
                idleSince = Long.MAX_VALUE;
                if (yield.holdBack()) {
                    long parked = System.nanoTime();
                    LockSupport.parkNanos(HOLD_PARK_NANOS);
                    heldBack.increment((System.nanoTime() - parked) / 1e9);
                    continue;
                }
                if (!behind && options.commitIntervalMillis() > 0) {
                    // Caught up: let the messages arriving right after this one join its batch.
                    sleepMillis(options.commitIntervalMillis());
                }
                batch.begin(options.maxBatch());
                long start = System.nanoTime();
                try {
                    sink.apply(batch);
                } catch (Exception | LinkageError e) {
                    failures.increment();
                    String why = "applying a batch after index " + sink.appliedIndex() + " failed: " + e;
                    if (state != SinkState.FAILED) {
                        reason = why; // marked failed meanwhile (failLagging): /ready keeps saying why
                    }
                    if (state == SinkState.RUNNING) {
                        state = SinkState.RETRYING;
                    }
                    LOG.warn("sink {}: {}; retrying in {} ms", sink.name(), why,
                            TimeUnit.NANOSECONDS.toMillis(backoff), e);
                    sleepNanos(backoff);
                    backoff = Math.min(MAX_BACKOFF_NANOS, backoff * 2);
                    rewind(batch);
                    behind = true;
                    continue;
                }
                applyTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                batchSize.record(batch.size());
                applied.increment(batch.size());
                if (state == SinkState.RETRYING) {
                    state = SinkState.RUNNING;
                    reason = null;
                    LOG.info("sink {} applies again (index {})", sink.name(), sink.appliedIndex());
                }
                backoff = MIN_BACKOFF_NANOS;
                behind = !batch.reachedEnd();
                if (!behind) {
                    caughtUpNanos = System.nanoTime();
                }
                listener.applied(sink.appliedIndex());
                reported = sink.appliedIndex();
            }
        } catch (RuntimeException | Error e) {
            reason = "the runner stopped: " + e;
            LOG.error("sink {} runner stopped", sink.name(), e);
        } finally {
            if (state != SinkState.FAILED) {
                state = SinkState.STOPPED;
            }
            stopped.countDown();
        }
    }

    /** After a failed batch: positions the cursor after the applied index, retrying while the journal is unreadable. */
    private void rewind(JournalBatch batch) {
        while (running) {
            try {
                batch.rewindAfter(sink.appliedIndex());
                return;
            } catch (RuntimeException e) {
                LOG.warn("sink {}: cannot reposition in the journal after index {}: {}", sink.name(),
                        sink.appliedIndex(), e.toString());
                sleepNanos(MAX_BACKOFF_NANOS);
            }
        }
    }

    private void sleepMillis(long millis) {
        sleepNanos(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    private void sleepNanos(long nanos) {
        long end = System.nanoTime() + nanos;
        long left;
        while (running && (left = end - System.nanoTime()) > 0) {
            LockSupport.parkNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
        }
    }

    /**
     * Waits until the sink has applied everything journaled up to {@code index} and the runner has
     * accounted for it (metrics, listener), or the timeout. Returns whether it did.
     */
    public boolean awaitApplied(long index, long timeout, TimeUnit unit) {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (reported < index) {
            if (System.nanoTime() > deadline || state == SinkState.FAILED || state == SinkState.STOPPED) {
                return reported >= index;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
        return true;
    }

    /** Stops the runner after its current batch (a batch is never cut in the middle). */
    @Override
    public void close() {
        running = false;
        if (!started) {
            state = SinkState.STOPPED;
            return;
        }
        LockSupport.unpark(thread);
        try {
            if (!stopped.await(60, TimeUnit.SECONDS)) {
                LOG.warn("sink {} did not stop within 60 s", sink.name());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

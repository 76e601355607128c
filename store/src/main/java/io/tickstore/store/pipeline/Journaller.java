package io.tickstore.store.pipeline;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickstore.store.dedupe.Deduplicator;
import io.tickstore.store.journal.Journal;
import io.tickstore.store.journal.JournalSpace;
import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.model.MessageType;
import io.tickstore.store.orders.OrderBook;
import io.tickstore.store.orders.Rejection;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handler 1: takes each frame whole, decides every message (duplicate, new, or refused by the order
 * rules — one refusal refuses the frame), appends the new ones to the journal (a fill followed by
 * its order's new state), then completes the frame (the ack). The hot applier runs behind it, so it
 * never sees a message that is not yet journaled.
 *
 * <p>Before deciding a frame it asks {@link JournalSpace} whether the journal's disk has room: when not,
 * the frame is refused whole with an error naming the problem, before the deduplicator or the order book
 * has seen it, so sending it again once space returns stores it exactly once. An append that throws
 * anyway (an I/O error) leaves a frame partly journaled, which only a restart's replay makes exact: that
 * failure is sticky ({@link PipelineHealth}).
 *
 * <p>A frame's slots are claimed together but may become visible one by one; the journaller acts on
 * a frame's first slot and waits there for the rest, so a whole frame is decided before its first
 * slot is released to the hot applier.
 */
final class Journaller implements EventHandler<IngestEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(Journaller.class);
    private static final String WRITE_FAILURES = "Frames the journal could not take: disk_full = refused whole because "
            + "the journal's file system had less free space than journal.min_free_mb (ingest resumes by itself); "
            + "append_error = an append threw (ingest stops until restart)";

    private final Journal journal;
    private final JournalSpace space;
    private final Counter diskFull;
    private final Counter appendErrors;
    private final Deduplicator deduplicator;
    private final OrderBook orders;
    private final Counter rejected;
    private final PipelineHealth health;
    private final AtomicLong lastJournalIndex;
    private final Counter[] accepted = new Counter[MessageType.values().length];
    private final Counter[] duplicates = new Counter[MessageType.values().length];
    private final int[] acceptedInFrame = new int[MessageType.values().length];
    private final int[] duplicatesInFrame = new int[MessageType.values().length];
    private RingBuffer<IngestEvent> ring;
    /** When frames began to be refused for want of disk space (nanoTime), 0 while there is room: log once each way. */
    private long diskFullSince;

    Journaller(Journal journal, JournalSpace space, Deduplicator deduplicator, OrderBook orders,
               PipelineHealth health, AtomicLong lastJournalIndex, MeterRegistry registry) {
        this.journal = journal;
        this.space = space;
        this.diskFull = Counter.builder("tickstore.journal.write.failures")
                .description(WRITE_FAILURES)
                .tag("reason", "disk_full").register(registry);
        this.appendErrors = Counter.builder("tickstore.journal.write.failures")
                .description(WRITE_FAILURES)
                .tag("reason", "append_error").register(registry);
        this.deduplicator = deduplicator;
        this.orders = orders;
        this.rejected = Counter.builder("tickstore.ingest.state.rejections")
                .description("Frames refused because the order state does not allow one of their messages")
                .register(registry);
        this.health = health;
        this.lastJournalIndex = lastJournalIndex;
        for (MessageType t : MessageType.values()) { // including the store's own marks
            accepted[t.ordinal()] = Counter.builder("tickstore.ingest.messages")
                    .description("Messages journaled (new, not duplicates)").tag("type", t.text).register(registry);
            duplicates[t.ordinal()] = Counter.builder("tickstore.ingest.duplicates")
                    .description("Messages not stored because they were already stored").tag("type", t.text)
                    .register(registry);
        }
    }

    void attach(RingBuffer<IngestEvent> ring) {
        this.ring = ring;
    }

    /** This handler's sequence, moved at the end of each batch before the handlers behind it are told. */
    private Sequence sequenceCallback;
    /** Wakes a handler behind this one that waits parked (the hot applier); a no-op when none can. */
    private Runnable signalDependents = () -> { };

    /** {@code signal}: called after each batch, once this handler's sequence shows it done. */
    void signalDependentsWith(Runnable signal) {
        this.signalDependents = signal;
    }

    @Override
    public void setSequenceCallback(Sequence sequenceCallback) {
        this.sequenceCallback = sequenceCallback;
    }

    @Override
    public void onEvent(IngestEvent first, long sequence, boolean endOfBatch) {
        try {
            handle(first, sequence);
        } finally {
            if (endOfBatch) {
                // The processor would move the sequence right after this returns; moved here, the hot
                // applier is woken with the batch already visible to it.
                if (sequenceCallback != null) {
                    sequenceCallback.set(sequence);
                }
                signalDependents.run();
            }
        }
    }

    private void handle(IngestEvent first, long sequence) {
        if (first.positionInFrame != 0) {
            return; // decided together with its frame's first slot
        }
        long last = sequence + first.frameSize - 1;
        awaitPublished(last);
        FrameCompletion completion = first.frame;
        if (health.failed()) {
            markNotAccepted(sequence, last);
            tellFailed(completion, "store unavailable: " + health.failure());
            return;
        }
        String noRoom = space.refusal();
        if (noRoom != null) {
            markNotAccepted(sequence, last);
            diskFull.increment();
            if (diskFullSince == 0) {
                diskFullSince = System.nanoTime();
                LOG.error("{}; ingest frames get an error reply until space returns", noRoom);
            }
            tellFailed(completion, noRoom);
            return;
        }
        if (diskFullSince != 0) {
            LOG.warn("journal disk has room again ({} bytes free) after {} ms; ingest resumes", space.lastFreeBytes(),
                    (System.nanoTime() - diskFullSince) / 1_000_000);
            diskFullSince = 0;
        }
        // Decide the whole frame first: a refused message undoes everything the frame admitted.
        int acceptedCount = 0;
        long now = System.currentTimeMillis() * 1000;
        for (long s = sequence; s <= last; s++) {
            IngestEvent e = ring.get(s);
            IngestMessage m = e.message;
            try {
                e.accepted = admit(e, m, now);
            } catch (Rejection r) {
                deduplicator.rollbackFrame();
                orders.rollbackFrame();
                markNotAccepted(sequence, last);
                clearFrameCounters();
                rejected.increment();
                tellRejected(completion, m.type, "element " + (s - sequence) + ": " + r.getMessage());
                return;
            }
            int type = m.type.ordinal();
            if (e.accepted) {
                acceptedCount++;
                acceptedInFrame[type]++;
            } else {
                duplicatesInFrame[type]++;
            }
        }
        deduplicator.commitFrame();
        orders.commitFrame();

        long index = lastJournalIndex.get();
        long s = sequence;
        try {
            for (; s <= last; s++) {
                IngestEvent e = ring.get(s);
                if (e.accepted) {
                    index = journal.append(e.message, now);
                    e.journalIndex = index;
                    if (e.hasEffect) {
                        index = journal.append(e.effect, now);
                        e.effectJournalIndex = index;
                    }
                }
            }
        } catch (RuntimeException ex) {
            LOG.error("journal append failed; ingest stops until restart", ex);
            appendErrors.increment();
            health.fail("journal append failed: " + ex);
            markNotAccepted(s, last);
            lastJournalIndex.set(index);
            flushCounters();
            tellFailed(completion, "journal append failed: " + ex.getMessage());
            return;
        }
        lastJournalIndex.set(index);
        flushCounters();
        try {
            completion.journaled(acceptedCount, first.frameSize - acceptedCount, index);
        } catch (RuntimeException ex) {
            completionThrew(ex);
        }
    }

    /** True when new (and now remembered), false for a duplicate; a Rejection refuses the frame. */
    private boolean admit(IngestEvent e, IngestMessage m, long now) throws Rejection {
        switch (m.type) {
            case TICK:
                return deduplicator.admit(m);
            case ORDER:
                return orders.admitOrder(m.order, now);
            case TRADE:
                if (!deduplicator.admit(m)) {
                    return false;
                }
                e.effect.clear();
                e.effect.type = MessageType.ORDER;
                orders.admitFill(m.trade, e.effect.order);
                e.hasEffect = true;
                return true;
            case PORTFOLIO_SNAPSHOT:
                return true; // the store's own mark: never a duplicate
            default:
                throw new IllegalStateException("unknown type " + m.type);
        }
    }

    private void clearFrameCounters() {
        java.util.Arrays.fill(acceptedInFrame, 0);
        java.util.Arrays.fill(duplicatesInFrame, 0);
    }

    private static void tellFailed(FrameCompletion completion, String reason) {
        try {
            completion.failed(reason);
        } catch (RuntimeException ex) {
            completionThrew(ex);
        }
    }

    /**
     * A completion belongs to one connection; if it throws, that connection loses its reply, but
     * the journaller thread must live on for every other frame (an exception escaping here would
     * stop it, and with it all ingest).
     */
    private static void completionThrew(RuntimeException ex) {
        LOG.warn("a frame completion threw; its reply is lost, ingest continues", ex);
    }

    private static void tellRejected(FrameCompletion completion, MessageType type, String error) {
        try {
            completion.rejected(type, error);
        } catch (RuntimeException ex) {
            completionThrew(ex);
        }
    }

    private void markNotAccepted(long from, long to) {
        for (long s = from; s <= to; s++) {
            ring.get(s).accepted = false;
        }
    }

    private void flushCounters() {
        for (int i = 0; i < acceptedInFrame.length; i++) {
            if (acceptedInFrame[i] != 0) {
                accepted[i].increment(acceptedInFrame[i]);
                acceptedInFrame[i] = 0;
            }
            if (duplicatesInFrame[i] != 0) {
                duplicates[i].increment(duplicatesInFrame[i]);
                duplicatesInFrame[i] = 0;
            }
        }
    }

    /** The publisher marks a claimed range visible slot by slot; the tail follows within nanoseconds. */
    private void awaitPublished(long sequence) {
        int spins = 0;
        while (!ring.isAvailable(sequence)) {
            if (++spins < 1000) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }
}

package io.tickstore.store.pipeline;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickstore.store.dedupe.Deduplicator;
import io.tickstore.store.journal.Journal;
import io.tickstore.store.model.MessageType;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handler 1: takes each frame whole, drops the duplicates, appends the rest to the journal, then
 * completes the frame (the ack). The store writer runs behind it, so it never sees a message that
 * is not yet journaled.
 *
 * <p>A frame's slots are claimed together but may become visible one by one; the journaller acts on
 * a frame's first slot and waits there for the rest, so a whole frame is decided before its first
 * slot is released to the writer.
 */
final class Journaller implements EventHandler<IngestEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(Journaller.class);

    private final Journal journal;
    private final Deduplicator deduplicator;
    private final PipelineHealth health;
    private final AtomicLong lastJournalIndex;
    private final Counter[] accepted = new Counter[MessageType.values().length];
    private final Counter[] duplicates = new Counter[MessageType.values().length];
    private final int[] acceptedInFrame = new int[MessageType.values().length];
    private final int[] duplicatesInFrame = new int[MessageType.values().length];
    private RingBuffer<IngestEvent> ring;

    Journaller(Journal journal, Deduplicator deduplicator, PipelineHealth health, AtomicLong lastJournalIndex,
               MeterRegistry registry) {
        this.journal = journal;
        this.deduplicator = deduplicator;
        this.health = health;
        this.lastJournalIndex = lastJournalIndex;
        for (MessageType t : MessageType.values()) {
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

    @Override
    public void onEvent(IngestEvent first, long sequence, boolean endOfBatch) {
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
        int acceptedCount = 0;
        long index = lastJournalIndex.get();
        long s = sequence;
        try {
            for (; s <= last; s++) {
                IngestEvent e = ring.get(s);
                int type = e.message.type.ordinal();
                if (deduplicator.admit(e.message)) {
                    index = journal.append(e.message);
                    e.journalIndex = index;
                    e.accepted = true;
                    acceptedCount++;
                    acceptedInFrame[type]++;
                } else {
                    e.accepted = false;
                    duplicatesInFrame[type]++;
                }
            }
        } catch (RuntimeException ex) {
            LOG.error("journal append failed; ingest stops until restart", ex);
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

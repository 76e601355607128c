package io.tickstore.store.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstore.config.JournalRollCycle;
import io.tickstore.store.Eventually;
import io.tickstore.store.SampleMessages;
import io.tickstore.store.journal.Journal;
import io.tickstore.store.pipeline.BackpressureMonitor;
import io.tickstore.store.pipeline.IngestGate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A sink's runner over a real journal: batching, retries after a failed batch, lag, trimming and backpressure. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SinkRunnerTest {
    @TempDir
    Path dir;

    /** Records each batch's journal indexes; may fail or block on demand. Durable "as if": its index moves per batch. */
    static final class RecordingSink implements Sink {
        final List<List<Long>> batches = new ArrayList<>();
        final AtomicInteger failNext = new AtomicInteger();
        volatile CountDownLatch gate;
        private volatile long applied;
        private final String name;

        RecordingSink(String name, long applied) {
            this.name = name;
            this.applied = applied;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public long appliedIndex() {
            return applied;
        }

        @Override
        public void apply(JournalBatch batch) throws Exception {
            CountDownLatch g = gate;
            if (g != null) {
                g.await();
            }
            List<Long> indexes = new ArrayList<>();
            while (batch.next()) {
                indexes.add(batch.index());
                if (failNext.get() > 0 && indexes.size() == 2) {
                    failNext.decrementAndGet();
                    throw new IllegalStateException("disk full (a test failure)");
                }
            }
            synchronized (batches) {
                batches.add(indexes);
            }
            applied = batch.lastIndex();
        }

        List<Long> all() {
            synchronized (batches) {
                return batches.stream().flatMap(List::stream).toList();
            }
        }
    }

    private static List<Long> append(Journal journal, int n, long firstSequence) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(journal.append(SampleMessages.tick("X", "S", firstSequence + i)));
        }
        return out;
    }

    @Test
    void aSinkThatIsBehindGetsFullBatchesInOrderAndResumesAfterItsIndex() throws Exception {
        try (Journal journal = Journal.open(dir, JournalRollCycle.DAILY)) {
            List<Long> written = append(journal, 25, 1);
            RecordingSink sink = new RecordingSink("test", Journal.NONE);
            try (SinkRunner runner = new SinkRunner(sink, new SinkOptions(10, 0, true, 1_000), journal,
                    new SimpleMeterRegistry())) {
                runner.start();
                assertTrue(runner.awaitApplied(written.get(24), 30, TimeUnit.SECONDS));
                assertEquals(written, sink.all());
                assertEquals(List.of(10, 10, 5), sink.batches.stream().map(List::size).toList());
                assertEquals(0, runner.lagMessages());
                assertEquals(0.0, runner.lagSeconds());
            }
            // A restart: a sink that has durably applied up to #12 gets #13 on, nothing before.
            RecordingSink resumed = new RecordingSink("test", written.get(12));
            try (SinkRunner runner = new SinkRunner(resumed, new SinkOptions(100, 0, true, 1_000), journal,
                    new SimpleMeterRegistry())) {
                runner.start();
                assertTrue(runner.awaitApplied(written.get(24), 30, TimeUnit.SECONDS));
                assertEquals(written.subList(13, 25), resumed.all());
            }
        }
    }

    @Test
    void onceCaughtUpMessagesArrivingWithinTheIntervalShareABatch() throws Exception {
        try (Journal journal = Journal.open(dir, JournalRollCycle.DAILY)) {
            RecordingSink sink = new RecordingSink("test", Journal.NONE);
            try (SinkRunner runner = new SinkRunner(sink, new SinkOptions(1_000, 1_500, true, 1_000), journal,
                    new SimpleMeterRegistry())) {
                runner.start();
                // First caught up: a runner that finds the journal already holding messages (behind) applies
                // them at once, so on a slow start the first of the three could go alone.
                List<Long> first = append(journal, 1, 1);
                assertTrue(runner.awaitApplied(first.get(0), 30, TimeUnit.SECONDS));
                List<Long> written = append(journal, 3, 2);
                assertTrue(runner.awaitApplied(written.get(2), 30, TimeUnit.SECONDS));
                assertEquals(List.of(first, written), sink.batches, "three messages within 1.5 s: one batch");
            }
        }
    }

    @Test
    void aFailedBatchIsRetriedFromTheAppliedIndexWithNothingLostOrDoubled() throws Exception {
        try (Journal journal = Journal.open(dir, JournalRollCycle.DAILY)) {
            List<Long> written = append(journal, 7, 1);
            RecordingSink sink = new RecordingSink("test", Journal.NONE);
            sink.failNext.set(2);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            try (SinkRunner runner = new SinkRunner(sink, new SinkOptions(4, 0, true, 1_000), journal, registry)) {
                runner.start();
                assertTrue(runner.awaitApplied(written.get(6), 30, TimeUnit.SECONDS));
                assertEquals(written, sink.all(), "each message once, in order, after two failed attempts");
                assertEquals(2.0, registry.get("tickstore.sink.failures").tag("sink", "test").counter().count());
                assertEquals(SinkState.RUNNING, runner.state());
                assertNull(runner.status().reason());
            }
        }
    }

    /**
     * The journal is read ahead in chunks on a thread of its own ({@link JournalReadAhead}): batches
     * larger than a chunk and failures part-way through one still give every message once, in order.
     */
    @Test
    void batchesAcrossReadAheadChunksAndRetriesWithinOneLoseAndDoubleNothing() throws Exception {
        try (Journal journal = Journal.open(dir, JournalRollCycle.DAILY)) {
            int n = JournalReadAhead.CHUNK * (JournalReadAhead.CHUNKS + 2) + 17;
            List<Long> written = append(journal, n, 1);
            RecordingSink sink = new RecordingSink("test", Journal.NONE);
            sink.failNext.set(3);
            int batch = JournalReadAhead.CHUNK + JournalReadAhead.CHUNK / 3;
            try (SinkRunner runner = new SinkRunner(sink, new SinkOptions(batch, 0, true, 1_000_000), journal,
                    new SimpleMeterRegistry())) {
                runner.start();
                assertTrue(runner.awaitApplied(written.get(n - 1), 30, TimeUnit.SECONDS));
                assertEquals(written, sink.all());
                assertTrue(sink.batches.stream().limit(3).allMatch(b -> b.size() == batch),
                        "a sink that is behind gets full batches: " + sink.batches.stream().map(List::size).toList());
                // More while it runs: read on from where the reader stopped.
                List<Long> more = append(journal, 5, n + 1);
                assertTrue(runner.awaitApplied(more.get(4), 30, TimeUnit.SECONDS));
                assertEquals(n + 5, sink.all().size());
                assertEquals(more, sink.all().subList(n, n + 5));
            }
        }
    }

    /**
     * A reader that cannot read the journal (here: it is closed) does not leave the batch waiting for
     * messages that never come: it wakes the runner, and the batch fails with its reason.
     */
    @Test
    void aFailingReaderWakesTheRunnerAndFailsTheBatchWithItsReason() throws Exception {
        Journal journal = Journal.open(dir, JournalRollCycle.DAILY);
        append(journal, 3, 1);
        journal.close();
        try (JournalReadAhead ahead = new JournalReadAhead(journal, Journal.NONE, "test-reader")) {
            JournalBatch batch = new JournalBatch(ahead);
            Eventually.until(() -> ahead.failure() != null, () -> "the reader to fail");
            assertTrue(batch.readAhead(TimeUnit.MILLISECONDS.toNanos(10)), "the failure wakes the runner");
            batch.begin(100);
            IllegalStateException e = assertThrows(IllegalStateException.class, batch::next);
            assertTrue(e.getMessage().startsWith("reading the journal failed: "), e.getMessage());
        }
    }

    /**
     * A reader interrupted while it waits for a chunk to be handed back (nothing in tickstore does
     * that) is a failure like any other: the batch reads what was handed over, then fails with the
     * reason, instead of waiting for a reader that is gone.
     */
    @Test
    void anInterruptedReaderFailsTheBatchAfterWhatItHandedOver() throws Exception {
        int handedOver = JournalReadAhead.CHUNKS * JournalReadAhead.CHUNK;
        try (Journal journal = Journal.open(dir, JournalRollCycle.DAILY)) {
            append(journal, handedOver + 10, 1);
            try (JournalReadAhead ahead = new JournalReadAhead(journal, Journal.NONE, "test-interrupted-reader")) {
                JournalBatch batch = new JournalBatch(ahead);
                Thread reader = Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().equals("test-interrupted-reader")).findFirst().orElseThrow();
                Eventually.until(() -> reader.getState() == Thread.State.TIMED_WAITING
                        && batch.readAhead(0) && ahead.failure() == null, () -> "the reader to fill every chunk");
                reader.interrupt();
                Eventually.until(() -> ahead.failure() != null, () -> "the reader to fail");
                batch.begin(handedOver + 10);
                int read = 0;
                IllegalStateException e = null;
                try {
                    while (batch.next()) {
                        read++;
                    }
                } catch (IllegalStateException thrown) {
                    e = thrown;
                }
                assertEquals(handedOver, read, "what was handed over before the interrupt is read");
                assertTrue(e != null && e.getMessage().contains("interrupted"), String.valueOf(e));
            }
        }
    }

    /**
     * A runner with nothing to apply waits on the reader's hand-over instead of looking again every so
     * often: a message journaled while it waits is what ends the wait, and it is the next batch's first.
     */
    @Test
    void anIdleRunnerWaitsForTheReaderToHandOverWhatIsJournaledMeanwhile() throws Exception {
        try (Journal journal = Journal.open(dir, JournalRollCycle.DAILY)) {
            List<Long> first = append(journal, 2, 1);
            try (JournalReadAhead ahead = new JournalReadAhead(journal, first.get(1), "test-reader")) {
                JournalBatch batch = new JournalBatch(ahead);
                Eventually.until(ahead::caughtUp, () -> "the reader to reach the journal's end");
                assertFalse(batch.readAhead(TimeUnit.MILLISECONDS.toNanos(20)), "nothing after the journal's end");
                // The runner's side on a thread of its own (the test's thread journals: one appender, one thread).
                CompletableFuture<Boolean> woke = CompletableFuture.supplyAsync(
                        () -> batch.readAhead(TimeUnit.SECONDS.toNanos(30)));
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
                assertFalse(woke.isDone(), "the runner waits while nothing is journaled");
                long later = append(journal, 1, 3).get(0);
                assertTrue(woke.get(30, TimeUnit.SECONDS), "the hand-over ends the wait");
                batch.begin(10);
                assertTrue(batch.next());
                assertEquals(later, batch.index());
                assertEquals(3, batch.message().tick.sequenceNumber);
            }
        }
    }

    @Test
    void aStoppedSinkHoldsTrimmingBackAndPastItsBoundHoldsIngestBackUntilItCatchesUp() throws Exception {
        try (Journal journal = Journal.open(dir, JournalRollCycle.DAILY)) {
            List<Long> written = append(journal, 5, 1);
            RecordingSink fast = new RecordingSink("fast", Journal.NONE);
            RecordingSink stuck = new RecordingSink("stuck", Journal.NONE);
            stuck.gate = new CountDownLatch(1);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            IngestGate gate = new IngestGate();
            try (SinkRunner a = new SinkRunner(fast, new SinkOptions(100, 0, true, 10), journal, registry);
                 SinkRunner b = new SinkRunner(stuck, new SinkOptions(100, 0, true, 10), journal, registry);
                 BackpressureMonitor monitor = new BackpressureMonitor(gate, () -> 0, 1, registry)) {
                monitor.watch(a);
                monitor.watch(b);
                a.start();
                b.start();
                assertTrue(a.awaitApplied(written.get(4), 30, TimeUnit.SECONDS));
                JournalTrim trim = new JournalTrim(journal, List.of(a, b), 0, registry);
                assertEquals(Journal.NONE, trim.lowestNeeded(), "the stuck sink needs the whole journal");
                monitor.check();
                assertNull(gate.reason(), "5 behind, within its bound of 10: ingest goes on");

                List<Long> more = append(journal, 10, 100);
                monitor.check();
                assertEquals(IngestGate.Reason.SINK_BEHIND, gate.reason());
                assertTrue(gate.detail().contains("sink stuck is 15 messages behind the journal (bound 10)"),
                        gate.detail());
                assertTrue(b.lagMessages() == 15 && a.awaitApplied(more.get(9), 30, TimeUnit.SECONDS));

                stuck.gate.countDown();
                assertTrue(b.awaitApplied(more.get(9), 30, TimeUnit.SECONDS));
                monitor.check();
                assertNull(gate.reason(), "caught up: the gate opens");
                assertEquals(more.get(9), trim.lowestNeeded());
            }
        }
    }

    @Test
    void anOptionalSinkPastItsBoundIsMarkedFailedAndNoLongerHoldsTheJournal() throws Exception {
        try (Journal journal = Journal.open(dir, JournalRollCycle.DAILY)) {
            RecordingSink mirror = new RecordingSink("mirror", Journal.NONE);
            mirror.gate = new CountDownLatch(1);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            IngestGate gate = new IngestGate();
            try (SinkRunner m = new SinkRunner(mirror, new SinkOptions(100, 0, false, 3), journal, registry);
                 BackpressureMonitor monitor = new BackpressureMonitor(gate, () -> 0, 1, registry)) {
                monitor.watch(m);
                m.start();
                append(journal, 5, 1);
                monitor.check();
                assertNull(gate.reason(), "an optional sink never holds ingest back");
                Eventually.until(() -> m.state() == SinkState.FAILED, () -> "the mirror to be marked failed");
                assertTrue(m.status().reason().contains("sink mirror is 5 messages behind"), m.status().reason());
                JournalTrim trim = new JournalTrim(journal, List.of(m), 0, registry);
                assertEquals(Journal.NONE, trim.lowestNeeded(), "no sink followed: no bound from sinks");
                mirror.gate.countDown();
            }
        }
    }
}

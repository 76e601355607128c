package io.tickstore.store.sink;

import static io.tickstore.store.StoreFixture.awaitDrained;
import static io.tickstore.store.StoreFixture.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstore.config.TickstoreConfig;
import io.tickstore.store.Eventually;
import io.tickstore.store.FrameOutcomes;
import io.tickstore.store.SampleMessages;
import io.tickstore.store.StoreFixture;
import io.tickstore.store.TickStore;
import io.tickstore.store.journal.Journal;
import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.pipeline.IngestGate;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sink that stops holds back journal trimming and never slows acks until its bound; past it, ingest
 * is held back with the reason, and goes on once the sink catches up. The same for the hot tier's
 * memory while DuckDB cannot store: no out-of-memory, no lost ack.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class StoreBackpressureTest {
    @TempDir
    Path dir;

    /** A sink that keeps nothing but its index, and blocks while its latch is closed. */
    static final class StoppableSink implements Sink {
        volatile CountDownLatch open = new CountDownLatch(1);
        private volatile long applied = Journal.NONE;

        @Override
        public String name() {
            return "stuck";
        }

        @Override
        public long appliedIndex() {
            return applied;
        }

        @Override
        public void apply(JournalBatch batch) throws Exception {
            open.await();
            while (batch.next()) {
                // nothing to store: the index is the point
            }
            applied = batch.lastIndex();
        }
    }

    @Test
    void aStoppedSinkHoldsTheJournalAndIngestOnlyPastItsBound() throws Exception {
        try (TickStore store = StoreFixture.open(dir)) {
            StoppableSink sink = new StoppableSink();
            SinkRunner runner = store.addSink(sink, new SinkOptions(1_000, 0, true, 500));
            // 400 ticks: within the bound, every frame is acked at once, as without the sink.
            long seq = 0;
            FrameOutcomes outcomes = new FrameOutcomes();
            for (int f = 0; f < 4; f++, seq += 100) {
                assertTrue(store.pipeline().tryPublish(SampleMessages.ticks("X", "S", seq, 100), 100, outcomes.frame(f)));
            }
            outcomes.await(4).forEach(o -> assertTrue(o.journaled(), o.toString()));
            Eventually.until(() -> store.warm().sink().appliedIndex() == store.journal().lastIndex(),
                    () -> "DuckDB to store what was acked");
            assertEquals(Journal.NONE, sink.appliedIndex());
            assertEquals(400, runner.lagMessages());
            assertNull(store.pipeline().heldBy(), "within the bound nothing holds ingest back");

            // 200 more: 600 behind a bound of 500. The frame that crosses it is still acked (a frame is never cut).
            FrameOutcomes more = new FrameOutcomes();
            assertTrue(store.pipeline().tryPublish(SampleMessages.ticks("X", "S", seq, 200), 200, more.frame(0)));
            seq += 200;
            assertTrue(more.await(1).get(0).journaled());
            // (Checked every 20 ms: a check in the middle of the frame's journaling sees it partly.)
            Eventually.until(() -> store.pipeline().heldBy() == IngestGate.Reason.SINK_BEHIND
                            && String.valueOf(store.pipeline().gate().detail())
                            .contains("sink stuck is 600 messages behind the journal (bound 500)"),
                    () -> "ingest to be held back for the stopped sink: " + store.pipeline().gate().detail());
            IngestMessage[] next = SampleMessages.ticks("X", "S", seq, 1);
            assertFalse(store.pipeline().tryPublish(next, 1, more.frame(1)), "held back: the connection pauses");
            assertTrue(store.sinks().stream().anyMatch(s -> s.name().equals("stuck") && s.lagMessages() == 600),
                    store.sinks().toString());

            sink.open.countDown();
            Eventually.until(() -> store.pipeline().heldBy() == null, () -> "the gate to open once the sink caught up");
            assertTrue(store.pipeline().tryPublish(next, 1, more.frame(1)));
            assertEquals(1, more.await(2).get(1).accepted());
            awaitDrained(store);
            assertEquals(601, count(store, "SELECT count(*) FROM market_ticks"));
        }
    }

    @Test
    void theHotTierPastItsMemoryBoundHoldsIngestBackUntilDuckDbCatchesUp() throws Exception {
        TickstoreConfig base = StoreFixture.config(dir);
        TickstoreConfig config = base.withHot(base.hot().withMaxUnstoredMb(1));
        try (TickStore store = StoreFixture.open(config, new SimpleMeterRegistry())) {
            execute(store, "ALTER TABLE feed_state RENAME TO feed_state_away"); // DuckDB cannot store a tick now
            FrameOutcomes outcomes = new FrameOutcomes();
            long seq = 0;
            int frames = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            // ~100 bytes a held tick: a MiB is some ten thousand ticks.
            while (store.pipeline().heldBy() == null) {
                IngestMessage[] frame = SampleMessages.ticks("X", "S", seq, 500);
                if (store.pipeline().tryPublish(frame, frame.length, outcomes.frame(frames))) {
                    frames++;
                    seq += 500;
                }
                assertTrue(System.nanoTime() < deadline, "the hot tier's bound never held ingest back");
                Thread.sleep(1);
            }
            assertEquals(IngestGate.Reason.HOT_TIER_FULL, store.pipeline().heldBy());
            assertTrue(store.pipeline().gate().detail().contains("hot.max_unstored_mb = 1"),
                    store.pipeline().gate().detail());
            assertTrue(seq >= 10_000, "held back only past the bound: " + seq + " ticks");
            outcomes.await(frames).forEach(o -> assertTrue(o.journaled(), o.toString()));
            assertTrue(store.hot().unstoredBytes() > 1 << 20);

            execute(store, "ALTER TABLE feed_state_away RENAME TO feed_state");
            Eventually.until(() -> store.pipeline().heldBy() == null, () -> "the gate to open once DuckDB stored");
            IngestMessage[] last = SampleMessages.ticks("X", "S", seq, 1);
            assertTrue(store.pipeline().tryPublish(last, 1, outcomes.frame(frames)));
            outcomes.await(frames + 1);
            awaitDrained(store);
            assertEquals(seq + 1, count(store, "SELECT count(*) FROM market_ticks"));
            assertEquals(seq + 1, count(store, "SELECT count(DISTINCT sequence_number) FROM market_ticks"));
            assertEquals(0, store.hot().unstoredBytes(), "everything stored: nothing kept for DuckDB");
        }
    }

    private static void execute(TickStore store, String sql) throws Exception {
        store.readers().read(c -> {
            try (Statement s = c.createStatement()) {
                return s.execute(sql);
            }
        });
    }
}

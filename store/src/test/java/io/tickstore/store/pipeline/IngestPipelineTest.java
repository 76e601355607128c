package io.tickstore.store.pipeline;

import static io.tickstore.store.StoreFixture.awaitDrained;
import static io.tickstore.store.StoreFixture.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstore.config.TickstoreConfig;
import io.tickstore.store.FrameOutcomes;
import io.tickstore.store.FrameOutcomes.Outcome;
import io.tickstore.store.SampleMessages;
import io.tickstore.store.StoreFixture;
import io.tickstore.store.TickStore;
import io.tickstore.store.journal.Journal;
import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.model.OrderStatus;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class IngestPipelineTest {
    @TempDir
    Path dir;

    private static boolean publish(IngestPipeline pipeline, IngestMessage[] frame, FrameCompletion completion) {
        return pipeline.tryPublish(frame, frame.length, completion);
    }

    @Test
    void framesAreAckedInPublishOrderThenApplied() throws Exception {
        try (TickStore store = StoreFixture.open(dir)) {
            IngestPipeline pipeline = store.pipeline();
            assertEquals(Journal.NONE, pipeline.lastJournalIndex());
            FrameOutcomes outcomes = new FrameOutcomes();
            assertTrue(publish(pipeline, SampleMessages.ticks("NASDAQ", "AAPL", 1, 3), outcomes.frame(0)));
            assertTrue(publish(pipeline, new IngestMessage[] {SampleMessages.order("o-1", OrderStatus.SUBMITTED),
                    SampleMessages.trade("t-1")}, outcomes.frame(1)));
            assertTrue(publish(pipeline, new IngestMessage[] {SampleMessages.tick("NASDAQ", "AAPL", 3),
                    SampleMessages.tick("NASDAQ", "AAPL", 4), SampleMessages.tick("NASDAQ", "AAPL", 4)},
                    outcomes.frame(2)));

            List<Outcome> all = outcomes.await(3);
            assertEquals(List.of(0, 1, 2), all.stream().map(Outcome::frame).toList(), "acks in publish order");
            assertEquals(List.of(3, 2, 1), all.stream().map(Outcome::accepted).toList());
            assertEquals(List.of(0, 0, 2), all.stream().map(Outcome::duplicates).toList(),
                    "seq 3 again and seq 4 twice within its frame");
            assertTrue(all.stream().allMatch(Outcome::journaled));
            assertTrue(all.stream().allMatch(o -> o.thread().equals("tickstore-journaller")), all.toString());
            assertTrue(all.get(0).journalIndex() < all.get(1).journalIndex());
            assertTrue(all.get(1).journalIndex() < all.get(2).journalIndex());
            assertEquals(all.get(2).journalIndex(), store.journal().lastIndex(), "the last frame's last message");

            awaitDrained(store);
            assertEquals(all.get(2).journalIndex(), pipeline.hotAppliedIndex());
            assertEquals(all.get(2).journalIndex(), store.warm().sink().appliedIndex());
            assertEquals(0, store.warm().lagMessages());
            assertEquals(4, count(store, "SELECT count(*) FROM market_ticks"));
            assertEquals(4, count(store, "SELECT count(DISTINCT sequence_number) FROM market_ticks"));
            assertEquals(1, count(store, "SELECT count(*) FROM trades"));
            assertEquals(1, count(store, "SELECT count(*) FROM orders"));
            assertEquals(all.get(2).journalIndex(),
                    count(store, "SELECT applied_index FROM journal_applied WHERE id = 1"));
            BigDecimal last = store.readers().read(c -> {
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT last_price FROM market_ticks WHERE sequence_number = 4")) {
                    rs.next();
                    return rs.getBigDecimal(1);
                }
            });
            assertEquals(new BigDecimal("190.00000001"), last);
        }
    }

    @Test
    void aResentFrameIsAllDuplicatesAndReportsTheJournalsLastIndex() throws Exception {
        try (TickStore store = StoreFixture.open(dir)) {
            FrameOutcomes outcomes = new FrameOutcomes();
            IngestMessage[] frame = {SampleMessages.tick("NASDAQ", "AAPL", 1),
                    SampleMessages.order("o-1", OrderStatus.SUBMITTED), SampleMessages.trade("t-1")};
            assertTrue(publish(store.pipeline(), frame, outcomes.frame(0)));
            IngestMessage[] again = {SampleMessages.tick("NASDAQ", "AAPL", 1),
                    SampleMessages.order("o-1", OrderStatus.SUBMITTED), SampleMessages.trade("t-1")};
            assertTrue(publish(store.pipeline(), again, outcomes.frame(1)));
            List<Outcome> all = outcomes.await(2);
            assertEquals(3, all.get(0).accepted());
            assertEquals(0, all.get(1).accepted());
            assertEquals(3, all.get(1).duplicates());
            assertEquals(all.get(0).journalIndex(), all.get(1).journalIndex());

            awaitDrained(store);
            assertEquals(1, count(store, "SELECT count(*) FROM market_ticks"));
            assertEquals(1, count(store, "SELECT count(*) FROM trades"));
            assertEquals(1, count(store, "SELECT count(*) FROM orders"));
        }
    }

    @Test
    void tryPublishReturnsFalseAtOnceWhenTheRingIsFull() throws Exception {
        try (TickStore store = StoreFixture.open(dir, StoreFixture.pipeline(1024))) {
            IngestPipeline pipeline = store.pipeline();
            assertEquals(1024, pipeline.ringSize());
            FrameOutcomes outcomes = new FrameOutcomes();
            CountDownLatch journallerHeld = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            FrameCompletion first = outcomes.frame(0);
            FrameCompletion holding = new FrameCompletion() {
                @Override
                public void journaled(int accepted, int duplicates, long journalIndex) {
                    journallerHeld.countDown();
                    awaitQuietly(release); // holds the journaller so that the ring fills up
                    first.journaled(accepted, duplicates, journalIndex);
                }

                @Override
                public void rejected(io.tickstore.store.model.MessageType type, String error) {
                    first.rejected(type, error);
                }

                @Override
                public void failed(String reason) {
                    first.failed(reason);
                }
            };
            assertTrue(publish(pipeline, SampleMessages.ticks("NASDAQ", "AAPL", 0, 1), holding));
            assertTrue(journallerHeld.await(60, TimeUnit.SECONDS));

            int frames = 1;
            long seq = 1;
            for (; frames <= 10; frames++, seq += 100) {
                assertTrue(publish(pipeline, SampleMessages.ticks("NASDAQ", "AAPL", seq, 100), outcomes.frame(frames)),
                        "frame " + frames + " fits");
            }
            assertFalse(publish(pipeline, SampleMessages.ticks("NASDAQ", "AAPL", seq, 100), outcomes.frame(99)),
                    "1001 slots held, 100 more do not fit in 1024");
            assertTrue(publish(pipeline, SampleMessages.ticks("NASDAQ", "AAPL", seq, 23), outcomes.frame(frames)),
                    "23 still fit exactly");
            frames++;
            seq += 23;
            assertFalse(publish(pipeline, SampleMessages.ticks("NASDAQ", "AAPL", seq, 1), outcomes.frame(99)));
            assertEquals(0, outcomes.size(), "nothing acked while the journaller is held");

            release.countDown();
            List<Outcome> all = outcomes.await(frames);
            for (int i = 0; i < frames; i++) {
                assertEquals(i, all.get(i).frame(), "frames refused by tryPublish are never told anything");
                assertTrue(all.get(i).journaled());
            }
            awaitDrained(store);
            assertEquals(1024, count(store, "SELECT count(*) FROM market_ticks"));
            assertTrue(publish(pipeline, SampleMessages.ticks("NASDAQ", "AAPL", seq, 1), outcomes.frame(frames)),
                    "room again once drained");
            outcomes.await(frames + 1);
        }
    }

    @Test
    void aFrameAsLargeAsTheRingFitsAndALargerOneIsRefusedAsAnError() throws Exception {
        try (TickStore store = StoreFixture.open(dir, StoreFixture.pipeline(1024))) {
            FrameOutcomes outcomes = new FrameOutcomes();
            assertTrue(publish(store.pipeline(), SampleMessages.ticks("NASDAQ", "AAPL", 1, 1024), outcomes.frame(0)));
            assertEquals(1024, outcomes.await(1).get(0).accepted());
            IngestMessage[] tooLarge = SampleMessages.ticks("NASDAQ", "AAPL", 2000, 1025);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> publish(store.pipeline(), tooLarge, outcomes.frame(1)));
            assertTrue(e.getMessage().contains("1025") && e.getMessage().contains("1024"), e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> store.pipeline().tryPublish(tooLarge, 0, outcomes.frame(1)), "an empty frame");
            awaitDrained(store);
            assertEquals(1024, count(store, "SELECT count(*) FROM market_ticks"));
        }
    }

    @Test
    void concurrentPublishersEachGetTheirAcksInOrderAndEveryRowIsStoredOnce() throws Exception {
        int publishers = 4;
        int framesEach = 200;
        int frameSize = 7;
        try (TickStore store = StoreFixture.open(dir, StoreFixture.pipeline(1024))) {
            IngestPipeline pipeline = store.pipeline();
            FrameOutcomes[] outcomes = new FrameOutcomes[publishers];
            List<Thread> threads = new ArrayList<>();
            for (int p = 0; p < publishers; p++) {
                FrameOutcomes mine = outcomes[p] = new FrameOutcomes();
                String symbol = "S" + p;
                threads.add(new Thread(() -> {
                    for (int f = 0; f < framesEach; f++) {
                        IngestMessage[] frame = SampleMessages.ticks("NASDAQ", symbol, (long) f * frameSize, frameSize);
                        while (!pipeline.tryPublish(frame, frame.length, mine.frame(f))) {
                            Thread.onSpinWait(); // the ring is full: what ingest does with a paused socket
                        }
                    }
                }, "publisher-" + p));
            }
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join();
            }
            for (FrameOutcomes o : outcomes) {
                List<Outcome> all = o.await(framesEach);
                long previous = Journal.NONE;
                for (int f = 0; f < framesEach; f++) {
                    Outcome out = all.get(f);
                    assertEquals(f, out.frame(), "each publisher's acks come in its publish order");
                    assertEquals(frameSize, out.accepted());
                    assertTrue(out.journalIndex() > previous);
                    previous = out.journalIndex();
                }
            }
            awaitDrained(store);
            long total = (long) publishers * framesEach * frameSize;
            assertEquals(total, count(store, "SELECT count(*) FROM market_ticks"));
            assertEquals(total, count(store,
                    "SELECT count(*) FROM (SELECT DISTINCT symbol, sequence_number FROM market_ticks)"));
            assertEquals(store.journal().lastIndex(), store.warm().sink().appliedIndex());
        }
    }

    @Test
    void aCompletionThatThrowsDoesNotStopTheJournaller() throws Exception {
        try (TickStore store = StoreFixture.open(dir)) {
            FrameOutcomes outcomes = new FrameOutcomes();
            FrameCompletion throwing = new FrameCompletion() {
                @Override
                public void journaled(int accepted, int duplicates, long journalIndex) {
                    throw new IllegalStateException("the connection's event loop is gone");
                }

                @Override
                public void rejected(io.tickstore.store.model.MessageType type, String error) {
                    throw new IllegalStateException("the connection's event loop is gone");
                }

                @Override
                public void failed(String reason) {
                    throw new IllegalStateException("the connection's event loop is gone");
                }
            };
            assertTrue(publish(store.pipeline(), SampleMessages.ticks("NASDAQ", "AAPL", 1, 2), throwing));
            assertTrue(publish(store.pipeline(), SampleMessages.ticks("NASDAQ", "AAPL", 3, 2), outcomes.frame(1)));
            Outcome next = outcomes.await(1).get(0);
            assertTrue(next.journaled());
            assertEquals(2, next.accepted());
            awaitDrained(store);
            assertFalse(store.pipeline().health().failed());
            assertEquals(4, count(store, "SELECT count(*) FROM market_ticks"), "the throwing frame was stored too");
        }
    }

    @Test
    void aMalformedPublishIsRefusedBeforeClaimingSlotsSoTheRingKeepsFlowing() throws Exception {
        try (TickStore store = StoreFixture.open(dir, StoreFixture.pipeline(1024))) {
            FrameOutcomes outcomes = new FrameOutcomes();
            IngestMessage[] two = SampleMessages.ticks("NASDAQ", "AAPL", 1, 2);
            assertThrows(IllegalArgumentException.class, () -> store.pipeline().tryPublish(two, 3, outcomes.frame(0)),
                    "count beyond the array");
            IngestMessage[] withHole = {SampleMessages.tick("NASDAQ", "AAPL", 1), new IngestMessage()};
            assertThrows(IllegalArgumentException.class, () -> publish(store.pipeline(), withHole, outcomes.frame(0)),
                    "a message with no type");
            assertThrows(IllegalArgumentException.class, () -> publish(store.pipeline(), two, null));

            assertTrue(publish(store.pipeline(), two, outcomes.frame(0)));
            assertEquals(2, outcomes.await(1).get(0).accepted(), "no slot was left claimed and unpublished");
            awaitDrained(store);
            assertEquals(2, count(store, "SELECT count(*) FROM market_ticks"));
        }
    }

    @Test
    void metricsCountWhatWasJournaledAndApplied() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TickStore store = StoreFixture.open(dir, TickstoreConfig.defaults().pipeline(), registry)) {
            FrameOutcomes outcomes = new FrameOutcomes();
            assertTrue(publish(store.pipeline(), new IngestMessage[] {SampleMessages.tick("NASDAQ", "AAPL", 1),
                    SampleMessages.tick("NASDAQ", "AAPL", 1), SampleMessages.tick("NASDAQ", "AAPL", 5),
                    SampleMessages.order("o-1", OrderStatus.SUBMITTED), SampleMessages.trade("t-1")},
                    outcomes.frame(0)));
            long index = outcomes.await(1).get(0).journalIndex();
            awaitDrained(store);

            assertEquals(2.0, registry.get("tickstore.ingest.messages").tag("type", "tick").counter().count());
            assertEquals(1.0, registry.get("tickstore.ingest.duplicates").tag("type", "tick").counter().count());
            assertEquals(1.0, registry.get("tickstore.ingest.messages").tag("type", "trade").counter().count());
            assertEquals(1.0, registry.get("tickstore.ingest.messages").tag("type", "order").counter().count());
            assertEquals(1.0, registry.get("tickstore.sequence.gaps").counter().count());
            assertEquals(3.0, registry.get("tickstore.sequence.missing").counter().count());
            assertEquals((double) index, registry.get("tickstore.journal.index").gauge().value());
            assertEquals((double) index, registry.get("tickstore.hot.applied.index").gauge().value());
            assertEquals((double) index, registry.get("tickstore.sink.applied.index").tag("sink", "duckdb").gauge().value());
            assertEquals(0.0, registry.get("tickstore.sink.lag.messages").tag("sink", "duckdb").gauge().value());
            assertEquals(0.0, registry.get("tickstore.sink.lag.seconds").tag("sink", "duckdb").gauge().value());
            assertEquals(1.0, registry.get("tickstore.sink.up").tag("sink", "duckdb").gauge().value());
            assertEquals(1024.0 * 64, registry.get("tickstore.ring.remaining").gauge().value());
            // 2 ticks, the order, the fill and the fill's effect on the order: 5 journal entries stored
            assertEquals(5.0, registry.get("tickstore.sink.batch.size").tag("sink", "duckdb").summary().totalAmount());
            assertEquals(5.0, registry.get("tickstore.sink.messages").tag("sink", "duckdb").counter().count());
            assertTrue(registry.get("tickstore.sink.apply").tag("sink", "duckdb").timer().count() >= 1);
            assertEquals(0.0, registry.get("tickstore.hot.unstored.bytes").gauge().value(), "all stored: none kept");
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.tickstore.store;

import static io.tickstore.store.StoreFixture.awaitDrained;
import static io.tickstore.store.StoreFixture.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickstore.config.TickstoreConfig;
import io.tickstore.store.FrameOutcomes.Outcome;
import io.tickstore.store.journal.Journal;
import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.model.OrderStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RecoveryTest {
    @TempDir
    Path dir;

    /** Publishes each frame, waits for all acks; returns them in order. */
    private static List<Outcome> publishAll(TickStore store, List<IngestMessage[]> frames) {
        List<Outcome> all = publishAllOutcomes(store, frames);
        assertTrue(all.stream().allMatch(Outcome::journaled), all.toString());
        return all;
    }

    /** Like {@link #publishAll}, but a frame may be refused. */
    private static List<Outcome> publishAllOutcomes(TickStore store, List<IngestMessage[]> frames) {
        FrameOutcomes outcomes = new FrameOutcomes();
        for (int i = 0; i < frames.size(); i++) {
            IngestMessage[] f = frames.get(i);
            assertTrue(store.pipeline().tryPublish(f, f.length, outcomes.frame(i)));
        }
        return outcomes.await(frames.size());
    }

    private static IngestMessage[] frame(IngestMessage... messages) {
        return messages;
    }

    /** Appends to the store's journal while no store has it open, as a killed process leaves it; returns the last index. */
    private long appendToJournal(IngestMessage... messages) {
        try (Journal journal = Journal.open(dir.resolve(TickStore.JOURNAL_DIR),
                TickstoreConfig.defaults().journal().rollCycle())) {
            long last = Journal.NONE;
            for (IngestMessage m : messages) {
                last = journal.append(m);
            }
            return last;
        }
    }

    /** A store that has stored order o-1 as submitted, closed. */
    private void storeWithOrderSubmitted() throws Exception {
        try (TickStore store = StoreFixture.open(dir)) {
            publishAll(store, List.<IngestMessage[]>of(frame(SampleMessages.order("o-1", OrderStatus.SUBMITTED))));
        }
    }

    /** AAPL 1..100 (contiguous), IBM 1, 5, 9 (sparse), a full and a bare order, two fills of o-1 (4.25 of 10.5). */
    private static List<IngestMessage[]> history() {
        return List.of(
                SampleMessages.ticks("NASDAQ", "AAPL", 1, 100),
                frame(SampleMessages.tick("NYSE", "IBM", 1), SampleMessages.tick("NYSE", "IBM", 5),
                        SampleMessages.tick("NYSE", "IBM", 9)),
                frame(SampleMessages.order("o-1", OrderStatus.SUBMITTED),
                        SampleMessages.bareOrder("o-2", OrderStatus.PENDING)),
                frame(SampleMessages.trade("t-1"), SampleMessages.bareTrade("t-2")));
    }

    private static void assertHistoryStored(TickStore store) throws Exception {
        assertEquals(103, count(store, "SELECT count(*) FROM market_ticks"));
        assertEquals(2, count(store, "SELECT count(*) FROM trades"));
        assertEquals(2, count(store, "SELECT count(*) FROM orders"));
    }

    @Test
    void reopeningAClosedStoreReplaysNothingAndStillKnowsEveryDuplicate() throws Exception {
        long lastIndex;
        try (TickStore store = StoreFixture.open(dir)) {
            assertEquals(0, store.replayedAtOpen());
            List<Outcome> acks = publishAll(store, history());
            lastIndex = acks.get(acks.size() - 1).journalIndex();
        } // close drains: everything acked is applied
        try (TickStore store = StoreFixture.open(dir)) {
            assertEquals(0, store.replayedAtOpen());
            assertEquals(lastIndex, store.warm().sink().appliedIndex());
            assertEquals(lastIndex, store.pipeline().lastJournalIndex());
            assertHistoryStored(store);

            List<Outcome> resent = publishAll(store, history());
            for (Outcome o : resent) {
                assertEquals(0, o.accepted(), "re-sent after restart: " + o);
                assertEquals(lastIndex, o.journalIndex());
            }

            List<Outcome> next = publishAll(store, List.<IngestMessage[]>of(
                    frame(SampleMessages.tick("NASDAQ", "AAPL", 50), SampleMessages.tick("NASDAQ", "AAPL", 101)),
                    frame(SampleMessages.tick("NYSE", "IBM", 5), SampleMessages.tick("NYSE", "IBM", 6),
                            SampleMessages.tick("NYSE", "IBM", 9), SampleMessages.tick("NYSE", "IBM", 2)),
                    frame(SampleMessages.bareOrder("o-2", OrderStatus.CANCELLED), lastFill())));
            assertEquals(List.of(1, 2, 2), next.stream().map(Outcome::accepted).toList(),
                    "AAPL 101 (contiguous restore); IBM 6 and 2 fill holes of the sparse restore; o-2 cancelled, "
                            + "t-3 fills o-1 (the restored order state knew 4.25 were filled)");
            assertEquals(List.of(1, 2, 0), next.stream().map(Outcome::duplicates).toList());
            assertEquals(0, store.gaps().totalGaps(), "101 follows the restored highest of AAPL; IBM 6 and 2 are late");

            awaitDrained(store);
            assertEquals(106, count(store, "SELECT count(*) FROM market_ticks"));
            assertEquals(3, count(store, "SELECT count(*) FROM trades"));
            assertEquals(2, count(store, "SELECT count(*) FROM orders"));
            assertEquals(1, count(store, "SELECT count(*) FROM orders WHERE order_id = 'o-1' AND status = 'filled' "
                    + "AND filled_quantity = 10.5"));
        }
    }

    /** The fill that completes o-1 after history(): 10.5 - 3.25 - 1. */
    private static IngestMessage lastFill() {
        IngestMessage t = SampleMessages.trade("t-3");
        t.trade.quantity = io.tickstore.store.model.Decimal8.parse("6.25");
        return t;
    }

    @Test
    void journalAheadOfTheStoreIsReplayedExactlyOnce() throws Exception {
        long applied;
        try (TickStore store = StoreFixture.open(dir)) {
            List<Outcome> acks = publishAll(store, List.<IngestMessage[]>of(SampleMessages.ticks("NASDAQ", "AAPL", 1, 10)));
            applied = acks.get(0).journalIndex();
        }
        // Messages journaled (acked) but not applied, as after a kill -9 between the two handlers.
        // More than one writer batch (100), so replay commits several times.
        int ahead = 250;
        long lastAppended;
        try (Journal journal = Journal.open(dir.resolve(TickStore.JOURNAL_DIR),
                TickstoreConfig.defaults().journal().rollCycle())) {
            assertEquals(applied, journal.lastIndex());
            for (int i = 0; i < ahead - 2; i++) {
                journal.append(SampleMessages.tick("NASDAQ", "AAPL", 11 + i));
            }
            journal.append(SampleMessages.trade("t-1"));
            lastAppended = journal.append(SampleMessages.order("o-1", OrderStatus.SUBMITTED));
        }
        try (TickStore store = StoreFixture.open(dir, StoreFixture.pipeline(1024))) {
            assertEquals(ahead, store.replayedAtOpen());
            awaitDrained(store); // the DuckDB sink catches up from its own index
            assertEquals(lastAppended, store.warm().sink().appliedIndex());
            assertEquals(10 + ahead - 2, count(store, "SELECT count(*) FROM market_ticks"));
            assertEquals(10 + ahead - 2, count(store, "SELECT count(DISTINCT sequence_number) FROM market_ticks"));
            assertEquals(1, count(store, "SELECT count(*) FROM trades"));
            assertEquals(1, count(store, "SELECT count(*) FROM orders"));
            assertEquals(lastAppended, count(store, "SELECT max(journal_index) FROM orders"));

            List<Outcome> resent = publishAll(store, List.<IngestMessage[]>of(
                    frame(SampleMessages.tick("NASDAQ", "AAPL", 200), SampleMessages.trade("t-1"),
                            SampleMessages.order("o-1", OrderStatus.SUBMITTED))));
            assertEquals(3, resent.get(0).duplicates(), "replayed messages are known to the deduplicator");
        }
        try (TickStore store = StoreFixture.open(dir)) {
            assertEquals(0, store.replayedAtOpen());
            assertEquals(10 + ahead - 2, count(store, "SELECT count(*) FROM market_ticks"));
            assertEquals(1, count(store, "SELECT count(*) FROM trades"));
        }
    }

    @Test
    void aJournalEndingBeforeTheAppliedIndexIsRefused() throws Exception {
        long applied;
        try (TickStore store = StoreFixture.open(dir)) {
            applied = publishAll(store, List.<IngestMessage[]>of(SampleMessages.ticks("NASDAQ", "AAPL", 1, 5))).get(0).journalIndex();
        }
        Path journalDir = dir.resolve(TickStore.JOURNAL_DIR);
        Path kept = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-journal-copy"));
        try {
            List<Path> files = new ArrayList<>();
            try (var s = Files.list(journalDir)) {
                s.forEach(files::add);
            }
            for (Path p : files) {
                Files.copy(p, kept.resolve(p.getFileName()));
            }
            StoreFixture.deleteRecursively(journalDir);

            IllegalStateException e = assertThrows(IllegalStateException.class, () -> StoreFixture.open(dir));
            assertTrue(e.getMessage().contains("ends at index -1"), e.getMessage());
            assertTrue(e.getMessage().contains("applied up to " + applied), e.getMessage());

            // the refusal left the store as it was: with its journal back, it opens
            StoreFixture.deleteRecursively(journalDir);
            Files.createDirectories(journalDir);
            for (Path p : files) {
                Files.copy(kept.resolve(p.getFileName()), journalDir.resolve(p.getFileName()));
            }
            try (TickStore store = StoreFixture.open(dir)) {
                assertEquals(0, store.replayedAtOpen());
                assertEquals(5, count(store, "SELECT count(*) FROM market_ticks"));
            }
        } finally {
            StoreFixture.deleteRecursively(kept);
        }
    }

    @Test
    void journalCyclesFullyInDuckDbBeyondTheRetainedOnesAreDeletedAndNothingIsLost() throws Exception {
        // Ticks journaled on five consecutive days (a clock the test moves), none applied yet.
        net.openhft.chronicle.core.time.SetTimeProvider clock = new net.openhft.chronicle.core.time.SetTimeProvider(
                java.time.Instant.parse("2024-01-02T10:00:00Z").toEpochMilli() * 1_000_000L);
        Path journalDir = dir.resolve(TickStore.JOURNAL_DIR);
        try (net.openhft.chronicle.queue.ChronicleQueue queue = net.openhft.chronicle.queue.impl.single
                .SingleChronicleQueueBuilder.binary(journalDir.toFile())
                .rollCycle(net.openhft.chronicle.queue.RollCycles.FAST_DAILY).timeProvider(clock).build();
             net.openhft.chronicle.queue.ExcerptAppender appender = queue.createAppender()) {
            for (int day = 0; day < 5; day++) {
                for (int i = 1; i <= 3; i++) {
                    try (net.openhft.chronicle.wire.DocumentContext dc = appender.writingDocument()) {
                        io.tickstore.store.journal.JournalCodec.write(
                                SampleMessages.tick("NASDAQ", "AAPL", day * 3 + i), dc.wire().bytes());
                    }
                }
                clock.advanceMillis(java.time.Duration.ofDays(1).toMillis());
            }
        }
        assertEquals(5, cycleFiles(journalDir));
        // Open: the DuckDB sink stores all 15, then the cycles before the last two before its index go.
        try (TickStore store = StoreFixture.open(dir)) {
            assertEquals(15, store.replayedAtOpen());
            awaitDrained(store);
            assertEquals(15, count(store, "SELECT count(*) FROM market_ticks"));
            assertTrue(store.awaitStored(30, TimeUnit.SECONDS), "every sink (the deduplication snapshot too) caught up");
            store.trimJournalNow(); // (also done every minute)
            assertEquals(3, cycleFiles(journalDir), "journal.retain_cycles = 2 keeps days 2 and 3 besides day 4");
        }
        try (TickStore store = StoreFixture.open(dir)) {
            assertEquals(0, store.replayedAtOpen());
            assertEquals(15, count(store, "SELECT count(*) FROM market_ticks"));
            FrameOutcomes outcomes = new FrameOutcomes();
            assertTrue(store.pipeline().tryPublish(new IngestMessage[] {SampleMessages.tick("NASDAQ", "AAPL", 15)}, 1,
                    outcomes.frame(0)));
            assertEquals(1, outcomes.await(1).get(0).duplicates(), "what the deleted cycles held is still known");
        }
    }

    private static long cycleFiles(Path journalDir) throws IOException {
        try (var files = java.nio.file.Files.list(journalDir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".cq4")).count();
        }
    }

    @Test
    void aStoreThatAppliedNothingReplaysTheWholeJournal() throws Exception {
        long last;
        try (Journal journal = Journal.open(dir.resolve(TickStore.JOURNAL_DIR),
                TickstoreConfig.defaults().journal().rollCycle())) {
            journal.append(SampleMessages.tick("NASDAQ", "AAPL", 1));
            last = journal.append(SampleMessages.tick("NASDAQ", "AAPL", 2));
        }
        try (TickStore store = StoreFixture.open(dir)) {
            assertEquals(2, store.replayedAtOpen());
            awaitDrained(store);
            assertEquals(last, store.warm().sink().appliedIndex());
            assertEquals(2, count(store, "SELECT count(*) FROM market_ticks"));
        }
    }

    @Test
    void journalAheadUpdatesOrdersStoredBeforeAndDedupeKnowsTheLatestState() throws Exception {
        storeWithOrderSubmitted();
        long last = appendToJournal(SampleMessages.order("o-1", OrderStatus.PARTIAL),
                SampleMessages.order("o-1", OrderStatus.FILLED));
        try (TickStore store = StoreFixture.open(dir)) {
            assertEquals(2, store.replayedAtOpen());
            awaitDrained(store);
            assertEquals(1, count(store, "SELECT count(*) FROM orders"));
            assertEquals(last, count(store, "SELECT journal_index FROM orders WHERE status = 'filled'"));
            List<Outcome> acks = publishAllOutcomes(store, List.<IngestMessage[]>of(
                    frame(SampleMessages.order("o-1", OrderStatus.FILLED)),
                    frame(SampleMessages.order("o-1", OrderStatus.CANCELLED))));
            assertEquals(1, acks.get(0).duplicates(), "the replayed state is the current one");
            assertTrue(acks.get(1).rejected(), "filled is final, as the replayed state says: " + acks.get(1));
            assertTrue(acks.get(1).failed().endsWith("order o-1: illegal transition filled -> cancelled (filled is final)"),
                    acks.get(1).failed());
        }
    }

    /**
     * The journaller appends a fill's trade and then its order's new state as two messages; a kill
     * between the two leaves a journal that ends with the trade. The frame was not acked, so the feed
     * sends it again — and finds the trade a duplicate (replay made it known), so nothing would ever
     * move the order on: stored as submitted beside its own fill. Start-up journals the missing state.
     */
    @Test
    void aFillJournaledWithoutItsOrdersNewStateGetsThatStateAtTheNextStart() throws Exception {
        storeWithOrderSubmitted();
        long tradeIndex = appendToJournal(SampleMessages.trade("t-1")); // and the process dies here
        try (TickStore store = StoreFixture.open(dir)) {
            long stateIndex = store.pipeline().lastJournalIndex();
            assertTrue(stateIndex > tradeIndex, "the order's state after the fill is journaled at start-up: "
                    + stateIndex + " after the trade's " + tradeIndex);
            io.tickstore.store.model.OrderRecord seen = store.read().orders().one("o-1");
            assertEquals(OrderStatus.PARTIAL, seen.status, "what queries see at once");
            assertEquals("3.25", io.tickstore.store.model.Decimal8.toString(seen.filledQuantity));

            List<Outcome> resent = publishAll(store, List.<IngestMessage[]>of(frame(SampleMessages.trade("t-1"))));
            assertEquals(1, resent.get(0).duplicates(), "the re-sent fill is a duplicate: " + resent);
            IngestMessage rest = SampleMessages.trade("t-2");
            rest.trade.quantity = io.tickstore.store.model.Decimal8.parse("7.25");
            rest.trade.price = io.tickstore.store.model.Decimal8.parse("190.00000003");
            rest.trade.executedAt += 1;
            List<Outcome> next = publishAll(store, List.<IngestMessage[]>of(frame(rest)));
            assertEquals(1, next.get(0).accepted(), "the next fill builds on the recovered 3.25: " + next);
            awaitDrained(store);
            assertEquals(1, count(store, "SELECT count(*) FROM orders WHERE order_id = 'o-1' AND status = 'filled' "
                    + "AND filled_quantity = 10.5 AND average_fill_price = 190.00000002"));
            assertEquals(2, count(store, "SELECT count(*) FROM trades"));
        }
        try (TickStore store = StoreFixture.open(dir)) {
            assertEquals(0, store.replayedAtOpen(), "a journal that ends with the state journals nothing more");
            assertEquals(OrderStatus.FILLED, store.read().orders().one("o-1").status);
        }
    }

    /** A journal this store's journaller did not write (a fill of an order it never saw): opened as it is. */
    @Test
    void aJournalEndingWithAFillTheOrderBookRefusesOpensUnchanged() throws Exception {
        long tradeIndex = appendToJournal(SampleMessages.trade("t-1")); // o-1 was never journaled
        try (TickStore store = StoreFixture.open(dir)) {
            assertEquals(1, store.replayedAtOpen());
            assertEquals(tradeIndex, store.pipeline().lastJournalIndex(), "nothing journaled at start-up");
            awaitDrained(store);
            assertEquals(1, count(store, "SELECT count(*) FROM trades"));
            assertEquals(0, count(store, "SELECT count(*) FROM orders"));
            List<Outcome> acks = publishAll(store, List.<IngestMessage[]>of(SampleMessages.ticks("NASDAQ", "AAPL", 1, 2)));
            assertEquals(2, acks.get(0).accepted(), "ingest runs");
        }
    }

    @Test
    void closingTwiceIsHarmless() throws Exception {
        TickStore store = StoreFixture.open(dir);
        publishAll(store, List.<IngestMessage[]>of(SampleMessages.ticks("NASDAQ", "AAPL", 1, 3)));
        store.close();
        store.close();
        try (TickStore again = StoreFixture.open(dir)) {
            assertEquals(3, count(again, "SELECT count(*) FROM market_ticks"));
        }
    }
}

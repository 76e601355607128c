package io.tickstore.store.dedupe;

import static io.tickstore.store.dedupe.DedupeStates.assertSameState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstore.config.JournalRollCycle;
import io.tickstore.store.SampleMessages;
import io.tickstore.store.journal.Journal;
import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.model.MessageType;
import io.tickstore.store.model.OrderStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DedupeStateTest {
    @TempDir
    Path dataDir;

    private final GapLog gapLog = new GapLog(10, new SimpleMeterRegistry());

    /**
     * Journal-like messages in restore mode's terms, including what a journaller never lets through
     * but rows of older builds may hold: two orders sharing a client_order_id, an order whose
     * client_order_id changes or goes away.
     */
    private static List<IngestMessage> randomMessages(Random random, int n) {
        List<IngestMessage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            IngestMessage m;
            switch (random.nextInt(5)) {
                case 0, 1 -> m = SampleMessages.bareTick("X", "F" + random.nextInt(3), random.nextInt(200));
                case 2 -> m = SampleMessages.bareTrade("t-" + random.nextInt(100));
                case 3 -> {
                    m = new IngestMessage();
                    m.portfolioSnapshot(i);
                }
                default -> {
                    OrderStatus[] statuses = OrderStatus.values();
                    m = SampleMessages.order("o-" + random.nextInt(10), statuses[random.nextInt(statuses.length)]);
                    int client = random.nextInt(6);
                    m.order.clientOrderId = client == 5 ? null : "c-" + client;
                    m.order.quantity = Decimal8.parse(String.valueOf(1 + random.nextInt(50)));
                    m.order.updatedAt = SampleMessages.T0 + i;
                }
            }
            out.add(m);
        }
        return out;
    }

    private static void applyRange(DedupeState state, List<IngestMessage> messages, int from, int toExclusive) {
        for (int i = from; i < toExclusive; i++) {
            state.apply(i, messages.get(i));
        }
    }

    @Test
    void reapplyingAnyStretchAgainEndsWhereApplyingOnceDoes() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int round = 0; round < 20; round++) {
            int n = 300;
            List<IngestMessage> messages = randomMessages(random, n);
            DedupeState once = new DedupeState(gapLog);
            applyRange(once, messages, 0, n);
            for (int trial = 0; trial < 30; trial++) {
                int applied = random.nextInt(n);          // state holds messages 0..applied
                int from = random.nextInt(applied + 2);   // and re-applies from..n-1 (from <= applied + 1)
                String what = "seed " + seed + ", round " + round + ", applied 0.." + applied + ", again from " + from;
                DedupeState again = new DedupeState(gapLog);
                applyRange(again, messages, 0, applied + 1);
                applyRange(again, messages, from, n);
                try {
                    assertSameState(once, again);
                } catch (AssertionError e) {
                    throw new AssertionError(what + ": " + e.getMessage(), e);
                }
            }
        }
    }

    @Test
    void aSnapshotAtAnyPointPlusTheRestOfTheJournalIsTheWholeState() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        int n = 400;
        List<IngestMessage> messages = randomMessages(random, n);
        DedupeState once = new DedupeState(gapLog);
        applyRange(once, messages, 0, n);
        for (int trial = 0; trial < 20; trial++) {
            int at = random.nextInt(n);
            DedupeState upTo = new DedupeState(gapLog);
            applyRange(upTo, messages, 0, at + 1);
            DedupeSnapshot.write(dataDir, upTo);
            DedupeState loaded = DedupeSnapshot.load(dataDir, gapLog);
            assertEquals(at, loaded.journalIndex());
            DedupeStates.assertSameState(upTo, loaded);
            applyRange(loaded, messages, at + 1, n);
            try {
                assertSameState(once, loaded);
            } catch (AssertionError e) {
                throw new AssertionError("seed " + seed + ", snapshot at " + at + ": " + e.getMessage(), e);
            }
        }
    }

    @Test
    void aCopyIsIndependent() {
        DedupeState original = new DedupeState(gapLog);
        original.apply(1, SampleMessages.bareTick("X", "A", 1));
        original.apply(2, SampleMessages.bareTrade("t-1"));
        original.apply(3, SampleMessages.order("o-1", OrderStatus.SUBMITTED));
        DedupeState copy = original.copy();
        assertSameState(original, copy);
        copy.apply(4, SampleMessages.bareTick("X", "A", 2));
        copy.apply(5, SampleMessages.bareTrade("t-2"));
        IngestMessage cancel = SampleMessages.order("o-1", OrderStatus.CANCELLED);
        copy.apply(6, cancel);
        copy.apply(7, SampleMessages.order("o-2", OrderStatus.PENDING));
        assertEquals(3, original.journalIndex());
        assertFalse(original.deduplicator().containsTick("X", "A", 2));
        assertEquals(1, original.deduplicator().highestSequence("X", "A"));
        assertFalse(original.deduplicator().containsTrade("t-2"));
        assertEquals(OrderStatus.SUBMITTED, original.orders().get("o-1").status);
        assertEquals(1, original.orders().size());
        assertNull(original.orders().orderIdByClientOrderId("c-o-2"));
        assertTrue(copy.deduplicator().containsTick("X", "A", 2));
        assertEquals(OrderStatus.CANCELLED, copy.orders().get("o-1").status);
    }

    @Test
    void applyingAPortfolioMarkOnlyMovesTheIndex() {
        DedupeState state = new DedupeState(gapLog);
        IngestMessage mark = new IngestMessage();
        mark.portfolioSnapshot(5);
        assertEquals(MessageType.PORTFOLIO_SNAPSHOT, mark.type);
        state.apply(9, mark);
        assertEquals(9, state.journalIndex());
        assertEquals(0, state.deduplicator().feedCount() + state.deduplicator().tradeIdCount() + state.orders().size());
    }

    @Test
    void startUpRefusesAJournalThatNoLongerHoldsTheStatesIndex() {
        long[] indexes = new long[3];
        try (Journal journal = Journal.open(dataDir.resolve("journal"), JournalRollCycle.DAILY)) {
            DedupeState atStart = new DedupeState(gapLog);
            atStart.requireJournalFrom(journal); // an empty journal and an empty state: nothing to miss
            for (int i = 0; i < indexes.length; i++) {
                indexes[i] = journal.append(SampleMessages.bareTick("X", "A", i));
            }
            atStart.requireJournalFrom(journal);
            DedupeState inside = new DedupeState(gapLog);
            inside.apply(indexes[1], SampleMessages.bareTick("X", "A", 1));
            inside.requireJournalFrom(journal);
            DedupeState beyond = new DedupeState(gapLog);
            beyond.apply(indexes[2] + 10, SampleMessages.bareTick("X", "A", 9));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> beyond.requireJournalFrom(journal));
            assertTrue(e.getMessage().contains("covers the journal up to index " + (indexes[2] + 10)), e.getMessage());
            assertTrue(e.getMessage().contains("holds indexes " + indexes[0] + " to " + indexes[2]), e.getMessage());
        }
        try (Journal empty = Journal.open(dataDir.resolve("other-journal"), JournalRollCycle.DAILY)) {
            DedupeState state = new DedupeState(gapLog);
            state.apply(indexes[1], SampleMessages.bareTick("X", "A", 1));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> state.requireJournalFrom(empty));
            assertTrue(e.getMessage().contains("holds no message"), e.getMessage());
        }
    }
}

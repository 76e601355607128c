package io.tickstore.store.journal;

import static io.tickstore.store.SampleMessages.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickstore.config.JournalRollCycle;
import io.tickstore.store.SampleMessages;
import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.model.OrderStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
    @TempDir
    Path dir;

    private static List<IngestMessage> sample() {
        return List.of(
                SampleMessages.tick("NASDAQ", "AAPL", 1),
                SampleMessages.order("o-1", OrderStatus.SUBMITTED),
                SampleMessages.trade("t-1"),
                SampleMessages.bareTick("NYSE", "IBM", 5),
                SampleMessages.bareOrder("o-2", OrderStatus.PENDING));
    }

    private record Replayed(long index, String message) {
    }

    private static List<Replayed> replay(Journal journal, long after) throws Exception {
        List<Replayed> out = new ArrayList<>();
        long count = journal.replayAfter(after, (index, m) -> out.add(new Replayed(index, describe(m))));
        assertEquals(out.size(), count, "replayAfter returns the number of messages it fed");
        return out;
    }

    @Test
    void emptyJournalHasNoIndexesAndReplaysNothing() throws Exception {
        try (Journal journal = Journal.open(dir, JournalRollCycle.DAILY)) {
            assertEquals(Journal.NONE, journal.lastIndex());
            assertEquals(Journal.NONE, journal.firstIndex());
            assertEquals(List.of(), replay(journal, Journal.NONE));
        }
    }

    @Test
    void appendReturnsIncreasingIndexesThatBoundTheJournal() {
        try (Journal journal = Journal.open(dir, JournalRollCycle.HOURLY)) {
            long previous = Journal.NONE;
            long first = Journal.NONE;
            for (IngestMessage m : sample()) {
                long index = journal.append(m);
                assertTrue(index > previous, "index " + index + " after " + previous);
                if (first == Journal.NONE) {
                    first = index;
                }
                previous = index;
                assertEquals(index, journal.lastIndex());
            }
            assertEquals(first, journal.firstIndex());
        }
    }

    @Test
    void replayAfterNoneReplaysEverythingInOrderWithTheAppendedIndexes() throws Exception {
        try (Journal journal = Journal.open(dir, JournalRollCycle.DAILY)) {
            List<Replayed> expected = new ArrayList<>();
            for (IngestMessage m : sample()) {
                expected.add(new Replayed(journal.append(m), describe(m)));
            }
            assertEquals(expected, replay(journal, Journal.NONE));
        }
    }

    @Test
    void replayAfterAnIndexReplaysExactlyTheLaterMessages() throws Exception {
        try (Journal journal = Journal.open(dir, JournalRollCycle.DAILY)) {
            List<Replayed> all = new ArrayList<>();
            for (IngestMessage m : sample()) {
                all.add(new Replayed(journal.append(m), describe(m)));
            }
            for (int i = 0; i < all.size(); i++) {
                assertEquals(all.subList(i + 1, all.size()), replay(journal, all.get(i).index()), "after #" + i);
            }
        }
    }

    @Test
    void replayAfterAnIndexTheJournalDoesNotHoldIsRefused() {
        try (Journal journal = Journal.open(dir, JournalRollCycle.DAILY)) {
            long last = Journal.NONE;
            for (IngestMessage m : sample()) {
                last = journal.append(m);
            }
            long missing = last + 1000;
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> replay(journal, missing));
            assertTrue(e.getMessage().contains("no message at index " + missing), e.getMessage());
        }
    }

    @Test
    void readReturnsTheMessageAtAnIndexAndRefusesOneTheJournalDoesNotHold() {
        try (Journal journal = Journal.open(dir, JournalRollCycle.DAILY)) {
            List<Long> indexes = new ArrayList<>();
            for (IngestMessage m : sample()) {
                indexes.add(journal.append(m));
            }
            IngestMessage into = new IngestMessage();
            for (int i = sample().size() - 1; i >= 0; i--) {
                journal.read(indexes.get(i), into);
                assertEquals(describe(sample().get(i)), describe(into), "message " + i);
            }
            long missing = indexes.get(indexes.size() - 1) + 1;
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> journal.read(missing, into));
            assertTrue(e.getMessage().contains("no message at index " + missing), e.getMessage());
        }
    }

    @Test
    void reopenedJournalReplaysTheSameMessagesAndKeepsAppendingAfterThem() throws Exception {
        List<Replayed> expected = new ArrayList<>();
        try (Journal journal = Journal.open(dir, JournalRollCycle.DAILY)) {
            for (IngestMessage m : sample()) {
                expected.add(new Replayed(journal.append(m), describe(m)));
            }
        }
        try (Journal journal = Journal.open(dir, JournalRollCycle.DAILY)) {
            assertEquals(expected.get(0).index(), journal.firstIndex());
            assertEquals(expected.get(expected.size() - 1).index(), journal.lastIndex());
            assertEquals(expected, replay(journal, Journal.NONE));
            assertEquals(expected.subList(3, expected.size()), replay(journal, expected.get(2).index()));

            IngestMessage extra = SampleMessages.trade("t-9");
            long index = journal.append(extra);
            assertTrue(index > expected.get(expected.size() - 1).index());
            assertEquals(List.of(new Replayed(index, describe(extra))),
                    replay(journal, expected.get(expected.size() - 1).index()));
        }
    }

    /** Writes journal documents the way {@link Journal#append} does, on a clock the test moves. */
    private static long appendAt(ExcerptAppender appender, IngestMessage m) {
        try (DocumentContext dc = appender.writingDocument()) {
            JournalCodec.write(m, dc.wire().bytes());
        }
        return appender.lastIndexAppended();
    }

    /**
     * Two messages a day on {@code days} days from 2024-01-02, each day a roll cycle of its own, on a
     * clock the test moves; before day {@code gapBefore} (-1: none) a day with no messages at all.
     */
    private List<Replayed> writeDays(int days, int gapBefore) {
        SetTimeProvider clock = new SetTimeProvider(Instant.parse("2024-01-02T10:00:00Z").toEpochMilli() * 1_000_000L);
        List<Replayed> all = new ArrayList<>();
        try (ChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir.toFile())
                .rollCycle(RollCycles.FAST_DAILY).timeProvider(clock).build();
             ExcerptAppender appender = queue.createAppender()) {
            int seq = 0;
            for (int day = 0; day < days; day++) {
                if (day == gapBefore) {
                    clock.advanceMillis(Duration.ofDays(1).toMillis());
                }
                for (int i = 0; i < 2; i++) {
                    IngestMessage m = SampleMessages.tick("NASDAQ", "AAPL", ++seq);
                    all.add(new Replayed(appendAt(appender, m), describe(m)));
                }
                clock.advanceMillis(Duration.ofDays(1).toMillis());
            }
        }
        return all;
    }

    @Test
    void replayCrossesRollCyclesWhoseIndexesAreNotContiguous() throws Exception {
        List<Replayed> all = writeDays(4, 2);
        assertTrue(all.get(2).index() - all.get(1).index() > 1, "premise: a new cycle starts a new index range "
                + all.get(1).index() + " -> " + all.get(2).index());

        try (Journal journal = Journal.open(dir, JournalRollCycle.DAILY)) {
            assertEquals(all.get(0).index(), journal.firstIndex());
            assertEquals(all.get(all.size() - 1).index(), journal.lastIndex());
            assertEquals(all, replay(journal, Journal.NONE));
            for (int i = 0; i < all.size(); i++) {
                assertEquals(all.subList(i + 1, all.size()), replay(journal, all.get(i).index()), "after #" + i);
            }
        }
    }

    private long cycleFiles() throws java.io.IOException {
        try (var files = java.nio.file.Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".cq4")).count();
        }
    }

    @Test
    void appliedCyclesBeyondTheKeptOnesAreDeletedAndReplayAfterTheAppliedIndexIsUnchanged() throws Exception {
        List<Replayed> all = writeDays(5, -1);
        long applied = all.get(6).index(); // the first message of day 3
        try (Journal journal = Journal.open(dir, JournalRollCycle.DAILY)) {
            assertEquals(5, cycleFiles());
            assertEquals(0, journal.deleteCyclesBefore(applied, -1), "-1 keeps everything");
            assertEquals(0, journal.deleteCyclesBefore(Journal.NONE, 0), "nothing applied: nothing goes");
            assertEquals(0, journal.deleteCyclesBefore(applied, 3), "days 0..2 are the three kept");
            assertEquals(2, journal.deleteCyclesBefore(applied, 1), "days 0 and 1 go, day 2 is kept");
            assertEquals(3, cycleFiles());
            assertEquals(0, journal.deleteCyclesBefore(applied, 1));
            assertEquals(all.get(4).index(), journal.firstIndex());
            assertEquals(all.get(9).index(), journal.lastIndex());
            assertEquals(all.subList(7, 10), replay(journal, applied));
            assertEquals(all.subList(4, 10), replay(journal, Journal.NONE));

            IngestMessage extra = SampleMessages.trade("t-9");
            long index = journal.append(extra);
            assertEquals(List.of(new Replayed(index, describe(extra))), replay(journal, all.get(9).index()));
        }
        try (Journal journal = Journal.open(dir, JournalRollCycle.DAILY)) {
            assertEquals(all.get(4).index(), journal.firstIndex());
            assertEquals(all.subList(7, 10), replay(journal, applied).subList(0, 3));
            // Everything applied, none kept: every cycle before the applied one goes.
            assertEquals(2, journal.deleteCyclesBefore(all.get(9).index(), 0));
            assertEquals(all.get(8).index(), journal.firstIndex());
        }
    }
    @Test
    void countAfterCountsTheMessagesAfterAnIndexAcrossCyclesAndGaps() throws Exception {
        List<Replayed> all = writeDays(4, 2);
        try (Journal journal = Journal.open(dir, JournalRollCycle.DAILY)) {
            assertEquals(all.size(), journal.countAfter(Journal.NONE));
            for (int i = 0; i < all.size(); i++) {
                assertEquals(all.size() - 1 - i, journal.countAfter(all.get(i).index()), "after #" + i);
            }
        }
    }

    @Test
    void aCursorReadsForwardWaitsAtTheEndAndRewinds() throws Exception {
        List<Replayed> all = writeDays(3, -1);
        try (Journal journal = Journal.open(dir, JournalRollCycle.DAILY);
             JournalCursor cursor = journal.cursorAfter(all.get(1).index())) {
            IngestMessage m = new IngestMessage();
            List<Replayed> read = new ArrayList<>();
            while (cursor.next(m)) {
                read.add(new Replayed(cursor.index(), describe(m)));
            }
            assertEquals(all.subList(2, all.size()), read);
            IngestMessage extra = SampleMessages.trade("t-9");
            long index = journal.append(extra);
            assertTrue(cursor.next(m), "a message appended later is read by the same cursor");
            assertEquals(new Replayed(index, describe(extra)), new Replayed(cursor.index(), describe(m)));
            cursor.rewindAfter(all.get(3).index());
            assertTrue(cursor.next(m));
            assertEquals(all.get(4), new Replayed(cursor.index(), describe(m)));
            cursor.rewindAfter(Journal.NONE);
            assertTrue(cursor.next(m));
            assertEquals(all.get(0), new Replayed(cursor.index(), describe(m)));
        }
    }

    @Test
    void aPortfolioSnapshotMarkRoundTrips() throws Exception {
        try (Journal journal = Journal.open(dir, JournalRollCycle.DAILY)) {
            IngestMessage mark = new IngestMessage();
            mark.portfolioSnapshot(1_704_153_600_000_000L);
            long index = journal.append(mark);
            List<IngestMessage> read = new ArrayList<>();
            journal.replayAfter(Journal.NONE, (i, m) -> {
                IngestMessage copy = new IngestMessage();
                copy.copyFrom(m);
                read.add(copy);
            });
            assertEquals(1, read.size());
            assertEquals(io.tickstore.store.model.MessageType.PORTFOLIO_SNAPSHOT, read.get(0).type);
            assertEquals(1_704_153_600_000_000L, read.get(0).snapshotAt);
            assertEquals(index, journal.lastIndex());
        }
    }
}

package io.tickstore.store.dedupe;

import static io.tickstore.store.dedupe.DedupeStates.assertRemembers;
import static io.tickstore.store.dedupe.DedupeStates.assertSameState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstore.config.JournalRollCycle;
import io.tickstore.store.Eventually;
import io.tickstore.store.journal.Journal;
import io.tickstore.store.sink.JournalTrim;
import io.tickstore.store.sink.SinkOptions;
import io.tickstore.store.sink.SinkRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sink run by a real SinkRunner over a real journal, as the store runs it. */
class DedupeSnapshotSinkTest {
    private static final SinkOptions OPTIONS = new SinkOptions(50, 0, true, 1_000_000);

    @TempDir
    Path dataDir;

    private final GapLog gapLog = new GapLog(10, new SimpleMeterRegistry());
    private final List<AutoCloseable> open = new ArrayList<>();
    private Journal journal;
    private JournaledHistory history;

    @BeforeEach
    void openJournal() {
        journal = Journal.open(dataDir.resolve("journal"), JournalRollCycle.DAILY);
        history = new JournaledHistory(journal);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        journal.close();
    }

    private record Running(DedupeSnapshotSink sink, SinkRunner runner, SimpleMeterRegistry registry, DedupeState state) {
        /** Messages the sink has applied (whether or not snapshotted yet). */
        long appliedMessages() {
            return (long) registry.get("tickstore.sink.messages").tag("sink", DedupeSnapshotSink.NAME).counter().count();
        }

        long failures() {
            return (long) registry.get("tickstore.sink.failures").tag("sink", DedupeSnapshotSink.NAME).counter().count();
        }
    }

    private Running start(DedupeState state, long intervalSeconds, long maxMessages) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DedupeSnapshotSink sink = new DedupeSnapshotSink(dataDir, state, intervalSeconds, maxMessages);
        SinkRunner runner = new SinkRunner(sink, OPTIONS, journal, registry);
        open.add(runner);
        runner.start();
        return new Running(sink, runner, registry, state);
    }

    @Test
    void afterItSnapshotsLoadGivesExactlyTheStateRestoredFromTheWholeJournal() throws Exception {
        history.standard(2000);
        Running r = start(new DedupeState(gapLog), 0, 1_000_000);
        assertEquals(DedupeSnapshotSink.NAME, r.sink().name());
        assertTrue(r.runner().awaitApplied(journal.lastIndex(), 60, TimeUnit.SECONDS), "the sink caught up");
        r.runner().close();

        DedupeState loaded = DedupeSnapshot.load(dataDir, gapLog);
        assertEquals(journal.lastIndex(), loaded.journalIndex());
        assertSameState(history.restoredFromWholeJournal(), loaded);
        assertRemembers(history, loaded);
        DedupeStates.assertSameContent(new DedupeState(history.deduplicator, history.book, 0, 0), loaded);
    }

    @Test
    void aSnapshotIsDueAfterMaxMessagesAndAtClose() throws Exception {
        history.ticks("X", "A", 1, 250);
        Running r = start(new DedupeState(gapLog), 3600, 100);
        Eventually.until(() -> r.appliedMessages() == 250, () -> "the sink to apply 250 messages");
        // Batches of 50: a snapshot after messages 100 and 200; the last 50 wait in memory.
        long twoHundredth = DedupeSnapshot.load(dataDir, gapLog).journalIndex();
        assertEquals(r.sink().appliedIndex(), twoHundredth);
        assertEquals(200, countUpTo(twoHundredth));
        assertEquals(50, journal.countAfter(r.sink().appliedIndex()), "not yet durable: re-applied after a crash");
        r.runner().close();
        r.sink().close();
        assertEquals(journal.lastIndex(), r.sink().appliedIndex());
        DedupeState loaded = DedupeSnapshot.load(dataDir, gapLog);
        assertEquals(journal.lastIndex(), loaded.journalIndex());
        assertRemembers(history, loaded);
    }

    private long countUpTo(long index) throws Exception {
        long[] n = {0};
        journal.replayAfter(Journal.NONE, (i, m) -> {
            if (i <= index) {
                n[0]++;
            }
        });
        return n[0];
    }

    @Test
    void afterACrashTheSinkResumesFromItsLastSnapshotAndEndsWithTheSameState() throws Exception {
        history.standard(500);
        DedupeState first = new DedupeState(gapLog);
        Running before = start(first, 3600, 700);
        Eventually.until(() -> before.appliedMessages() == history.journaled, () -> "the sink to apply everything");
        before.runner().close(); // killed: no closing snapshot, the last messages were only in memory
        long durable = before.sink().appliedIndex();
        assertNotEquals(Journal.NONE, durable, "at least one snapshot was due");
        assertTrue(durable < journal.lastIndex(), "the crash lost applied state: " + durable);

        DedupeState restarted = DedupeSnapshot.load(dataDir, gapLog);
        assertEquals(durable, restarted.journalIndex());
        assertTrue(restarted.deduplicator().tradeIdCount() < history.tradeIds.size(), "the snapshot is behind");
        Running after = start(restarted, 0, 700);
        assertTrue(after.runner().awaitApplied(journal.lastIndex(), 60, TimeUnit.SECONDS));
        after.runner().close();
        DedupeState whole = history.restoredFromWholeJournal();
        assertSameState(whole, DedupeSnapshot.load(dataDir, gapLog));
        assertRemembers(history, restarted);

        // The state the crashed sink held (ahead of its snapshot) re-applies from the snapshot on:
        // what the runner does after a failed snapshot write.
        assertEquals(journal.lastIndex(), first.journalIndex());
        journal.replayAfter(durable, first::apply);
        assertSameState(whole, first);
    }

    @Test
    void aFailedSnapshotWriteIsRetriedFromTheLastSnapshot() throws Exception {
        history.standard(300);
        Path blocker = dataDir.resolve(DedupeSnapshot.DIR);
        Files.writeString(blocker, "a file where the snapshot directory should be");
        Running r = start(new DedupeState(gapLog), 0, 1_000_000);
        Eventually.until(() -> r.failures() >= 2, () -> "the snapshot write to fail and be retried");
        assertEquals(Journal.NONE, r.sink().appliedIndex(), "nothing is durable");
        Files.delete(blocker);
        assertTrue(r.runner().awaitApplied(journal.lastIndex(), 60, TimeUnit.SECONDS), "applies once it can write");
        r.runner().close();
        assertSameState(history.restoredFromWholeJournal(), DedupeSnapshot.load(dataDir, gapLog));
        assertSameState(history.restoredFromWholeJournal(), r.state());
    }

    @Test
    void itHoldsBackJournalTrimmingUntilItsSnapshot() throws Exception {
        history.ticks("X", "A", 1, 10);
        Running r = start(new DedupeState(gapLog), 3600, 1_000_000);
        JournalTrim trim = new JournalTrim(journal, List.of(r.runner()), 0, new SimpleMeterRegistry());
        Eventually.until(() -> r.appliedMessages() == 10, () -> "the sink to apply 10 messages");
        assertEquals(Journal.NONE, trim.lowestNeeded(), "applied in memory only: every journal file is needed");
        r.runner().close();
        r.sink().close();
        assertEquals(journal.lastIndex(), trim.lowestNeeded());
    }

    @Test
    void anEmptyJournalWritesNoSnapshot() throws Exception {
        Running r = start(new DedupeState(gapLog), 0, 1);
        r.runner().close();
        r.sink().close();
        assertNull(DedupeSnapshot.load(dataDir, gapLog));
        assertEquals(Journal.NONE, r.sink().appliedIndex());
    }
}

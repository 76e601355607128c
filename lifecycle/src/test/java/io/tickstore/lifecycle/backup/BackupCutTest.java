package io.tickstore.lifecycle.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstore.config.TickstoreConfig;
import io.tickstore.store.TickStore;
import io.tickstore.store.journal.Journal;
import io.tickstore.store.journal.JournalCursor;
import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.model.MessageType;
import io.tickstore.store.pipeline.FrameCompletion;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cut is consistent while the DuckDB sink commits small batches at once (commit interval 0,
 * batches of 64) under ingest: the database copy holds exactly the messages up to its own applied
 * index, and the journal copy ends at the cut with every index from its cycle's start.
 */
class BackupCutTest {
    private static final int FRAME = 16;

    @TempDir
    Path dir;

    @Test
    void theDatabaseCopyHoldsExactlyItsAppliedIndexWhileTheSinkCommits() throws Exception {
        TickstoreConfig d = TickstoreConfig.defaults();
        TickstoreConfig config = d.withDataDir(dir.resolve("data"))
                .withPortfolio(d.portfolio().withSnapshotIntervalSeconds(0))
                .withWarm(d.warm().withCommitIntervalMillis(0).withMaxBatch(64)
                        .withYieldToIngestMb(0)); // the premise: the sink commits while ingest runs
        Path dest = dir.resolve("backup");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong journaled = new AtomicLong();
        BackupCut.Result cut;
        try (TickStore store = TickStore.open(config, new SimpleMeterRegistry())) {
            Thread feeder = new Thread(() -> feed(store, stop, journaled));
            feeder.start();
            try {
                // Journaled enough, and the sink has committed some of it (on a slow start it may not have yet):
                // the cut then lands between its commits.
                while (journaled.get() < 3_000 || store.warm().sink().appliedIndex() == Journal.NONE) {
                    Thread.sleep(5);
                }
                cut = BackupCut.take(store, config.dataDir(), config.lifecycle().coldDir(config.dataDir()), dest);
                long afterCut = journaled.get();
                while (journaled.get() < afterCut + 500) { // ingest went on
                    Thread.sleep(5);
                }
            } finally {
                stop.set(true);
                feeder.join(30_000);
            }
            assertTrue(store.awaitStored(60, TimeUnit.SECONDS));
            assertTrue(cut.appliedIndex() != Journal.NONE && cut.appliedIndex() <= cut.cutIndex(), cut.toString());

            // The messages up to the copy's applied index, and the cut, as the live journal holds them.
            long upToApplied = 0;
            long upToCut = 0;
            IngestMessage m = new IngestMessage();
            try (JournalCursor c = store.journal().cursorAfter(Journal.NONE)) {
                while (c.next(m) && c.index() <= cut.cutIndex()) {
                    upToCut++;
                    if (c.index() <= cut.appliedIndex()) {
                        upToApplied++;
                    }
                }
            }
            try (Connection db = DriverManager.getConnection("jdbc:duckdb:" + dest.resolve(BackupCut.DATABASE_FILE));
                 Statement s = db.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*), max(journal_index) FROM market_ticks")) {
                rs.next();
                assertEquals(upToApplied, rs.getLong(1), "rows in the copy vs messages up to its applied index");
                assertEquals(cut.appliedIndex(), rs.getLong(2));
            }
            assertEquals(upToCut, cut.journalMessages(), "the journal copy holds every message up to the cut");
            try (Journal copy = Journal.open(dest.resolve(BackupCut.JOURNAL_DIR), config.journal().rollCycle())) {
                assertEquals(cut.cutIndex(), copy.lastIndex());
                assertEquals(cut.journalFirst(), copy.firstIndex());
            }
        }
    }

    private static void feed(TickStore store, AtomicBoolean stop, AtomicLong journaled) {
        IngestMessage[] frame = new IngestMessage[FRAME];
        long seq = 1;
        long now = System.currentTimeMillis() * 1000;
        FrameCompletion done = new FrameCompletion() {
            @Override
            public void journaled(int accepted, int duplicates, long journalIndex) {
                journaled.addAndGet(accepted);
            }

            @Override
            public void rejected(MessageType type, String error) {
                throw new AssertionError(error);
            }

            @Override
            public void failed(String reason) {
                throw new AssertionError(reason);
            }
        };
        while (!stop.get()) {
            for (int i = 0; i < FRAME; i++) {
                IngestMessage m = new IngestMessage();
                m.type = MessageType.TICK;
                m.tick.exchange = "CUT";
                m.tick.symbol = "S";
                m.tick.timestamp = now + seq;
                m.tick.sequenceNumber = seq++;
                m.tick.bidPrice = 100_00000000L + seq;
                frame[i] = m;
            }
            while (!store.pipeline().tryPublish(frame, FRAME, done)) {
                Thread.onSpinWait();
            }
        }
    }
}

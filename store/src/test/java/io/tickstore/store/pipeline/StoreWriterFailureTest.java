package io.tickstore.store.pipeline;

import static io.tickstore.store.StoreFixture.awaitDrained;
import static io.tickstore.store.StoreFixture.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickstore.store.Eventually;
import io.tickstore.store.FrameOutcomes;
import io.tickstore.store.FrameOutcomes.Outcome;
import io.tickstore.store.SampleMessages;
import io.tickstore.store.StoreFixture;
import io.tickstore.store.TickStore;
import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.model.OrderStatus;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StoreWriterFailureTest {
    @TempDir
    Path dir;

    private static void execute(TickStore store, String sql) throws SQLException {
        store.readers().read(c -> {
            try (Statement s = c.createStatement()) {
                return s.execute(sql);
            }
        });
    }

    @Test
    void aFailedWriterStopsIngestAndARestartReplaysWhatWasAcked() throws Exception {
        FrameOutcomes outcomes = new FrameOutcomes();
        long ackedBeforeFailure;
        try (TickStore store = StoreFixture.open(dir)) {
            IngestPipeline pipeline = store.pipeline();
            assertTrue(pipeline.tryPublish(SampleMessages.ticks("NASDAQ", "AAPL", 1, 3), 3, outcomes.frame(0)));
            outcomes.await(1);
            awaitDrained(store);
            assertFalse(pipeline.health().failed());

            // The writer's table disappears under it: its next commit cannot append.
            execute(store, "ALTER TABLE market_ticks RENAME TO market_ticks_away");
            assertTrue(pipeline.tryPublish(SampleMessages.ticks("NASDAQ", "AAPL", 4, 2), 2, outcomes.frame(1)));
            Eventually.until(() -> pipeline.health().failed(), () -> "the writer to fail");
            String reason = pipeline.health().failure();
            assertNotNull(reason);
            assertTrue(reason.startsWith("store writer failed: "), reason);

            List<Outcome> first = outcomes.await(2);
            assertTrue(first.get(1).journaled(), "frame 1 was journaled before the writer met it");
            ackedBeforeFailure = first.get(1).journalIndex();
            long journalBefore = store.journal().lastIndex();
            assertEquals(ackedBeforeFailure, journalBefore);

            for (int f = 2; f < 5; f++) {
                assertTrue(pipeline.tryPublish(SampleMessages.ticks("NASDAQ", "AAPL", 10L * f, 2), 2, outcomes.frame(f)));
            }
            List<Outcome> all = outcomes.await(5);
            for (Outcome o : all.subList(2, 5)) {
                assertFalse(o.journaled(), "after the failure no frame is acked: " + o);
                assertTrue(o.failed().contains("store unavailable") && o.failed().contains(reason), o.failed());
            }
            assertEquals(journalBefore, store.journal().lastIndex(), "nothing journaled after the failure");
            assertTrue(store.pipeline().appliedIndex() < ackedBeforeFailure);

            execute(store, "ALTER TABLE market_ticks_away RENAME TO market_ticks");
        }
        try (TickStore store = StoreFixture.open(dir)) {
            assertEquals(2, store.replayedAtOpen(), "the acked frame that was not applied is replayed");
            assertFalse(store.pipeline().health().failed());
            assertEquals(5, count(store, "SELECT count(*) FROM market_ticks"));
            assertEquals(ackedBeforeFailure, store.pipeline().appliedIndex());
        }
    }

    @Test
    void closingAfterAFailedCommitLeaksNoRowsEvenWhileTheCauseRemains() throws Exception {
        FrameOutcomes outcomes = new FrameOutcomes();
        long appliedBefore;
        try (TickStore store = StoreFixture.open(dir)) {
            IngestPipeline pipeline = store.pipeline();
            assertTrue(pipeline.tryPublish(SampleMessages.ticks("NASDAQ", "AAPL", 1, 1), 1, outcomes.frame(0)));
            outcomes.await(1);
            awaitDrained(store);
            appliedBefore = pipeline.appliedIndex();

            execute(store, "ALTER TABLE market_ticks RENAME TO market_ticks_away");
            // ticks flush first and fail; the trade and order rows are still buffered in their appenders
            IngestMessage[] frame = {SampleMessages.tick("NASDAQ", "AAPL", 2),
                    SampleMessages.order("o-1", OrderStatus.SUBMITTED), SampleMessages.trade("t-1")};
            assertTrue(pipeline.tryPublish(frame, frame.length, outcomes.frame(1)));
            Eventually.until(() -> pipeline.health().failed(), () -> "the writer to fail");
            assertTrue(outcomes.await(2).get(1).journaled());
        } // closed while market_ticks is still missing
        try (DuckDBConnection db = (DuckDBConnection) DriverManager.getConnection(
                "jdbc:duckdb:" + dir.resolve(TickStore.DATABASE_FILE).toAbsolutePath());
             Statement s = db.createStatement()) {
            assertEquals(0, single(s, "SELECT count(*) FROM trades"), "no row of the failed batch was committed");
            assertEquals(0, single(s, "SELECT count(*) FROM orders"));
            assertEquals(1, single(s, "SELECT count(*) FROM market_ticks_away"));
            assertEquals(appliedBefore, single(s, "SELECT applied_index FROM journal_applied"));
            s.execute("ALTER TABLE market_ticks_away RENAME TO market_ticks");
        }
        try (TickStore store = StoreFixture.open(dir)) {
            assertEquals(4, store.replayedAtOpen(), "the tick, the order, the fill and the fill's effect on the order");
            assertEquals(2, count(store, "SELECT count(*) FROM market_ticks"));
            assertEquals(1, count(store, "SELECT count(*) FROM trades"));
            assertEquals(1, count(store, "SELECT count(*) FROM orders"));
        }
    }

    private static long single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

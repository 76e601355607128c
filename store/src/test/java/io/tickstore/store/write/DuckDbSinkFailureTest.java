package io.tickstore.store.write;

import static io.tickstore.store.StoreFixture.awaitDrained;
import static io.tickstore.store.StoreFixture.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickstore.store.Eventually;
import io.tickstore.store.FrameOutcomes;
import io.tickstore.store.FrameOutcomes.Outcome;
import io.tickstore.store.SampleMessages;
import io.tickstore.store.StoreFixture;
import io.tickstore.store.TickStore;
import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.model.OrderStatus;
import io.tickstore.store.pipeline.IngestPipeline;
import io.tickstore.store.sink.SinkState;
import io.tickstore.store.ticks.TickHistory;
import io.tickstore.store.read.TiersAnswered;
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

/**
 * DuckDB failing under the store: the DuckDB sink retries, ingest and queries go on from the hot tier,
 * and once DuckDB works again it catches up with every acked message exactly once.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DuckDbSinkFailureTest {
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
    void aFailingDuckDbNeitherStopsIngestNorQueriesAndCatchesUpOnceItWorksAgain() throws Exception {
        FrameOutcomes outcomes = new FrameOutcomes();
        try (TickStore store = StoreFixture.open(dir)) {
            IngestPipeline pipeline = store.pipeline();
            assertTrue(pipeline.tryPublish(SampleMessages.ticks("NASDAQ", "AAPL", 1, 3), 3, outcomes.frame(0)));
            outcomes.await(1);
            awaitDrained(store);

            // The sink's table disappears under it: its next batch cannot be stored.
            execute(store, "ALTER TABLE market_ticks RENAME TO market_ticks_away");
            long storedBefore = store.warm().sink().appliedIndex();
            for (int f = 1; f < 5; f++) {
                assertTrue(pipeline.tryPublish(SampleMessages.ticks("NASDAQ", "AAPL", 10L * f, 2), 2,
                        outcomes.frame(f)));
            }
            List<Outcome> all = outcomes.await(5);
            assertTrue(all.stream().allMatch(Outcome::journaled), "every frame is acked: " + all);
            Eventually.until(() -> store.warm().state() == SinkState.RETRYING, () -> "the DuckDB sink to retry");
            assertTrue(store.warm().status().reason().contains("market_ticks"), store.warm().status().reason());
            assertFalse(pipeline.health().failed(), "ingest goes on");
            assertEquals(storedBefore, store.warm().sink().appliedIndex());
            Eventually.until(pipeline::drained, () -> "the hot tier to apply every frame");

            // Queries see every acked tick from the hot tier meanwhile.
            TickHistory.Ticks ticks = new TickHistory.Ticks();
            store.read().ticks().read("NASDAQ", "AAPL", Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE,
                    100, ticks, new TiersAnswered());
            assertEquals(11, ticks.size);

            execute(store, "ALTER TABLE market_ticks_away RENAME TO market_ticks");
            awaitDrained(store);
            assertEquals(SinkState.RUNNING, store.warm().state());
            assertEquals(11, count(store, "SELECT count(*) FROM market_ticks"));
            assertEquals(11, count(store, "SELECT count(DISTINCT sequence_number) FROM market_ticks"));
            assertEquals(store.journal().lastIndex(), store.warm().sink().appliedIndex());
        }
    }

    @Test
    void closingWhileDuckDbFailsLeaksNoRowsAndARestartStoresTheRest() throws Exception {
        FrameOutcomes outcomes = new FrameOutcomes();
        long storedBefore;
        try (TickStore store = StoreFixture.open(dir)) {
            IngestPipeline pipeline = store.pipeline();
            assertTrue(pipeline.tryPublish(SampleMessages.ticks("NASDAQ", "AAPL", 1, 1), 1, outcomes.frame(0)));
            outcomes.await(1);
            awaitDrained(store);
            storedBefore = store.warm().sink().appliedIndex();

            execute(store, "ALTER TABLE market_ticks RENAME TO market_ticks_away");
            // ticks flush first and fail; the trade and order rows are still buffered in their appenders
            IngestMessage[] frame = {SampleMessages.tick("NASDAQ", "AAPL", 2),
                    SampleMessages.order("o-1", OrderStatus.SUBMITTED), SampleMessages.trade("t-1")};
            assertTrue(pipeline.tryPublish(frame, frame.length, outcomes.frame(1)));
            assertTrue(outcomes.await(2).get(1).journaled());
            Eventually.until(() -> store.warm().state() == SinkState.RETRYING, () -> "the DuckDB sink to retry");
        } // closed while market_ticks is still missing
        try (DuckDBConnection db = (DuckDBConnection) DriverManager.getConnection(
                "jdbc:duckdb:" + dir.resolve(TickStore.DATABASE_FILE).toAbsolutePath());
             Statement s = db.createStatement()) {
            assertEquals(0, single(s, "SELECT count(*) FROM trades"), "no row of the failed batch was committed");
            assertEquals(0, single(s, "SELECT count(*) FROM orders"));
            assertEquals(1, single(s, "SELECT count(*) FROM market_ticks_away"));
            assertEquals(storedBefore, single(s, "SELECT applied_index FROM journal_applied"));
            s.execute("ALTER TABLE market_ticks_away RENAME TO market_ticks");
        }
        try (TickStore store = StoreFixture.open(dir)) {
            assertEquals(4, store.replayedAtOpen(), "the tick, the order, the fill and the fill's effect on the order");
            awaitDrained(store);
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

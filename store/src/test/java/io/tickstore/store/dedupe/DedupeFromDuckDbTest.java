package io.tickstore.store.dedupe;

import static io.tickstore.store.dedupe.DedupeStates.assertSameState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstore.store.journal.Journal;
import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.OrderRecord;
import io.tickstore.store.model.OrderStatus;
import io.tickstore.store.schema.SchemaMigrator;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one-time migration, on a real DuckDB file shaped as older builds left it. */
class DedupeFromDuckDbTest {
    @TempDir
    Path dataDir;

    private final GapLog gapLog = new GapLog(10, new SimpleMeterRegistry());

    private Connection open() throws SQLException {
        return DriverManager.getConnection("jdbc:duckdb:" + dataDir.resolve("tickstore.duckdb").toAbsolutePath());
    }

    private static void insertRows(Connection db) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute("INSERT INTO market_ticks (exchange, symbol, timestamp, sequence_number, journal_index) "
                    + "SELECT 'NASDAQ', 'AAPL', TIMESTAMP '2024-01-02 14:30:00', i, i FROM range(1, 50001) t(i)");
            s.execute("INSERT INTO market_ticks (exchange, symbol, timestamp, sequence_number, journal_index) "
                    + "SELECT 'NYSE', 'IBM', TIMESTAMP '2024-01-02 14:30:00', i, i FROM range(0, 30000, 3) t(i)");
            s.execute("INSERT INTO market_ticks (exchange, symbol, timestamp, sequence_number, journal_index) VALUES "
                    + "('NYSE', 'BIG', TIMESTAMP '2024-01-02 14:30:00', 9223372036854775806, 1), "
                    + "('NYSE', 'BIG', TIMESTAMP '2024-01-02 14:30:00', 9223372036854775807, 2)");
            s.execute("INSERT INTO trades (trade_id, order_id, exchange, symbol, side, quantity, price, executed_at, "
                    + "journal_index) SELECT 't-' || i, 'o-submitted', 'NASDAQ', 'AAPL', 'buy', 1, 190, "
                    + "TIMESTAMP '2024-01-02 14:30:00', i FROM range(0, 5000) t(i)");
            for (OrderStatus status : OrderStatus.values()) {
                s.execute("INSERT INTO orders VALUES ('o-" + status.text() + "', 'c-" + status.text() + "', 'NASDAQ', "
                        + "'AAPL', 's1', 'buy', 'limit', 'gtc', 10.5, 190.12345678, NULL, '" + status.text() + "', 0, "
                        + "NULL, TIMESTAMP '2024-01-02 14:30:00.000001', TIMESTAMP '2024-01-02 14:30:00.000002', 7)");
            }
            s.execute("INSERT INTO orders VALUES ('o-bare', NULL, 'NYSE', 'IBM', NULL, 'sell', 'market', 'day', 1, "
                    + "NULL, NULL, 'pending', 0, NULL, TIMESTAMP '2024-01-02 14:30:00', TIMESTAMP '2024-01-02 14:30:00', 8)");
        }
    }

    @Test
    void buildsTheStateFromTheRowsOnceAndWritesTheFirstSnapshot() throws Exception {
        DedupeState migrated;
        try (Connection db = open()) {
            SchemaMigrator.migrate(db);
            insertRows(db);
            assertNull(DedupeSnapshot.load(dataDir, gapLog), "an older build's data directory has no snapshot");
            migrated = DedupeFromDuckDb.migrate(db, 42, dataDir, gapLog);
        }
        assertEquals(42, migrated.journalIndex(), "as of DuckDB's applied index: replay continues after it");
        assertEquals(42, migrated.snapshotIndex(), "and that is durable now");
        Deduplicator d = migrated.deduplicator();
        for (long seq = 0; seq <= 50_001; seq++) {
            assertEquals(seq >= 1 && seq <= 50_000, d.containsTick("NASDAQ", "AAPL", seq), "AAPL " + seq);
        }
        for (long seq = -1; seq <= 30_001; seq++) {
            assertEquals(seq >= 0 && seq % 3 == 0 && seq < 30_000, d.containsTick("NYSE", "IBM", seq), "IBM " + seq);
        }
        assertTrue(d.containsTick("NYSE", "BIG", Long.MAX_VALUE) && d.containsTick("NYSE", "BIG", Long.MAX_VALUE - 1));
        assertEquals(Long.MAX_VALUE, d.highestSequence("NYSE", "BIG"));
        assertEquals(5000, d.tradeIdCount());
        assertTrue(d.containsTrade("t-0") && d.containsTrade("t-4999") && !d.containsTrade("t-5000"));
        for (OrderStatus status : OrderStatus.values()) {
            OrderRecord o = migrated.orders().get("o-" + status.text());
            assertEquals(status, o.status);
            assertEquals(Decimal8.parse("190.12345678"), o.price);
            assertEquals("o-" + status.text(), migrated.orders().orderIdByClientOrderId("c-" + status.text()));
        }
        assertNull(migrated.orders().get("o-bare").clientOrderId);

        // The rows leave DuckDB (the lifecycle moves them out): the snapshot still knows them.
        try (Connection db = open(); Statement s = db.createStatement()) {
            s.execute("DELETE FROM market_ticks");
            s.execute("DELETE FROM trades");
            s.execute("DELETE FROM orders");
        }
        DedupeState loaded = DedupeSnapshot.load(dataDir, gapLog);
        assertSameState(migrated, loaded);
        assertTrue(loaded.deduplicator().containsTick("NASDAQ", "AAPL", 12_345), "a re-sent tick is still a duplicate");
        assertTrue(loaded.deduplicator().containsTrade("t-17"), "a re-sent trade too");
    }

    @Test
    void aNewDataDirectoryMigratesToAnEmptySnapshot() throws Exception {
        DedupeState migrated;
        try (Connection db = open()) {
            SchemaMigrator.migrate(db);
            migrated = DedupeFromDuckDb.migrate(db, Journal.NONE, dataDir, gapLog);
        }
        assertEquals(Journal.NONE, migrated.journalIndex());
        assertTrue(DedupeSnapshot.exists(dataDir));
        DedupeState loaded = DedupeSnapshot.load(dataDir, gapLog);
        assertSameState(migrated, loaded);
        assertFalse(loaded.deduplicator().containsTick("NASDAQ", "AAPL", 1));
    }
}

package io.tickstore.store.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickstore.store.SampleMessages;
import io.tickstore.store.journal.Journal;
import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.model.OrderStatus;
import io.tickstore.store.schema.SchemaMigrator;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbApplierTest {
    @TempDir
    Path dir;

    private DuckDBConnection db;

    @BeforeEach
    void openDatabase() throws SQLException {
        db = open();
        SchemaMigrator.migrate(db);
    }

    @AfterEach
    void closeDatabase() throws SQLException {
        if (db != null) {
            db.close();
        }
    }

    private DuckDBConnection open() throws SQLException {
        return (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("t.duckdb").toAbsolutePath());
    }

    private static long count(DuckDBConnection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long storedAppliedIndex(DuckDBConnection c) throws SQLException {
        return count(c, "SELECT applied_index FROM journal_applied WHERE id = 1");
    }

    @Test
    void freshStoreHasAppliedNothing() throws SQLException {
        try (DuckDbApplier applier = new DuckDbApplier(db)) {
            assertEquals(Journal.NONE, applier.appliedIndex());
            assertEquals(0, applier.pending());
        }
    }

    @Test
    void commitStoresRowsWithExactDecimalsAndTheAppliedIndex() throws SQLException {
        try (DuckDbApplier applier = new DuckDbApplier(db)) {
            applier.apply(SampleMessages.tick("NASDAQ", "AAPL", 1), 100);
            applier.apply(SampleMessages.bareTick("NASDAQ", "AAPL", 2), 101);
            applier.apply(SampleMessages.trade("t-1"), 102);
            applier.apply(SampleMessages.bareTrade("t-2"), 103);
            applier.apply(SampleMessages.order("o-1", OrderStatus.SUBMITTED), 104);
            assertEquals(5, applier.pending());
            assertEquals(Journal.NONE, applier.appliedIndex(), "nothing is applied before commit");
            applier.commit();
            assertEquals(0, applier.pending());
            assertEquals(104, applier.appliedIndex());
        }
        assertEquals(104, storedAppliedIndex(db));

        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT exchange, symbol, epoch_us(timestamp), bid_price, ask_price, "
                     + "bid_size, ask_size, last_price, last_size, volume, sequence_number, conditions, tape, "
                     + "journal_index FROM market_ticks ORDER BY sequence_number")) {
            assertTrue(rs.next());
            assertEquals("NASDAQ", rs.getString(1));
            assertEquals("AAPL", rs.getString(2));
            assertEquals(SampleMessages.T0 + 1, rs.getLong(3));
            assertEquals(new BigDecimal("189.98000001"), rs.getBigDecimal(4));
            assertEquals(new BigDecimal("190.01000000"), rs.getBigDecimal(5));
            assertEquals(new BigDecimal("300.00000000"), rs.getBigDecimal(6));
            assertEquals(new BigDecimal("0.00000001"), rs.getBigDecimal(7));
            assertEquals(new BigDecimal("190.00000001"), rs.getBigDecimal(8));
            assertEquals(new BigDecimal("100.00000000"), rs.getBigDecimal(9));
            assertEquals(new BigDecimal("9999999999.99999999"), rs.getBigDecimal(10));
            assertEquals(1, rs.getLong(11));
            assertEquals("@F", rs.getString(12));
            assertEquals("C", rs.getString(13));
            assertEquals(100, rs.getLong(14));
            assertTrue(rs.next());
            assertEquals(2, rs.getLong(11));
            assertNull(rs.getBigDecimal(4), "absent decimal is SQL NULL");
            assertNull(rs.getBigDecimal(10));
            assertNull(rs.getString(12));
            assertEquals(101, rs.getLong(14));
            assertFalse(rs.next());
        }
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT trade_id, order_id, side, quantity, price, epoch_us(executed_at), "
                     + "commission, fees, exchange_trade_id, liquidity, journal_index FROM trades ORDER BY trade_id")) {
            assertTrue(rs.next());
            assertEquals("t-1", rs.getString(1));
            assertEquals("o-1", rs.getString(2));
            assertEquals("buy", rs.getString(3));
            assertEquals(new BigDecimal("3.25000000"), rs.getBigDecimal(4));
            assertEquals(new BigDecimal("190.00000001"), rs.getBigDecimal(5));
            assertEquals(SampleMessages.T0 + 5, rs.getLong(6));
            assertEquals(new BigDecimal("0.01000000"), rs.getBigDecimal(7));
            assertEquals(new BigDecimal("0.00000003"), rs.getBigDecimal(8));
            assertEquals("x-t-1", rs.getString(9));
            assertEquals("maker", rs.getString(10));
            assertEquals(102, rs.getLong(11));
            assertTrue(rs.next());
            assertEquals("t-2", rs.getString(1));
            assertEquals("o-1", rs.getString(2), "the bare fill references o-1 too");
            assertNull(rs.getBigDecimal(7));
            assertNull(rs.getString(10));
            assertFalse(rs.next());
        }
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT order_id, client_order_id, side, order_type, time_in_force, "
                     + "quantity, price, stop_price, status, filled_quantity, average_fill_price, epoch_us(created_at), "
                     + "epoch_us(updated_at), journal_index FROM orders")) {
            assertTrue(rs.next());
            assertEquals("o-1", rs.getString(1));
            assertEquals("c-o-1", rs.getString(2));
            assertEquals("buy", rs.getString(3));
            assertEquals("limit", rs.getString(4));
            assertEquals("gtc", rs.getString(5));
            assertEquals(new BigDecimal("10.50000000"), rs.getBigDecimal(6));
            assertEquals(new BigDecimal("190.12345678"), rs.getBigDecimal(7));
            assertEquals(new BigDecimal("185.00000000"), rs.getBigDecimal(8));
            assertEquals("submitted", rs.getString(9));
            assertEquals(new BigDecimal("0E-8"), rs.getBigDecimal(10));
            assertNull(rs.getBigDecimal(11), "no fills yet: no average fill price");
            assertEquals(SampleMessages.T0, rs.getLong(12));
            assertEquals(SampleMessages.T0 + 1, rs.getLong(13));
            assertEquals(104, rs.getLong(14));
            assertFalse(rs.next());
        }
    }

    @Test
    void applyWithoutCommitThenCloseLeavesNothingBehind() throws SQLException {
        try (DuckDbApplier applier = new DuckDbApplier(db)) {
            applier.apply(SampleMessages.tick("NASDAQ", "AAPL", 1), 10);
            applier.commit();
        }
        DuckDbApplier applier = new DuckDbApplier(db);
        assertEquals(10, applier.appliedIndex());
        applier.apply(SampleMessages.tick("NASDAQ", "AAPL", 2), 11);
        applier.apply(SampleMessages.trade("t-1"), 12);
        applier.apply(SampleMessages.order("o-1", OrderStatus.PENDING), 13);
        applier.close();

        assertUnchangedAfterOneCommittedTick(db);
        db.close();
        db = open();
        assertUnchangedAfterOneCommittedTick(db);
    }

    @Test
    void moreRowsThanOneAppenderChunkStayInsideTheUncommittedTransaction() throws SQLException {
        try (DuckDbApplier applier = new DuckDbApplier(db)) {
            applier.apply(SampleMessages.tick("NASDAQ", "AAPL", 1), 10);
            applier.commit();
        }
        DuckDbApplier applier = new DuckDbApplier(db);
        int n = 5_000; // more than two of DuckDB's 2048-row chunks, so the appender flushes on its own
        for (int i = 0; i < n; i++) {
            applier.apply(SampleMessages.tick("NASDAQ", "AAPL", 2 + i), 11 + i);
            applier.apply(SampleMessages.bareTrade("t-" + i), 20_000 + i);
            applier.apply(SampleMessages.bareOrder("o-" + i, OrderStatus.PENDING), 40_000 + i);
        }
        assertEquals(3 * n, applier.pending());
        assertTrue(count(db, "SELECT count(*) FROM market_ticks") > 1,
                "premise: the appender flushed full chunks into the writer's open transaction");
        try (DuckDBConnection reader = db.duplicate()) {
            assertEquals(1, count(reader, "SELECT count(*) FROM market_ticks"), "a reader never sees the open batch");
        }
        applier.close();

        assertUnchangedAfterOneCommittedTick(db);
        db.close();
        db = open();
        assertUnchangedAfterOneCommittedTick(db);
    }

    @Test
    void largeBatchCommitsWhole() throws SQLException {
        int n = 5_000;
        try (DuckDbApplier applier = new DuckDbApplier(db)) {
            for (int i = 0; i < n; i++) {
                applier.apply(SampleMessages.tick("NASDAQ", "AAPL", i), i);
            }
            applier.commit();
        }
        assertEquals(n, count(db, "SELECT count(*) FROM market_ticks"));
        assertEquals(n, count(db, "SELECT count(DISTINCT sequence_number) FROM market_ticks"));
        assertEquals(n - 1, storedAppliedIndex(db));
    }

    private static void assertUnchangedAfterOneCommittedTick(DuckDBConnection c) throws SQLException {
        assertEquals(1, count(c, "SELECT count(*) FROM market_ticks"));
        assertEquals(0, count(c, "SELECT count(*) FROM trades"));
        assertEquals(0, count(c, "SELECT count(*) FROM orders"));
        assertEquals(10, storedAppliedIndex(c));
    }

    @Test
    void ordersUpsertByIdWithTheLatestJournalIndexWinningWithinABatch() throws SQLException {
        try (DuckDbApplier applier = new DuckDbApplier(db)) {
            applier.apply(SampleMessages.order("o-1", OrderStatus.PENDING), 1);
            applier.apply(SampleMessages.order("o-2", OrderStatus.PENDING), 2);
            applier.apply(SampleMessages.order("o-1", OrderStatus.SUBMITTED), 3);
            applier.apply(SampleMessages.order("o-1", OrderStatus.PARTIAL), 4);
            applier.commit();
        }
        assertEquals(2, count(db, "SELECT count(*) FROM orders"));
        assertOrder("o-1", "partial", 4);
        assertOrder("o-2", "pending", 2);
    }

    @Test
    void ordersUpsertByIdAcrossBatches() throws SQLException {
        try (DuckDbApplier applier = new DuckDbApplier(db)) {
            applier.apply(SampleMessages.order("o-1", OrderStatus.PENDING), 1);
            applier.commit();
            applier.apply(SampleMessages.order("o-1", OrderStatus.SUBMITTED), 2);
            applier.commit();
            applier.apply(SampleMessages.order("o-2", OrderStatus.PENDING), 3);
            applier.apply(SampleMessages.order("o-1", OrderStatus.FILLED), 4);
            applier.apply(SampleMessages.order("o-2", OrderStatus.CANCELLED), 5);
            applier.commit();
            assertEquals(5, applier.appliedIndex());
        }
        assertEquals(2, count(db, "SELECT count(*) FROM orders"));
        assertOrder("o-1", "filled", 4);
        assertOrder("o-2", "cancelled", 5);
        try (DuckDbApplier applier = new DuckDbApplier(db)) {
            applier.apply(SampleMessages.order("o-1", OrderStatus.CANCELLED), 6);
            applier.commit();
        }
        assertOrder("o-1", "cancelled", 6);
        assertEquals(0, count(db, "SELECT count(*) FROM temp.main.orders_stage"), "the stage is emptied per commit");
    }

    @Test
    void ordersUpsertWhenABatchHoldsMoreThanOneAppenderChunk() throws SQLException {
        OrderStatus[] progression = {OrderStatus.PENDING, OrderStatus.SUBMITTED, OrderStatus.PARTIAL};
        int ids = 1500;
        long index = 0;
        try (DuckDbApplier applier = new DuckDbApplier(db)) {
            applier.apply(SampleMessages.order("o-0", OrderStatus.PENDING), index++);
            applier.commit();
            for (OrderStatus status : progression) {
                for (int i = 0; i < ids; i++) {
                    applier.apply(SampleMessages.order("o-" + i, status), index++);
                }
            }
            applier.commit();
        }
        assertEquals(ids, count(db, "SELECT count(*) FROM orders"));
        assertEquals(ids, count(db, "SELECT count(*) FROM orders WHERE status = 'partial'"));
        assertOrder("o-0", "partial", 1 + 2L * ids);
        assertOrder("o-" + (ids - 1), "partial", index - 1);
    }

    private void assertOrder(String orderId, String status, long journalIndex) throws SQLException {
        try (var p = db.prepareStatement("SELECT status, journal_index FROM orders WHERE order_id = ?")) {
            p.setString(1, orderId);
            try (ResultSet rs = p.executeQuery()) {
                assertTrue(rs.next(), orderId);
                assertEquals(status, rs.getString(1), orderId);
                assertEquals(journalIndex, rs.getLong(2), orderId);
                assertFalse(rs.next());
            }
        }
    }

    @Test
    void commitWithNothingAppliedChangesNothing() throws SQLException {
        try (DuckDbApplier applier = new DuckDbApplier(db)) {
            applier.commit();
            assertEquals(Journal.NONE, applier.appliedIndex());
        }
        assertEquals(Journal.NONE, storedAppliedIndex(db));
    }

    @Test
    void reopenedApplierReadsTheCommittedIndex() throws SQLException {
        IngestMessage tick = SampleMessages.tick("NASDAQ", "AAPL", 1);
        try (DuckDbApplier applier = new DuckDbApplier(db)) {
            applier.apply(tick, 77);
            applier.commit();
        }
        try (DuckDbApplier applier = new DuckDbApplier(db)) {
            assertEquals(77, applier.appliedIndex());
        }
    }

    /**
     * feed_state, kept batch by batch (stored feeds updated, new ones appended), equals what the V5
     * migration derives from every stored tick: across batches, feeds new in a later batch, a reopened
     * applier (restored feeds are updated, not appended twice), late ticks and ticks with one side only.
     */
    @Test
    void feedStateEqualsTheStateDerivedFromEveryStoredTick() throws SQLException {
        long index = 1;
        try (DuckDbApplier applier = new DuckDbApplier(db)) {
            applier.apply(SampleMessages.tick("NASDAQ", "AAPL", 5), index++);
            applier.apply(SampleMessages.tick("NASDAQ", "MSFT", 3), index++);
            applier.commit();
            assertFeedStateDerivedFromTicks(2);
            applier.apply(SampleMessages.tick("NASDAQ", "AAPL", 9), index++);
            applier.apply(SampleMessages.tick("NASDAQ", "AAPL", 7), index++); // late: changes nothing
            applier.apply(SampleMessages.tick("NYSE", "IBM", 1), index++);
            applier.commit();
            assertFeedStateDerivedFromTicks(3);
        }
        try (DuckDbApplier applier = new DuckDbApplier(db)) {
            IngestMessage bidOnly = SampleMessages.bareTick("NASDAQ", "MSFT", 11);
            bidOnly.tick.bidPrice = 12_345_678_901L;
            bidOnly.tick.bidSize = 1;
            applier.apply(bidOnly, index++);
            applier.apply(SampleMessages.bareTick("NYSE", "IBM", 20), index++); // a newer tick time only
            applier.apply(SampleMessages.tick("ARCA", "SPY", 2), index++);
            applier.commit();
            assertFeedStateDerivedFromTicks(4);
            applier.commit(); // nothing applied: nothing changes
            assertFeedStateDerivedFromTicks(4);
        }
    }

    private void assertFeedStateDerivedFromTicks(int feeds) throws SQLException {
        String columns = "exchange, symbol, bid_price, bid_size, bid_time, bid_sequence, bid_journal_index, ask_price, "
                + "ask_size, ask_time, ask_sequence, ask_journal_index, last_price, last_size, last_time, last_sequence, "
                + "last_journal_index, latest_tick_time";
        String derived = "WITH k AS (SELECT *, {'t': epoch_us(timestamp), 's': sequence_number, 'j': journal_index} "
                + "AS key FROM market_ticks), latest AS (SELECT exchange, symbol, "
                + "arg_max(bid_price, key) FILTER (WHERE bid_price IS NOT NULL) AS bid_price, "
                + "arg_max(bid_size, key) FILTER (WHERE bid_price IS NOT NULL) AS bid_size, "
                + "max(key) FILTER (WHERE bid_price IS NOT NULL) AS bid_key, "
                + "arg_max(ask_price, key) FILTER (WHERE ask_price IS NOT NULL) AS ask_price, "
                + "arg_max(ask_size, key) FILTER (WHERE ask_price IS NOT NULL) AS ask_size, "
                + "max(key) FILTER (WHERE ask_price IS NOT NULL) AS ask_key, "
                + "arg_max(last_price, key) FILTER (WHERE last_price IS NOT NULL) AS last_price, "
                + "arg_max(last_size, key) FILTER (WHERE last_price IS NOT NULL) AS last_size, "
                + "max(key) FILTER (WHERE last_price IS NOT NULL) AS last_key, "
                + "max(timestamp) AS latest_tick_time FROM k GROUP BY exchange, symbol) "
                + "SELECT exchange, symbol, bid_price, bid_size, make_timestamp(bid_key.t), bid_key.s, bid_key.j, "
                + "ask_price, ask_size, make_timestamp(ask_key.t), ask_key.s, ask_key.j, "
                + "last_price, last_size, make_timestamp(last_key.t), last_key.s, last_key.j, latest_tick_time FROM latest";
        assertEquals(feeds, count(db, "SELECT count(*) FROM feed_state"));
        assertEquals(feeds, count(db, "SELECT count(DISTINCT (exchange, symbol)) FROM market_ticks"));
        assertEquals(0, count(db, "SELECT count(*) FROM ((SELECT " + columns + " FROM feed_state) "
                + "EXCEPT (" + derived + "))"), "feed_state rows the stored ticks do not derive");
        assertEquals(0, count(db, "SELECT count(*) FROM ((" + derived + ") EXCEPT (SELECT " + columns
                + " FROM feed_state))"), "derived rows feed_state does not hold");
    }
}

package io.tickstore.store.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaMigratorTest {
    private static final Set<String> TABLES = Set.of("market_ticks", "ohlcv_bars", "orders", "trades", "positions",
            "portfolio_snapshots", "system_metrics", "application_logs", "journal_applied", "schema_migrations");

    @TempDir
    Path dir;

    private Connection open() throws SQLException {
        return DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("t.duckdb").toAbsolutePath());
    }

    private static Set<String> tables(Connection c) throws SQLException {
        Set<String> out = new TreeSet<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Test
    void freshDatabaseGetsVersionOneAndEveryTable() throws SQLException {
        try (Connection c = open()) {
            assertEquals(List.of(1), SchemaMigrator.migrate(c));
            assertEquals(1, SchemaMigrator.currentVersion(c));
            assertEquals(new TreeSet<>(TABLES), tables(c));
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT applied_index FROM journal_applied WHERE id = 1")) {
                assertTrue(rs.next(), "journal_applied has its one row");
                assertEquals(-1L, rs.getLong(1), "nothing applied yet");
            }
        }
    }

    @Test
    void secondRunAppliesNothingAlsoAfterReopening() throws SQLException {
        try (Connection c = open()) {
            SchemaMigrator.migrate(c);
            assertEquals(List.of(), SchemaMigrator.migrate(c));
        }
        try (Connection c = open()) {
            assertEquals(List.of(), SchemaMigrator.migrate(c));
            assertEquals(1, SchemaMigrator.currentVersion(c));
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM schema_migrations")) {
                rs.next();
                assertEquals(1, rs.getInt(1));
            }
        }
    }

    @Test
    void databaseNewerThanThisBuildIsRefused() throws SQLException {
        try (Connection c = open()) {
            SchemaMigrator.migrate(c);
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO schema_migrations VALUES (2, 'from the future', now()::TIMESTAMP)");
            }
            SQLException e = assertThrows(SQLException.class, () -> SchemaMigrator.migrate(c));
            assertTrue(e.getMessage().contains("version 2"), e.getMessage());
            assertTrue(e.getMessage().contains("up to 1"), e.getMessage());
        }
    }

    @Test
    void pricesAndSizesAreDecimal18Comma8() throws SQLException {
        List<String> columns = List.of(
                "market_ticks.bid_price", "market_ticks.ask_price", "market_ticks.bid_size", "market_ticks.ask_size",
                "market_ticks.last_price", "market_ticks.last_size", "market_ticks.volume",
                "ohlcv_bars.open", "ohlcv_bars.high", "ohlcv_bars.low", "ohlcv_bars.close", "ohlcv_bars.vwap",
                "orders.quantity", "orders.price", "orders.stop_price", "orders.filled_quantity",
                "orders.average_fill_price",
                "trades.quantity", "trades.price", "trades.commission", "trades.fees",
                "positions.quantity", "positions.average_entry_price", "positions.realized_pnl",
                "positions.unrealized_pnl", "positions.market_value", "positions.last_price",
                "portfolio_snapshots.cash", "portfolio_snapshots.portfolio_value", "portfolio_snapshots.equity",
                "portfolio_snapshots.total_pnl", "portfolio_snapshots.daily_pnl", "portfolio_snapshots.max_drawdown");
        try (Connection c = open()) {
            SchemaMigrator.migrate(c);
            for (String column : columns) {
                String[] parts = column.split("\\.");
                try (var p = c.prepareStatement("SELECT data_type, numeric_precision, numeric_scale "
                        + "FROM information_schema.columns WHERE table_name = ? AND column_name = ?")) {
                    p.setString(1, parts[0]);
                    p.setString(2, parts[1]);
                    try (ResultSet rs = p.executeQuery()) {
                        assertTrue(rs.next(), column + " exists");
                        assertEquals("DECIMAL(18,8)", rs.getString(1), column);
                        assertEquals(18, rs.getInt(2), column);
                        assertEquals(8, rs.getInt(3), column);
                    }
                }
            }
        }
    }

    @Test
    void migrationsAreListedInVersionOrderFromOne() {
        for (int i = 0; i < SchemaMigrator.MIGRATIONS.size(); i++) {
            assertEquals(i + 1, SchemaMigrator.MIGRATIONS.get(i).version());
        }
    }
}

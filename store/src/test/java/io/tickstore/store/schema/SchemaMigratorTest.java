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
            "portfolio_snapshots", "system_metrics", "application_logs", "feed_state", "cold_partitions", "cold_files_retired", "cold_objects", "journal_applied", "schema_migrations",
            "position_snapshots", "portfolio_state");

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

    private static final int LATEST = SchemaMigrator.MIGRATIONS.get(SchemaMigrator.MIGRATIONS.size() - 1).version();

    private static List<Integer> allVersions() {
        return SchemaMigrator.MIGRATIONS.stream().map(Migration::version).toList();
    }

    @Test
    void freshDatabaseGetsEveryVersionAndEveryTable() throws SQLException {
        try (Connection c = open()) {
            assertEquals(allVersions(), SchemaMigrator.migrate(c));
            assertEquals(LATEST, SchemaMigrator.currentVersion(c));
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
            assertEquals(LATEST, SchemaMigrator.currentVersion(c));
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM schema_migrations")) {
                rs.next();
                assertEquals(SchemaMigrator.MIGRATIONS.size(), rs.getInt(1));
            }
        }
    }

    @Test
    void databaseNewerThanThisBuildIsRefused() throws SQLException {
        try (Connection c = open()) {
            SchemaMigrator.migrate(c);
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO schema_migrations VALUES (" + (LATEST + 1) + ", 'from the future', now()::TIMESTAMP)");
            }
            SQLException e = assertThrows(SQLException.class, () -> SchemaMigrator.migrate(c));
            assertTrue(e.getMessage().contains("version " + (LATEST + 1)), e.getMessage());
            assertTrue(e.getMessage().contains("up to " + LATEST), e.getMessage());
        }
    }

    @Test
    void pricesAndSizesAreDecimal18Comma8() throws SQLException {
        List<String> columns = List.of(
                "market_ticks.bid_price", "market_ticks.ask_price", "market_ticks.bid_size", "market_ticks.ask_size",
                "market_ticks.last_price", "market_ticks.last_size", "market_ticks.volume",
                "ohlcv_bars.open", "ohlcv_bars.high", "ohlcv_bars.low", "ohlcv_bars.close",
                "orders.quantity", "orders.price", "orders.stop_price", "orders.filled_quantity",
                "orders.average_fill_price",
                "trades.quantity", "trades.price", "trades.commission", "trades.fees",
                "positions.quantity", "positions.average_entry_price", "positions.last_fill_price",
                "position_snapshots.fill_quantity", "position_snapshots.fill_price", "position_snapshots.quantity",
                "position_snapshots.average_entry_price");
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
    void barSumsAreWideEnoughForDaysOfVolume() throws SQLException {
        try (Connection c = open()) {
            SchemaMigrator.migrate(c);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT column_name, data_type "
                    + "FROM information_schema.columns WHERE table_name = 'ohlcv_bars' "
                    + "AND column_name IN ('volume', 'price_volume') ORDER BY column_name")) {
                rs.next();
                assertEquals("DECIMAL(38,16)", rs.getString(2), "price_volume");
                rs.next();
                assertEquals("DECIMAL(38,8)", rs.getString(2), "volume");
            }
        }
    }

    @Test
    void moneyAmountsThatMultiplyPriceByQuantityKeepSixteenDecimals() throws SQLException {
        List<String> columns = List.of("positions.realized_pnl", "positions.fees", "position_snapshots.realized_pnl",
                "portfolio_snapshots.cash", "portfolio_snapshots.positions_value", "portfolio_snapshots.equity",
                "portfolio_snapshots.total_pnl", "portfolio_snapshots.daily_pnl", "portfolio_snapshots.peak_equity",
                "portfolio_snapshots.max_drawdown");
        try (Connection c = open()) {
            SchemaMigrator.migrate(c);
            for (String column : columns) {
                String[] parts = column.split("\\.");
                try (var p = c.prepareStatement("SELECT data_type FROM information_schema.columns "
                        + "WHERE table_name = ? AND column_name = ?")) {
                    p.setString(1, parts[0]);
                    p.setString(2, parts[1]);
                    try (ResultSet rs = p.executeQuery()) {
                        assertTrue(rs.next(), column + " exists");
                        assertEquals("DECIMAL(38,16)", rs.getString(1), column);
                    }
                }
            }
        }
    }

    @Test
    void version2BuildsBarsForTicksStoredUnderVersion1() throws Exception {
        try (Connection c = open(); Statement s = c.createStatement()) {
            // A database as version 1 left it, with ticks in it.
            try (var in = SchemaMigrator.class.getClassLoader().getResourceAsStream("db/migration/V1__initial_schema.sql")) {
                s.execute(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
            s.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description VARCHAR NOT NULL, "
                    + "applied_at TIMESTAMP NOT NULL)");
            s.execute("INSERT INTO schema_migrations VALUES (1, 'initial schema', now()::TIMESTAMP)");
            s.execute("INSERT INTO market_ticks (exchange, symbol, timestamp, last_price, last_size, sequence_number, "
                    + "journal_index) VALUES ('X', 'S', '2024-01-02 09:30:10', 100.5, 2, 1, 10), "
                    + "('X', 'S', '2024-01-02 09:30:10', 101, 1, 0, 11), ('X', 'S', '2024-01-02 09:31:00', 99, 3, 2, 12), "
                    + "('X', 'S', '2024-01-02 09:31:30', NULL, NULL, 3, 13)");
            assertEquals(allVersions().subList(1, allVersions().size()), SchemaMigrator.migrate(c));
            try (ResultSet rs = s.executeQuery("SELECT open::VARCHAR, high::VARCHAR, low::VARCHAR, close::VARCHAR, "
                    + "volume::VARCHAR, trade_count, price_volume::VARCHAR FROM ohlcv_bars "
                    + "WHERE timeframe = '1m' ORDER BY bucket_start")) {
                rs.next(); // same timestamp: sequence 0 (price 101) opens, sequence 1 (100.5) closes
                assertEquals(List.of("101.00000000", "101.00000000", "100.50000000", "100.50000000", "3.00000000", 2L,
                        "302.0000000000000000"), row(rs));
                rs.next();
                assertEquals(List.of("99.00000000", "99.00000000", "99.00000000", "99.00000000", "3.00000000", 1L,
                        "297.0000000000000000"), row(rs));
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM ohlcv_bars")) {
                rs.next();
                assertEquals(6, rs.getInt(1), "two 1m bars and one bar of each longer timeframe");
            }
        }
    }

    private static List<Object> row(ResultSet rs) throws SQLException {
        return List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getLong(6),
                rs.getString(7));
    }

    @Test
    void migrationsAreListedInVersionOrderFromOne() {
        for (int i = 0; i < SchemaMigrator.MIGRATIONS.size(); i++) {
            assertEquals(i + 1, SchemaMigrator.MIGRATIONS.get(i).version());
        }
    }
}

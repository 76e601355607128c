package io.tickstore.store.positions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.Side;
import io.tickstore.store.model.TradeRecord;
import io.tickstore.store.schema.SchemaMigrator;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cash, equity, PnL, drawdown and the snapshot schedule, hand-computed, with explicit times. */
class PortfolioTest {
    private static final long DAY = 86_400_000_000L;
    private static final long MIDNIGHT = 19_724 * DAY; // 2024-01-02T00:00:00Z

    @TempDir
    Path dir;

    private static TradeRecord fill(String id, Side side, String qty, String price, String fees) {
        TradeRecord t = new TradeRecord();
        t.tradeId = id;
        t.exchange = "X";
        t.symbol = "AAA";
        t.side = side;
        t.quantity = Decimal8.parse(qty);
        t.price = Decimal8.parse(price);
        t.fees = fees == null ? Decimal8.NULL : Decimal8.parse(fees);
        t.executedAt = MIDNIGHT;
        return t;
    }

    /** Appends the rows taken to the table; whether any was. */
    private static boolean taken(List<PortfolioSnapshot> rows, DuckDBAppender snapshots) throws java.sql.SQLException {
        for (PortfolioSnapshot row : rows) {
            Portfolio.append(snapshots, row);
        }
        return !rows.isEmpty();
    }

    @Test
    void snapshotsValuePositionsAtTheLatestPriceAndTrackDrawdown() throws Exception {
        try (DuckDBConnection db = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("p.duckdb"))) {
            SchemaMigrator.migrate(db);
            Portfolio portfolio = new Portfolio(new BigDecimal("1000"), 3600);
            PositionBook positions = new PositionBook();
            Map<String, Long> price = new HashMap<>();
            List<String> taken = new ArrayList<>();
            try (DuckDBAppender history = db.createAppender("main", "position_snapshots");
                 DuckDBAppender snapshots = db.createAppender("main", "portfolio_snapshots")) {
                TradeRecord buy = fill("t1", Side.BUY, "10", "5", "0.1");
                PositionBook.appendChange(history, positions.onFill(buy, 1));
                portfolio.onFill(buy);
                assertEquals(new BigDecimal("949.9").setScale(16), portfolio.cash(), "1000 - 10 x 5 - 0.1");

                // The first mark (journaled at the first boundary after start) takes that boundary's snapshot.
                price.put("AAA", Decimal8.parse("6"));
                assertTrue(taken(portfolio.snapshotIfDue(MIDNIGHT + 3600_000_000L + 5, positions, (e, s) -> price.get(s)), snapshots));
                assertFalse(taken(portfolio.snapshotIfDue(MIDNIGHT + 3600_000_000L + 10, positions, (e, s) -> price.get(s)), snapshots),
                        "nothing more is due before the next boundary");
                price.put("AAA", Decimal8.parse("4"));
                assertTrue(taken(portfolio.snapshotIfDue(MIDNIGHT + 2 * 3600_000_000L, positions, (e, s) -> price.get(s)), snapshots));
                // Sell half at 4.5: cash + 22.5; the rest valued at 4.5 at midnight (eod).
                TradeRecord sell = fill("t2", Side.SELL, "5", "4.5", null);
                PositionBook.appendChange(history, positions.onFill(sell, 2));
                portfolio.onFill(sell);
                price.put("AAA", Decimal8.parse("4.5"));
                assertTrue(taken(portfolio.snapshotIfDue(MIDNIGHT + DAY, positions, (e, s) -> price.get(s)), snapshots));
                // Next day, the hour after midnight: daily PnL counts from the eod equity.
                price.put("AAA", Decimal8.parse("5"));
                assertTrue(taken(portfolio.snapshotIfDue(MIDNIGHT + DAY + 3600_000_000L, positions, (e, s) -> price.get(s)), snapshots));
            }
            try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT epoch_us(snapshot_time) - "
                    + MIDNIGHT + ", snapshot_type, cash, positions_value, equity, total_pnl, daily_pnl, open_positions, "
                    + "long_positions, peak_equity, max_drawdown FROM portfolio_snapshots ORDER BY snapshot_time")) {
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= 11; i++) {
                        Object v = rs.getObject(i);
                        row.append(v instanceof BigDecimal b ? b.stripTrailingZeros().toPlainString() : v).append(' ');
                    }
                    taken.add(row.toString().trim());
                }
            }
            assertEquals(List.of(
                    // equity 949.9 + 60 = 1009.9; first peak
                    "3600000000 intraday 949.9 60 1009.9 9.9 9.9 1 1 1009.9 0",
                    // 949.9 + 40 = 989.9: 20 below the peak
                    "7200000000 intraday 949.9 40 989.9 -10.1 -10.1 1 1 1009.9 20",
                    // cash 949.9 + 22.5 = 972.4; 5 x 4.5 = 22.5; equity 994.9
                    "86400000000 eod 972.4 22.5 994.9 -5.1 -5.1 1 1 1009.9 20",
                    // 5 x 5 = 25; equity 997.4; daily from the eod's 994.9
                    "90000000000 intraday 972.4 25 997.4 -2.6 2.5 1 1 1009.9 20"), taken);
        }
    }

    @Test
    void aLateCheckLabelsTheLatestBoundaryAndNeverSkipsAMidnight() throws Exception {
        try (DuckDBConnection db = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("q.duckdb"))) {
            SchemaMigrator.migrate(db);
            Portfolio portfolio = new Portfolio(new BigDecimal("100"), 3600);
            PositionBook positions = new PositionBook();
            try (DuckDBAppender snapshots = db.createAppender("main", "portfolio_snapshots")) {
                assertTrue(taken(portfolio.snapshotIfDue(MIDNIGHT + 3600_000_000L, positions, (e, s) -> null), snapshots));
                // Nothing checks until 02:30 the next day (idle, or busy): eod at midnight, then 02:00.
                assertTrue(taken(portfolio.snapshotIfDue(MIDNIGHT + DAY + 9_000_000_000L, positions, (e, s) -> null), snapshots));
                assertFalse(taken(portfolio.snapshotIfDue(MIDNIGHT + DAY + 9_000_000_001L, positions, (e, s) -> null), snapshots));
            }
            try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT epoch_us(snapshot_time) - "
                    + MIDNIGHT + ", snapshot_type FROM portfolio_snapshots ORDER BY snapshot_time")) {
                List<String> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(rs.getLong(1) + " " + rs.getString(2));
                }
                assertEquals(List.of(3_600_000_000L + " intraday", DAY + " eod", (DAY + 7_200_000_000L) + " intraday"),
                        rows);
            }
        }
    }

    @Test
    void theIntervalGridRestartsAtEachUtcMidnight() {
        Portfolio p = new Portfolio(BigDecimal.ZERO, 7 * 3600); // 7 h does not divide a day
        assertEquals(MIDNIGHT + 7 * 3600_000_000L, p.nextBoundaryAfter(MIDNIGHT));
        assertEquals(MIDNIGHT + 21 * 3600_000_000L, p.nextBoundaryAfter(MIDNIGHT + 14 * 3600_000_000L));
        assertEquals(MIDNIGHT + DAY, p.nextBoundaryAfter(MIDNIGHT + 21 * 3600_000_000L), "then midnight (eod)");
        assertEquals(MIDNIGHT + DAY + 7 * 3600_000_000L, p.nextBoundaryAfter(MIDNIGHT + DAY));
    }
}

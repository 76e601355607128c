package io.tickstore.store.write;

import io.tickstore.store.bars.BarBook;
import io.tickstore.store.model.Decimal8;
import io.tickstore.store.positions.Portfolio;
import io.tickstore.store.positions.PositionBook;
import io.tickstore.store.quotes.LatestQuotes;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads back the small state the DuckDB sink keeps beside its rows — {@code feed_state} (a row per
 * feed), {@code positions}, {@code portfolio_state} and the last portfolio snapshot — into a tier's
 * in-memory state at start-up: the sink's own, and the hot tier's before it replays the journal tail.
 * Nothing here scans the stored ticks or fills, so start-up does not grow with them.
 */
public final class StoredState {
    private static final String FEEDS = "SELECT exchange, symbol, "
            + "bid_price, bid_size, epoch_us(bid_time), bid_sequence, bid_journal_index, "
            + "ask_price, ask_size, epoch_us(ask_time), ask_sequence, ask_journal_index, "
            + "last_price, last_size, epoch_us(last_time), last_sequence, last_journal_index, "
            + "epoch_us(latest_tick_time) FROM feed_state";

    private StoredState() {
    }

    /** A stored feed's latest tick time and latest trade time ({@code Long.MIN_VALUE}: it never traded). */
    public record FeedTimes(String exchange, String symbol, long latestTick, long latestTrade) {
    }

    /** Every stored feed's latest times. */
    public static List<FeedTimes> feeds(Connection c) throws SQLException {
        List<FeedTimes> out = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT exchange, symbol, epoch_us(latest_tick_time), epoch_us(last_time) "
                     + "FROM feed_state")) {
            while (rs.next()) {
                long trade = rs.getLong(4);
                out.add(new FeedTimes(rs.getString(1), rs.getString(2), rs.getLong(3),
                        rs.wasNull() ? Long.MIN_VALUE : trade));
            }
        }
        return out;
    }

    /** The bars' latest trade time per feed (which decides completeness). */
    public static void restoreLatestTradeTimes(Connection c, BarBook bars) throws SQLException {
        for (FeedTimes f : feeds(c)) {
            if (f.latestTrade() != Long.MIN_VALUE) {
                bars.restoreLatestTradeTime(f.exchange(), f.symbol(), f.latestTrade());
            }
        }
    }

    /** Quotes (into the pending state: publish them to make them visible), positions and portfolio. */
    public static void restore(Connection c, LatestQuotes quotes, PositionBook positions, Portfolio portfolio,
                               BigDecimal startingCash) throws SQLException {
        restoreQuotes(c, quotes);
        restorePositions(c, positions);
        restorePortfolio(c, portfolio, startingCash);
    }

    private static void restoreQuotes(Connection c, LatestQuotes quotes) throws SQLException {
        LatestQuotes.Side[] sides = LatestQuotes.Side.values();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(FEEDS)) {
            while (rs.next()) {
                String exchange = rs.getString(1);
                String symbol = rs.getString(2);
                for (int i = 0; i < sides.length; i++) {
                    int col = 3 + i * 5;
                    BigDecimal price = rs.getBigDecimal(col);
                    if (price == null) {
                        continue;
                    }
                    quotes.restore(exchange, symbol, sides[i], Decimal8.fromBigDecimal(price),
                            Decimal8.fromNullable(rs.getBigDecimal(col + 1)), rs.getLong(col + 2), rs.getLong(col + 3),
                            rs.getLong(col + 4));
                }
                quotes.restoreLatestTime(exchange, symbol, rs.getLong(18));
            }
        }
    }

    private static void restorePositions(Connection c, PositionBook positions) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT exchange, symbol, strategy_id, "
                + "quantity, average_entry_price, realized_pnl, fees, fill_count, last_fill_price, epoch_us(updated_at), "
                + "journal_index FROM positions")) {
            while (rs.next()) {
                positions.restore(rs.getString(1), rs.getString(2), rs.getString(3),
                        Decimal8.fromNullable(rs.getBigDecimal(4)), Decimal8.fromNullable(rs.getBigDecimal(5)),
                        rs.getBigDecimal(6), rs.getBigDecimal(7), rs.getLong(8),
                        Decimal8.fromNullable(rs.getBigDecimal(9)), rs.getLong(10), rs.getLong(11));
            }
        }
    }

    private static void restorePortfolio(Connection c, Portfolio portfolio, BigDecimal startingCash)
            throws SQLException {
        BigDecimal flows;
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT cash_flows FROM portfolio_state WHERE id = 1")) {
            if (!rs.next()) {
                throw new SQLException("portfolio_state row missing: the schema was not migrated");
            }
            flows = rs.getBigDecimal(1);
        }
        Long last = null;
        BigDecimal lastEod = null;
        BigDecimal peak = null;
        BigDecimal drawdown = null;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT epoch_us(snapshot_time), "
                + "peak_equity, max_drawdown, (SELECT equity FROM portfolio_snapshots WHERE snapshot_type = 'eod' "
                + "ORDER BY snapshot_time DESC LIMIT 1) FROM portfolio_snapshots ORDER BY snapshot_time DESC LIMIT 1")) {
            if (rs.next()) {
                last = rs.getLong(1);
                peak = rs.getBigDecimal(2);
                drawdown = rs.getBigDecimal(3);
                lastEod = rs.getBigDecimal(4);
            }
        }
        portfolio.restore(startingCash.add(flows), last, lastEod, peak, drawdown);
    }
}

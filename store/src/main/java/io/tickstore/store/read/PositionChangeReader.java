package io.tickstore.store.read;

import io.tickstore.store.hot.UnstoredLog;
import io.tickstore.store.model.Decimal8;
import io.tickstore.store.positions.PositionChange;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;

/** Position history (the position after each fill), from DuckDB and the hot tier ({@link MergedRows}). Worker threads. */
public final class PositionChangeReader {
    private static final String SELECT = "SELECT exchange, symbol, strategy_id, epoch_us(time), trade_id, fill_side, "
            + "fill_quantity, fill_price, side, quantity, average_entry_price, realized_pnl, journal_index "
            + "FROM position_snapshots";
    private static final Comparator<UnstoredLog.Entry<PositionChange>> ORDER =
            Comparator.<UnstoredLog.Entry<PositionChange>>comparingLong(e -> e.row().time())
                    .thenComparingLong(UnstoredLog.Entry::journalIndex);

    private final MergedRows<PositionChange> rows;

    /** {@code earliest}: where hybrid reads split a range ({@link HistoryTable#POSITION_SNAPSHOTS}). */
    public PositionChangeReader(UnstoredLog<PositionChange> hot, ReaderPool pool, EarliestLocal earliest) {
        this.rows = new MergedRows<>(pool, hot, HistoryTable.POSITION_SNAPSHOTS, PositionChange::time, earliest,
                SELECT, "time, journal_index", rs -> {
            long index = rs.getLong(13);
            return new UnstoredLog.Entry<>(index, new PositionChange(rs.getString(1), rs.getString(2),
                    rs.getString(3), rs.getLong(4), rs.getString(5), rs.getString(6),
                    Decimal8.fromNullable(rs.getBigDecimal(7)), Decimal8.fromNullable(rs.getBigDecimal(8)),
                    rs.getString(9), Decimal8.fromNullable(rs.getBigDecimal(10)),
                    Decimal8.fromNullable(rs.getBigDecimal(11)), rs.getBigDecimal(12), index));
        }, ORDER, null);
    }

    /** Changes matching {@code q}, in (time, journal_index) order, at most {@code max}; their tiers added to {@code answered}. */
    public List<PositionChange> page(Query q, int max, TiersAnswered answered) throws SQLException {
        return rows.page(q.where(), e -> q.matches(e.row()), q.start(), q.to(), max, answered).stream()
                .map(UnstoredLog.Entry::row).toList();
    }

    /** Answers the part of ranges before the local tiers' earliest change from {@code older} (null: nowhere). */
    void olderFrom(OlderHistory older) {
        rows.olderFrom(older);
    }

    /**
     * What to list: time (the fill's executed_at) in [from, to), optionally of one exchange, symbol and
     * strategy, after the cursor (time, journal_index) if {@code hasCursor}.
     */
    public record Query(String exchange, String symbol, String strategyId, long from, long to, boolean hasCursor,
                        long afterTime, long afterIndex) {
        WhereClause where() {
            WhereClause w = new WhereClause()
                    .timeWithin("time", from, to)
                    .equal("exchange", exchange)
                    .equal("symbol", symbol)
                    .equal("strategy_id", strategyId);
            if (hasCursor) {
                w.after("time", afterTime, "journal_index", afterIndex);
            }
            return w;
        }

        /** The earliest time a row of the page can have. */
        long start() {
            return hasCursor ? Math.max(from, afterTime) : from;
        }

        boolean matches(PositionChange c) {
            return c.time() >= from && c.time() < to
                    && (exchange == null || exchange.equals(c.exchange()))
                    && (symbol == null || symbol.equals(c.symbol()))
                    && (strategyId == null || strategyId.equals(c.strategyId()))
                    && (!hasCursor || c.time() > afterTime
                    || (c.time() == afterTime && c.journalIndex() > afterIndex));
        }
    }
}

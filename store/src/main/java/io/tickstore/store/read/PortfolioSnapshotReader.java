package io.tickstore.store.read;

import io.tickstore.store.hot.UnstoredLog;
import io.tickstore.store.positions.PortfolioSnapshot;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;

/** Portfolio snapshots, from DuckDB and the hot tier ({@link MergedRows}). Worker threads. */
public final class PortfolioSnapshotReader {
    private static final String SELECT = "SELECT epoch_us(snapshot_time), snapshot_type, cash, positions_value, "
            + "equity, total_pnl, daily_pnl, open_positions, long_positions, short_positions, peak_equity, "
            + "max_drawdown FROM portfolio_snapshots";
    private static final Comparator<UnstoredLog.Entry<PortfolioSnapshot>> ORDER =
            Comparator.<UnstoredLog.Entry<PortfolioSnapshot>>comparingLong(e -> e.row().time())
                    .thenComparing(e -> e.row().type());

    private final MergedRows<PortfolioSnapshot> rows;

    /** {@code earliest}: where hybrid reads split a range ({@link HistoryTable#PORTFOLIO_SNAPSHOTS}). */
    public PortfolioSnapshotReader(UnstoredLog<PortfolioSnapshot> hot, ReaderPool pool, EarliestLocal earliest) {
        // (snapshot_time, snapshot_type) is the key; the table has no journal index (none is needed: the
        // hot tier's rows are told apart by theirs).
        this.rows = new MergedRows<>(pool, hot, HistoryTable.PORTFOLIO_SNAPSHOTS, PortfolioSnapshot::time, earliest,
                SELECT, "snapshot_time, snapshot_type",
                rs -> new UnstoredLog.Entry<>(-1, new PortfolioSnapshot(rs.getLong(1), rs.getString(2),
                        rs.getBigDecimal(3), rs.getBigDecimal(4), rs.getBigDecimal(5), rs.getBigDecimal(6),
                        rs.getBigDecimal(7), rs.getInt(8), rs.getInt(9), rs.getInt(10), rs.getBigDecimal(11),
                        rs.getBigDecimal(12))),
                ORDER, s -> s.time() + "/" + s.type());
    }

    /** Snapshots matching {@code q}, in (snapshot_time, snapshot_type) order, at most {@code max}; their tiers added to {@code answered}. */
    public List<PortfolioSnapshot> page(Query q, int max, TiersAnswered answered) throws SQLException {
        return rows.page(q.where(), e -> q.matches(e.row()), q.start(), q.to(), max, answered).stream()
                .map(UnstoredLog.Entry::row).toList();
    }

    /** Answers the part of ranges before the local tiers' earliest snapshot from {@code older} (null: nowhere). */
    void olderFrom(OlderHistory older) {
        rows.olderFrom(older);
    }

    /** What to list: snapshot_time in [from, to), optionally one type, after the cursor (time, type) if given. */
    public record Query(long from, long to, String type, long afterTime, String afterType) {
        WhereClause where() {
            WhereClause w = new WhereClause()
                    .timeWithin("snapshot_time", from, to)
                    .equal("snapshot_type", type);
            if (afterType != null) {
                w.after("snapshot_time", afterTime, "snapshot_type", afterType);
            }
            return w;
        }

        /** The earliest snapshot_time a row of the page can have. */
        long start() {
            return afterType != null ? Math.max(from, afterTime) : from;
        }

        boolean matches(PortfolioSnapshot s) {
            return s.time() >= from && s.time() < to
                    && (type == null || type.equals(s.type()))
                    && (afterType == null || s.time() > afterTime
                    || (s.time() == afterTime && s.type().compareTo(afterType) > 0));
        }
    }
}

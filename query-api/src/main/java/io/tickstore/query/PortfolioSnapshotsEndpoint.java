package io.tickstore.query;

import io.tickstore.config.QueryConfig;
import io.tickstore.store.read.ReaderPool;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;

/**
 * {@code GET /api/v1/portfolio/snapshots?from=&to=&type=&limit=&cursor=}: portfolio snapshots whose
 * {@code snapshot_time} is in [from, to), optionally of one type ({@code intraday} or {@code eod}),
 * in ascending (snapshot_time, snapshot_type), paged by cursor.
 */
final class PortfolioSnapshotsEndpoint {
    static final String PATH = "/api/v1/portfolio/snapshots";
    private static final Set<String> PARAMS = Set.of("from", "to", "type", "limit", "cursor");
    private static final Set<String> TYPES = Set.of("intraday", "eod");
    private static final String COLUMNS = "SELECT epoch_us(snapshot_time), snapshot_type, cash, positions_value, "
            + "equity, total_pnl, daily_pnl, open_positions, long_positions, short_positions, peak_equity, "
            + "max_drawdown FROM portfolio_snapshots";

    private final QueryConfig config;

    PortfolioSnapshotsEndpoint(QueryConfig config) {
        this.config = config;
    }

    static Set<String> params() {
        return PARAMS;
    }

    /** Validates the parameters; throws before any reader is borrowed. */
    Request parse(QueryParams p) throws BadParameter {
        QueryParams.TimeRange range = p.range();
        long from = range.from();
        long to = range.to();
        String given = p.optionalText("type");
        String type = given == null ? null : given.toLowerCase(Locale.ROOT);
        if (type != null && !TYPES.contains(type)) {
            throw new BadParameter("type", "expected intraday or eod, got \"" + QueryParams.shorten(given) + "\"");
        }
        int limit = p.integer("limit", config.defaultLimit(), 1, config.maxLimit());
        String cursor = p.optionalText("cursor", 512);
        PageCursor.TimeAndText after = cursor == null ? null : PageCursor.timeAndWord(cursor, TYPES);
        WhereClause where = new WhereClause()
                .and("snapshot_time >= make_timestamp(?) AND snapshot_time < make_timestamp(?)", from, to)
                .equal("snapshot_type", type);
        if (after != null) {
            where.and("(snapshot_time > make_timestamp(?) "
                    + "OR (snapshot_time = make_timestamp(?) AND snapshot_type > ?))", after.time(), after.time(),
                    after.text());
        }
        return new Request(where, limit);
    }

    /** Worker thread: {@code {"snapshots":[…],"count":N,"next_cursor":…}}. */
    String run(ReaderPool readers, Request r) throws SQLException {
        String sql = COLUMNS + r.where.text() + " ORDER BY snapshot_time, snapshot_type LIMIT ?";
        return readers.read(c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setQueryTimeout(readers.queryTimeoutSeconds());
                s.setLong(r.where.bind(s, 1), r.limit + 1L);
                StringBuilder out = new StringBuilder(64 + Math.min(r.limit, 1000) * 400).append("{\"snapshots\":[");
                int n = 0;
                String next = null;
                String last = null;
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        if (n == r.limit) {
                            next = last;
                            break;
                        }
                        PortfolioSnapshot snapshot = new PortfolioSnapshot(rs.getLong(1), rs.getString(2),
                                rs.getBigDecimal(3), rs.getBigDecimal(4), rs.getBigDecimal(5), rs.getBigDecimal(6),
                                rs.getBigDecimal(7), rs.getInt(8), rs.getInt(9), rs.getInt(10), rs.getBigDecimal(11),
                                rs.getBigDecimal(12));
                        if (n++ > 0) {
                            out.append(',');
                        }
                        MarketJson.portfolioSnapshot(out, snapshot);
                        last = PageCursor.ofWord(snapshot.time(), snapshot.type());
                    }
                }
                return JsonText.endList(out, n, next);
            }
        });
    }

    record Request(WhereClause where, int limit) {
    }
}

package io.tickstore.query;

import io.tickstore.config.QueryConfig;
import io.tickstore.store.model.Decimal8;
import io.tickstore.store.read.ReaderPool;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;

/**
 * {@code GET /api/v1/positions/history?exchange=&symbol=&strategy_id=&from=&to=&limit=&cursor=}: the
 * position after each fill ({@code position_snapshots}) whose {@code time} (the fill's executed_at)
 * is in [from, to), in ascending (time, journal_index), paged by cursor.
 */
final class PositionHistoryEndpoint {
    static final String PATH = "/api/v1/positions/history";
    private static final Set<String> PARAMS =
            Set.of("exchange", "symbol", "strategy_id", "from", "to", "limit", "cursor");
    private static final String COLUMNS = "SELECT exchange, symbol, strategy_id, epoch_us(time), trade_id, fill_side, "
            + "fill_quantity, fill_price, side, quantity, average_entry_price, realized_pnl, journal_index "
            + "FROM position_snapshots";

    private final QueryConfig config;

    PositionHistoryEndpoint(QueryConfig config) {
        this.config = config;
    }

    static Set<String> params() {
        return PARAMS;
    }

    /** Validates the parameters; throws before any reader is borrowed. */
    Request parse(QueryParams p) throws BadParameter {
        String exchange = p.optionalText("exchange");
        String symbol = p.optionalText("symbol");
        String strategy = p.optionalTextOrEmpty("strategy_id");
        QueryParams.TimeRange range = p.range();
        long from = range.from();
        long to = range.to();
        int limit = p.integer("limit", config.defaultLimit(), 1, config.maxLimit());
        String cursor = p.optionalText("cursor", 512);
        PageCursor.TimeAndNumber after = cursor == null ? null : PageCursor.timeAndNumber(cursor);
        WhereClause where = new WhereClause()
                .and("time >= make_timestamp(?) AND time < make_timestamp(?)", from, to)
                .equal("exchange", exchange)
                .equal("symbol", symbol)
                .equal("strategy_id", strategy);
        if (after != null) {
            where.and("(time > make_timestamp(?) OR (time = make_timestamp(?) AND journal_index > ?))",
                    after.time(), after.time(), after.n());
        }
        return new Request(where, limit);
    }

    /** Worker thread: {@code {"history":[…],"count":N,"next_cursor":…}}. */
    String run(ReaderPool readers, Request r) throws SQLException {
        String sql = COLUMNS + r.where.text() + " ORDER BY time, journal_index LIMIT ?";
        return readers.read(c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setQueryTimeout(readers.queryTimeoutSeconds());
                s.setLong(r.where.bind(s, 1), r.limit + 1L);
                StringBuilder out = new StringBuilder(64 + Math.min(r.limit, 1000) * 360).append("{\"history\":[");
                int n = 0;
                String next = null;
                String last = null;
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        if (n == r.limit) {
                            next = last;
                            break;
                        }
                        PositionChange change = new PositionChange(rs.getString(1), rs.getString(2), rs.getString(3),
                                rs.getLong(4), rs.getString(5), rs.getString(6),
                                Decimal8.fromNullable(rs.getBigDecimal(7)), Decimal8.fromNullable(rs.getBigDecimal(8)),
                                rs.getString(9), Decimal8.fromNullable(rs.getBigDecimal(10)),
                                Decimal8.fromNullable(rs.getBigDecimal(11)), rs.getBigDecimal(12));
                        if (n++ > 0) {
                            out.append(',');
                        }
                        MarketJson.positionChange(out, change);
                        last = PageCursor.of(change.time(), rs.getLong(13));
                    }
                }
                return JsonText.endList(out, n, next);
            }
        });
    }

    record Request(WhereClause where, int limit) {
    }
}

package io.tickstore.query;

import io.tickstore.config.QueryConfig;
import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.Liquidity;
import io.tickstore.store.model.Side;
import io.tickstore.store.model.TradeRecord;
import io.tickstore.store.read.ReaderPool;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;

/**
 * {@code GET /api/v1/trades?order_id=&exchange=&symbol=&strategy_id=&from=&to=&limit=&cursor=}:
 * fills whose {@code executed_at} is in [from, to), in ascending (executed_at, journal_index) —
 * execution time, ties in arrival order — paged by cursor. Every filter is optional; given ones
 * must all hold.
 */
final class TradesEndpoint {
    static final String PATH = "/api/v1/trades";
    private static final Set<String> PARAMS =
            Set.of("order_id", "exchange", "symbol", "strategy_id", "from", "to", "limit", "cursor");
    private static final String COLUMNS = "SELECT trade_id, order_id, exchange, symbol, strategy_id, side, quantity, "
            + "price, epoch_us(executed_at), commission, fees, exchange_trade_id, liquidity, journal_index FROM trades";

    private final QueryConfig config;

    TradesEndpoint(QueryConfig config) {
        this.config = config;
    }

    static Set<String> params() {
        return PARAMS;
    }

    /** Validates the parameters; throws before any reader is borrowed. */
    Request parse(QueryParams p) throws BadParameter {
        String orderId = p.optionalText("order_id");
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
                .and("executed_at >= make_timestamp(?) AND executed_at < make_timestamp(?)", from, to)
                .equal("order_id", orderId)
                .equal("exchange", exchange)
                .equal("symbol", symbol);
        where.equalOrNull("strategy_id", strategy);
        if (after != null) {
            where.and("(executed_at > make_timestamp(?) OR (executed_at = make_timestamp(?) AND journal_index > ?))",
                    after.time(), after.time(), after.n());
        }
        return new Request(where, limit);
    }

    /** Worker thread: {@code {"trades":[…],"count":N,"next_cursor":…}}. */
    String run(ReaderPool readers, Request r) throws SQLException {
        String sql = COLUMNS + r.where.text() + " ORDER BY executed_at, journal_index LIMIT ?";
        return readers.read(c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setQueryTimeout(readers.queryTimeoutSeconds());
                s.setLong(r.where.bind(s, 1), r.limit + 1L);
                StringBuilder out = new StringBuilder(64 + Math.min(r.limit, 1000) * 360).append("{\"trades\":[");
                TradeRecord t = new TradeRecord();
                int n = 0;
                String next = null;
                String last = null;
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        if (n == r.limit) {
                            next = last;
                            break;
                        }
                        t.clear();
                        t.tradeId = rs.getString(1);
                        t.orderId = rs.getString(2);
                        t.exchange = rs.getString(3);
                        t.symbol = rs.getString(4);
                        t.strategyId = rs.getString(5);
                        t.side = Side.byText(rs.getString(6));
                        t.quantity = Decimal8.fromNullable(rs.getBigDecimal(7));
                        t.price = Decimal8.fromNullable(rs.getBigDecimal(8));
                        t.executedAt = rs.getLong(9);
                        t.commission = Decimal8.fromNullable(rs.getBigDecimal(10));
                        t.fees = Decimal8.fromNullable(rs.getBigDecimal(11));
                        t.exchangeTradeId = rs.getString(12);
                        String liquidity = rs.getString(13);
                        t.liquidity = liquidity == null ? null : Liquidity.byText(liquidity);
                        if (n++ > 0) {
                            out.append(',');
                        }
                        MarketJson.trade(out, t);
                        last = PageCursor.of(t.executedAt, rs.getLong(14));
                    }
                }
                return JsonText.endList(out, n, next);
            }
        });
    }

    record Request(WhereClause where, int limit) {
    }
}

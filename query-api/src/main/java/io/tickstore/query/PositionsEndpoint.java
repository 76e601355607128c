package io.tickstore.query;

import io.tickstore.config.QueryConfig;
import io.tickstore.store.model.Decimal8;
import io.tickstore.store.positions.PositionUpdate;
import io.tickstore.store.quotes.LatestQuotes;
import io.tickstore.store.quotes.Quote;
import io.tickstore.store.read.ReaderPool;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;

/**
 * {@code GET /api/v1/positions?exchange=&symbol=&strategy_id=&include_flat=&limit=&cursor=}: the
 * current positions (open ones only unless {@code include_flat=true}) in ascending (exchange,
 * symbol, strategy_id), each valued at its market price: the symbol's latest trade price
 * ({@link LatestQuotes}, as of the last writer commit), else the position's last fill price.
 * market_value = quantity × price and unrealized_pnl = quantity × (price − average_entry_price),
 * exact (0 when flat).
 */
final class PositionsEndpoint {
    static final String PATH = "/api/v1/positions";
    static final String LAST_TRADE = "last_trade";
    static final String LAST_FILL = "last_fill";
    private static final Set<String> PARAMS =
            Set.of("exchange", "symbol", "strategy_id", "include_flat", "limit", "cursor");
    private static final String COLUMNS = "SELECT exchange, symbol, strategy_id, side, quantity, average_entry_price, "
            + "realized_pnl, fees, fill_count, last_fill_price, epoch_us(updated_at) FROM positions";

    private final QueryConfig config;

    PositionsEndpoint(QueryConfig config) {
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
        boolean includeFlat = p.bool("include_flat", false);
        int limit = p.integer("limit", config.defaultLimit(), 1, config.maxLimit());
        String cursor = p.optionalText("cursor", 512);
        String[] after = cursor == null ? null : PageCursor.texts(cursor, 3);
        WhereClause where = new WhereClause()
                .equal("exchange", exchange)
                .equal("symbol", symbol)
                .equal("strategy_id", strategy);
        if (!includeFlat) {
            where.and("quantity <> 0");
        }
        if (after != null) {
            where.and("(exchange > ? OR (exchange = ? AND (symbol > ? OR (symbol = ? AND strategy_id > ?))))",
                    after[0], after[0], after[1], after[1], after[2]);
        }
        return new Request(where, limit);
    }

    /** Worker thread: {@code {"positions":[…],"count":N,"next_cursor":…}}. */
    String run(ReaderPool readers, LatestQuotes quotes, Request r) throws SQLException {
        String sql = COLUMNS + r.where.text() + " ORDER BY exchange, symbol, strategy_id LIMIT ?";
        return readers.read(c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setQueryTimeout(readers.queryTimeoutSeconds());
                s.setLong(r.where.bind(s, 1), r.limit + 1L);
                StringBuilder out = new StringBuilder(64 + Math.min(r.limit, 1000) * 480).append("{\"positions\":[");
                int n = 0;
                String next = null;
                String last = null;
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        if (n == r.limit) {
                            next = last;
                            break;
                        }
                        PositionUpdate p = new PositionUpdate(rs.getString(1), rs.getString(2), rs.getString(3),
                                rs.getString(4), Decimal8.fromNullable(rs.getBigDecimal(5)),
                                Decimal8.fromNullable(rs.getBigDecimal(6)), rs.getBigDecimal(7), rs.getBigDecimal(8),
                                rs.getLong(9), Decimal8.fromNullable(rs.getBigDecimal(10)), rs.getLong(11));
                        if (n++ > 0) {
                            out.append(',');
                        }
                        valued(out, p, quotes.get(p.exchange(), p.symbol()));
                        last = PageCursor.of(p.exchange(), p.symbol(), p.strategyId());
                    }
                }
                return JsonText.endList(out, n, next);
            }
        });
    }

    /** Renders {@code p} valued at {@code quote}'s last trade price, or at its last fill price. */
    static void valued(StringBuilder out, PositionUpdate p, Quote quote) {
        long price;
        long priceTime;
        String source;
        if (quote != null && quote.lastPrice() != Decimal8.NULL) {
            price = quote.lastPrice();
            priceTime = quote.lastTime();
            source = LAST_TRADE;
        } else {
            price = p.lastFillPrice();
            priceTime = p.updatedAt();
            source = LAST_FILL;
        }
        MarketJson.position(out, p, price, source, priceTime, marketValue(p.quantity(), price),
                unrealizedPnl(p.quantity(), p.averageEntryPrice(), price));
    }

    /** quantity × price, exact (16 decimals); Decimal8 units in. */
    static BigDecimal marketValue(long quantity, long price) {
        return Decimal8.toBigDecimal(quantity).multiply(Decimal8.toBigDecimal(price));
    }

    /** quantity × (price − average entry price), exact; 0 when flat (no average entry price). */
    static BigDecimal unrealizedPnl(long quantity, long averageEntryPrice, long price) {
        if (quantity == 0 || averageEntryPrice == Decimal8.NULL) {
            return BigDecimal.ZERO;
        }
        return Decimal8.toBigDecimal(quantity)
                .multiply(Decimal8.toBigDecimal(price).subtract(Decimal8.toBigDecimal(averageEntryPrice)));
    }

    record Request(WhereClause where, int limit) {
    }
}

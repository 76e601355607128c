package io.tickstore.query;

import io.tickstore.config.QueryConfig;
import io.tickstore.store.model.Decimal8;
import io.tickstore.store.positions.PositionUpdate;
import io.tickstore.store.quotes.LatestQuotes;
import io.tickstore.store.quotes.Quote;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Set;

/**
 * {@code GET /api/v1/positions?exchange=&symbol=&strategy_id=&include_flat=&limit=&cursor=}: the
 * current positions (open ones only unless {@code include_flat=true}) in ascending (exchange,
 * symbol, strategy_id), each valued at its market price: the symbol's latest trade price
 * ({@link LatestQuotes}, from the hot tier), else the position's last fill price. The hot tier holds
 * every position, so no database is read.
 * market_value = quantity × price and unrealized_pnl = quantity × (price − average_entry_price),
 * exact (0 when flat).
 */
final class PositionsEndpoint {
    static final String PATH = "/api/v1/positions";
    static final String LAST_TRADE = "last_trade";
    static final String LAST_FILL = "last_fill";
    private static final Set<String> PARAMS =
            Set.of("exchange", "symbol", "strategy_id", "include_flat", "limit", "cursor");

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
        return new Request(exchange, symbol, strategy, includeFlat, after, limit);
    }

    /** {@code {"positions":[…],"count":N,"next_cursor":…}} from {@code positions}, in (exchange, symbol, strategy_id) order. */
    String run(Collection<PositionUpdate> positions, LatestQuotes quotes, Request r) {
        StringBuilder out = new StringBuilder(64 + Math.min(r.limit, 1000) * 480).append("{\"positions\":[");
        int n = 0;
        String next = null;
        PositionUpdate last = null;
        for (PositionUpdate p : positions) {
            if (!r.matches(p)) {
                continue;
            }
            if (n == r.limit) {
                next = PageCursor.of(last.exchange(), last.symbol(), last.strategyId());
                break;
            }
            if (n++ > 0) {
                out.append(',');
            }
            valued(out, p, quotes.get(p.exchange(), p.symbol()));
            last = p;
        }
        return JsonText.endList(out, n, next);
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

    /** {@code after}: the cursor's (exchange, symbol, strategy_id), or null. */
    record Request(String exchange, String symbol, String strategyId, boolean includeFlat, String[] after, int limit) {
        boolean matches(PositionUpdate p) {
            return (exchange == null || exchange.equals(p.exchange()))
                    && (symbol == null || symbol.equals(p.symbol()))
                    && (strategyId == null || strategyId.equals(p.strategyId()))
                    && (includeFlat || p.quantity() != 0)
                    && (after == null || afterCursor(p));
        }

        private boolean afterCursor(PositionUpdate p) {
            int c = p.exchange().compareTo(after[0]);
            if (c == 0) {
                c = p.symbol().compareTo(after[1]);
            }
            if (c == 0) {
                c = p.strategyId().compareTo(after[2]);
            }
            return c > 0;
        }
    }
}

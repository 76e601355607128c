package io.tickstore.store.positions;

import java.math.BigDecimal;

/**
 * A position as committed, published after the commit. Quantity and prices in Decimal8 units
 * (average entry price {@code Long.MIN_VALUE} when flat); PnL and fees exact.
 */
public record PositionUpdate(String exchange, String symbol, String strategyId, String side, long quantity,
                             long averageEntryPrice, BigDecimal realizedPnl, BigDecimal fees, long fillCount,
                             long lastFillPrice, long updatedAt) {

    public static PositionUpdate of(Position p) {
        return new PositionUpdate(p.exchange, p.symbol, p.strategyId, p.side(), p.quantity, p.averageEntryPrice,
                p.realizedPnl(), p.fees(), p.fillCount, p.lastFillPrice, p.updatedAt);
    }
}

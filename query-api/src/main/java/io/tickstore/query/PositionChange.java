package io.tickstore.query;

import java.math.BigDecimal;

/**
 * One row of {@code position_snapshots}: the position of (exchange, symbol, strategy) right after
 * the fill {@code tradeId}. Prices and quantities in Decimal8 units ({@code averageEntryPrice}
 * {@link io.tickstore.store.model.Decimal8#NULL} when flat), {@code time} in epoch microseconds.
 */
public record PositionChange(String exchange, String symbol, String strategyId, long time, String tradeId,
                             String fillSide, long fillQuantity, long fillPrice, String side, long quantity,
                             long averageEntryPrice, BigDecimal realizedPnl) {
}

package io.tickstore.store.positions;

import io.tickstore.store.model.TradeRecord;
import java.math.BigDecimal;

/**
 * One row of {@code position_snapshots}: the position of (exchange, symbol, strategy) right after
 * the fill {@code tradeId}. Prices and quantities in Decimal8 units ({@code averageEntryPrice}
 * {@link io.tickstore.store.model.Decimal8#NULL} when flat), {@code time} (the fill's executed_at) in
 * epoch microseconds; {@code journalIndex} is the fill's.
 */
public record PositionChange(String exchange, String symbol, String strategyId, long time, String tradeId,
                             String fillSide, long fillQuantity, long fillPrice, String side, long quantity,
                             long averageEntryPrice, BigDecimal realizedPnl, long journalIndex) {

    /** The change fill {@code t} (journal index {@code journalIndex}) made to {@code p}, as {@code p} is now. */
    public static PositionChange of(Position p, TradeRecord t, long journalIndex) {
        return new PositionChange(p.exchange, p.symbol, p.strategyId, t.executedAt, t.tradeId, t.side.text(),
                t.quantity, t.price, p.side(), p.quantity, p.averageEntryPrice, p.realizedPnl(), journalIndex);
    }
}

package io.tickstore.store.model;

/** One row of {@code trades} (a fill), as a reusable holder. */
public final class TradeRecord {
    public String tradeId;
    public String orderId;
    public String exchange;
    public String symbol;
    public String strategyId;
    public Side side;
    public long quantity;
    public long price;
    public long executedAt;
    public long commission;
    public long fees;
    public String exchangeTradeId;
    public Liquidity liquidity;

    public TradeRecord() {
        clear();
    }

    public void clear() {
        tradeId = null;
        orderId = null;
        exchange = null;
        symbol = null;
        strategyId = null;
        side = null;
        quantity = Decimal8.NULL;
        price = Decimal8.NULL;
        executedAt = EpochMicros.NULL;
        commission = Decimal8.NULL;
        fees = Decimal8.NULL;
        exchangeTradeId = null;
        liquidity = null;
    }

    public void copyFrom(TradeRecord o) {
        tradeId = o.tradeId;
        orderId = o.orderId;
        exchange = o.exchange;
        symbol = o.symbol;
        strategyId = o.strategyId;
        side = o.side;
        quantity = o.quantity;
        price = o.price;
        executedAt = o.executedAt;
        commission = o.commission;
        fees = o.fees;
        exchangeTradeId = o.exchangeTradeId;
        liquidity = o.liquidity;
    }
}

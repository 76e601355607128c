package io.tickstore.store.model;

/**
 * One row of {@code market_ticks}, as a reusable holder. Decimals are {@link Decimal8} units
 * ({@link Decimal8#NULL} when absent), times are epoch microseconds UTC.
 */
public final class TickRecord {
    public String exchange;
    public String symbol;
    public long timestamp;
    public long bidPrice;
    public long askPrice;
    public long bidSize;
    public long askSize;
    public long lastPrice;
    public long lastSize;
    public long volume;
    public long sequenceNumber;
    public String conditions;
    public String tape;

    public TickRecord() {
        clear();
    }

    public void clear() {
        exchange = null;
        symbol = null;
        timestamp = EpochMicros.NULL;
        bidPrice = Decimal8.NULL;
        askPrice = Decimal8.NULL;
        bidSize = Decimal8.NULL;
        askSize = Decimal8.NULL;
        lastPrice = Decimal8.NULL;
        lastSize = Decimal8.NULL;
        volume = Decimal8.NULL;
        sequenceNumber = Long.MIN_VALUE;
        conditions = null;
        tape = null;
    }

    public void copyFrom(TickRecord o) {
        exchange = o.exchange;
        symbol = o.symbol;
        timestamp = o.timestamp;
        bidPrice = o.bidPrice;
        askPrice = o.askPrice;
        bidSize = o.bidSize;
        askSize = o.askSize;
        lastPrice = o.lastPrice;
        lastSize = o.lastSize;
        volume = o.volume;
        sequenceNumber = o.sequenceNumber;
        conditions = o.conditions;
        tape = o.tape;
    }

    /** A trade tick carries a last price (and, by validation, its size); it feeds OHLCV bars. */
    public boolean isTrade() {
        return lastPrice != Decimal8.NULL;
    }
}

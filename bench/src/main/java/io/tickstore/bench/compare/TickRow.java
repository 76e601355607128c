package io.tickstore.bench.compare;

import io.tickstore.store.model.Decimal8;

/**
 * One generated tick, a mutable holder reused row after row. A trade carries {@code lastPrice} and
 * {@code lastSize}; a quote carries bid and ask prices and sizes; absent fields are
 * {@link Decimal8#NULL}. Decimals in Decimal8 units, times in epoch microseconds.
 */
public final class TickRow {
    public boolean trade;
    public int symbol;
    public long sequence;
    public long timestamp;
    public long bidPrice;
    public long askPrice;
    public long bidSize;
    public long askSize;
    public long lastPrice;
    public long lastSize;

    void quote(int symbol, long sequence, long timestamp, long bidPrice, long askPrice, long bidSize, long askSize) {
        this.trade = false;
        this.symbol = symbol;
        this.sequence = sequence;
        this.timestamp = timestamp;
        this.bidPrice = bidPrice;
        this.askPrice = askPrice;
        this.bidSize = bidSize;
        this.askSize = askSize;
        this.lastPrice = Decimal8.NULL;
        this.lastSize = Decimal8.NULL;
    }

    void trade(int symbol, long sequence, long timestamp, long lastPrice, long lastSize) {
        this.trade = true;
        this.symbol = symbol;
        this.sequence = sequence;
        this.timestamp = timestamp;
        this.bidPrice = Decimal8.NULL;
        this.askPrice = Decimal8.NULL;
        this.bidSize = Decimal8.NULL;
        this.askSize = Decimal8.NULL;
        this.lastPrice = lastPrice;
        this.lastSize = lastSize;
    }
}

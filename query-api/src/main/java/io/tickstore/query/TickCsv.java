package io.tickstore.query;

import io.tickstore.store.model.TickRecord;

/**
 * A CSV page of ticks written straight into bytes ({@link TextBytes}): a header line, then one
 * {@code \n}-terminated line per tick with the values {@link TickJson#tick} gives — the timestamp as
 * {@link io.tickstore.store.model.EpochMicros#formatIso} writes it, decimals as {@link
 * io.tickstore.store.model.Decimal8#format} does, an absent value an empty field, texts as {@link
 * CsvText#field} writes them (UTF-8).
 */
final class TickCsv {
    /** The header line, without the line end. */
    static final String HEADER_LINE = "timestamp,sequence_number,bid_price,ask_price,bid_size,ask_size,"
            + "last_price,last_size,volume,conditions,tape";
    /** The longest line a tick without texts can need: time, sequence number, 7 decimals, 10 commas, the line end. */
    private static final int MAX_NUMBERS_LINE = TextBytes.MAX_TIME + TextBytes.MAX_NUMBER + 7 * TextBytes.MAX_DECIMAL + 12;

    private final TextBytes out = new TextBytes();

    /** A page on this thread's buffer: write it with {@link #add}, then take it once with {@link #toPooledBody}. */
    TickCsv() {
        out.ascii(HEADER_LINE);
        out.put('\n');
    }

    void add(TickRecord t) {
        TextBytes o = out;
        o.ensure(MAX_NUMBERS_LINE);
        o.isoTime(t.timestamp);
        o.put(',');
        o.number(t.sequenceNumber);
        o.put(',');
        o.decimal(t.bidPrice);
        o.put(',');
        o.decimal(t.askPrice);
        o.put(',');
        o.decimal(t.bidSize);
        o.put(',');
        o.decimal(t.askSize);
        o.put(',');
        o.decimal(t.lastPrice);
        o.put(',');
        o.decimal(t.lastSize);
        o.put(',');
        o.decimal(t.volume);
        o.put(',');
        o.csvField(t.conditions);
        o.ensure(2);
        o.put(',');
        o.csvField(t.tape);
        o.ensure(1);
        o.put('\n');
    }

    /** The page, copied out of the thread's buffer (which the next page on this thread reuses), pooled. */
    PooledBody toPooledBody() {
        return out.toPooledBody();
    }
}

package io.tickstore.query;

import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.TickRecord;

/**
 * A JSON page of ticks written straight into bytes ({@link TextBytes}):
 * {@code {"exchange":…,"symbol":…,"ticks":[…],"count":N,"next_cursor":…}}, each tick as {@link #tick}
 * writes it — the object stream pushes carry too. Bytes for the reason {@link TextBytes} gives: a
 * page of 300 ticks took 78 µs through a StringBuilder (measured in-process, BENCHMARKS.md).
 */
public final class TickJson {
    /** The longest object {@link #tick} writes without texts: keys, punctuation, the values at their longest. */
    private static final int MAX_NUMBERS_OBJECT = 160 + TextBytes.MAX_TIME + TextBytes.MAX_NUMBER
            + 7 * TextBytes.MAX_DECIMAL;

    private static final byte[] TIMESTAMP = TextBytes.literal("{\"timestamp\":\"");
    private static final byte[] SEQUENCE_NUMBER = TextBytes.literal("\",\"sequence_number\":");
    private static final byte[] BID_PRICE = TextBytes.literal(",\"bid_price\":");
    private static final byte[] ASK_PRICE = TextBytes.literal(",\"ask_price\":");
    private static final byte[] BID_SIZE = TextBytes.literal(",\"bid_size\":");
    private static final byte[] ASK_SIZE = TextBytes.literal(",\"ask_size\":");
    private static final byte[] LAST_PRICE = TextBytes.literal(",\"last_price\":");
    private static final byte[] LAST_SIZE = TextBytes.literal(",\"last_size\":");
    private static final byte[] VOLUME = TextBytes.literal(",\"volume\":");
    private static final byte[] CONDITIONS = TextBytes.literal(",\"conditions\":");
    private static final byte[] NULL = TextBytes.literal("null");

    private final TextBytes out = new TextBytes();
    private int count;

    /** A page on this thread's buffer: write it with {@link #add}, then take it once with {@link #finish}. */
    TickJson(String exchange, String symbol) {
        out.ascii("{\"exchange\":");
        out.jsonString(exchange);
        out.ascii(",\"symbol\":");
        out.jsonString(symbol);
        out.ascii(",\"ticks\":[");
    }

    void add(TickRecord t) {
        if (count > 0) {
            out.ensure(1);
            out.put(',');
        }
        tick(out, t);
        count++;
    }

    /** Closes the page as every list reply ends ({@link JsonText#endList}) and copies it out, pooled. */
    PooledBody finish(String nextCursor) {
        return JsonText.endList(out, count, nextCursor);
    }

    /**
     * A tick's columns (without exchange and symbol): the timestamp as a quoted ISO-8601 string,
     * decimals as plain JSON numbers, absent values as null.
     */
    public static void tick(TextBytes out, TickRecord t) {
        out.ensure(MAX_NUMBERS_OBJECT);
        out.put(TIMESTAMP);
        out.isoTime(t.timestamp);
        out.put(SEQUENCE_NUMBER);
        out.number(t.sequenceNumber);
        out.put(BID_PRICE);
        decimal(out, t.bidPrice);
        out.put(ASK_PRICE);
        decimal(out, t.askPrice);
        out.put(BID_SIZE);
        decimal(out, t.bidSize);
        out.put(ASK_SIZE);
        decimal(out, t.askSize);
        out.put(LAST_PRICE);
        decimal(out, t.lastPrice);
        out.put(LAST_SIZE);
        decimal(out, t.lastSize);
        out.put(VOLUME);
        decimal(out, t.volume);
        out.put(CONDITIONS);
        out.jsonString(t.conditions);
        out.ascii(",\"tape\":");
        out.jsonString(t.tape);
        out.ascii("}");
    }

    private static void decimal(TextBytes out, long unscaled) {
        if (unscaled == Decimal8.NULL) {
            out.put(NULL);
        } else {
            out.decimal(unscaled);
        }
    }
}

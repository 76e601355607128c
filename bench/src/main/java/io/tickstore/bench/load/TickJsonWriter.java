package io.tickstore.bench.load;

import io.tickstore.store.model.Decimal8;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Writes tick objects of the ingest protocol into a caller's {@link StringBuilder} without per-tick
 * objects: the JSON up to the timestamp is a per-feed {@link #prefix} built once, and the date part
 * of the ISO-8601 timestamp is cached per second. Prices are written with all 8 fraction digits (the
 * parser's longest path), sizes in their shortest exact form; a {@link Decimal8#NULL} field is left
 * out. One writer per sending thread; not thread-safe.
 */
public final class TickJsonWriter {
    private static final long SCALE = Decimal8.SCALE;

    private final char[] secondText = new char[20]; // "2024-01-02T14:30:00."
    private long cachedSecond = Long.MIN_VALUE;

    /** {@code {"type":"tick","exchange":"E","symbol":"S","timestamp":"} for names that need no JSON escaping. */
    public static String prefix(String exchange, String symbol) {
        return "{\"type\":\"tick\",\"exchange\":\"" + exchange + "\",\"symbol\":\"" + symbol + "\",\"timestamp\":\"";
    }

    /**
     * Appends one tick object: {@code prefix} (see {@link #prefix}), the ISO-8601 timestamp of
     * {@code micros}, then the fields that are not {@link Decimal8#NULL}, in Decimal8 units.
     */
    public void tick(StringBuilder b, String prefix, long micros, long bidPrice, long askPrice, long bidSize,
                     long askSize, long lastPrice, long lastSize, long sequence) {
        b.append(prefix);
        timestamp(b, micros);
        b.append('"');
        if (bidPrice != Decimal8.NULL) {
            b.append(",\"bid_price\":");
            price(b, bidPrice);
        }
        if (askPrice != Decimal8.NULL) {
            b.append(",\"ask_price\":");
            price(b, askPrice);
        }
        if (bidSize != Decimal8.NULL) {
            b.append(",\"bid_size\":");
            Decimal8.format(bidSize, b);
        }
        if (askSize != Decimal8.NULL) {
            b.append(",\"ask_size\":");
            Decimal8.format(askSize, b);
        }
        if (lastPrice != Decimal8.NULL) {
            b.append(",\"last_price\":");
            price(b, lastPrice);
        }
        if (lastSize != Decimal8.NULL) {
            b.append(",\"last_size\":");
            Decimal8.format(lastSize, b);
        }
        b.append(",\"sequence_number\":").append(sequence);
        b.append('}');
    }

    /**
     * The header of a frame of rows ({@link #row}): the fields of a tick, one column each, in the order
     * {@link #row} writes its values.
     */
    public static final String ROWS_HEADER = "[\"type\",\"exchange\",\"symbol\",\"timestamp\",\"bid_price\","
            + "\"ask_price\",\"bid_size\",\"ask_size\",\"last_price\",\"last_size\",\"sequence_number\"]";

    /** {@code ["tick","E","S",}: a row's values up to the timestamp, for names that need no JSON escaping. */
    public static String rowPrefix(String exchange, String symbol) {
        return "[\"tick\",\"" + exchange + "\",\"" + symbol + "\",";
    }

    /**
     * Appends one tick as a row of a frame of rows under {@link #ROWS_HEADER}: {@code rowPrefix} (see
     * {@link #rowPrefix}), the timestamp in epoch microseconds, then every decimal ({@code null} for a
     * {@link Decimal8#NULL}) and the sequence number. Less than half the bytes of {@link #tick}'s object:
     * the field names are in the header once.
     */
    public void row(StringBuilder b, String rowPrefix, long micros, long bidPrice, long askPrice, long bidSize,
                    long askSize, long lastPrice, long lastSize, long sequence) {
        b.append(rowPrefix).append(micros);
        rowPrice(b, bidPrice);
        rowPrice(b, askPrice);
        rowSize(b, bidSize);
        rowSize(b, askSize);
        rowPrice(b, lastPrice);
        rowSize(b, lastSize);
        b.append(',').append(sequence).append(']');
    }

    private static void rowPrice(StringBuilder b, long units) {
        b.append(',');
        if (units == Decimal8.NULL) {
            b.append("null");
        } else {
            price(b, units);
        }
    }

    private static void rowSize(StringBuilder b, long units) {
        b.append(',');
        if (units == Decimal8.NULL) {
            b.append("null");
        } else {
            Decimal8.format(units, b);
        }
    }

    /** {@code 2024-01-02T14:30:00.123456Z}: date, time, microseconds, Z (no quotes). */
    void timestamp(StringBuilder b, long micros) {
        long second = Math.floorDiv(micros, 1_000_000L);
        if (second != cachedSecond) {
            String text = LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC).toString(); // yyyy-MM-ddTHH:mm[:ss]
            if (text.length() == 16) {
                text = text + ":00";
            }
            text.getChars(0, 19, secondText, 0);
            secondText[19] = '.';
            cachedSecond = second;
        }
        b.append(secondText);
        int fraction = (int) Math.floorMod(micros, 1_000_000L);
        for (int div = 100_000; div > 0; div /= 10) {
            b.append((char) ('0' + (fraction / div) % 10));
        }
        b.append('Z');
    }

    /** A Decimal8 unscaled value with all 8 fraction digits: {@code 189.98000000}, {@code -0.00000005}. */
    static void price(StringBuilder b, long units) {
        if (units < 0) {
            b.append('-');
            units = -units; // Decimal8 values are far from Long.MIN_VALUE
        }
        b.append(units / SCALE).append('.');
        long fraction = units % SCALE;
        for (long div = SCALE / 10; div > 0; div /= 10) {
            b.append((char) ('0' + (fraction / div) % 10));
        }
    }
}

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

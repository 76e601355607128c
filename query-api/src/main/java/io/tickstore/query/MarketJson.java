package io.tickstore.query;

import io.tickstore.store.live.BarUpdate;
import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.EpochMicros;
import io.tickstore.store.model.TickRecord;
import io.tickstore.store.quotes.Quote;
import java.math.BigDecimal;

/**
 * The one JSON shape of a bar, a tick and a quote, shared by the HTTP API and the live stream so
 * both say the same thing. Decimals are JSON numbers printed exactly; times are ISO-8601 UTC.
 */
public final class MarketJson {
    private MarketJson() {
    }

    /**
     * {@code {"time":…,"open":…,"high":…,"low":…,"close":…,"volume":…,"vwap":…,"trade_count":N,"complete":b}};
     * prices in Decimal8 units, vwap = priceVolume / volume rounded half-even to 8 decimals.
     */
    public static void bar(StringBuilder out, long bucketStart, long open, long high, long low, long close,
                           BigDecimal volume, BigDecimal priceVolume, long tradeCount, boolean complete) {
        out.append("{\"time\":");
        time(out, bucketStart);
        out.append(",\"open\":");
        Decimal8.format(open, out);
        out.append(",\"high\":");
        Decimal8.format(high, out);
        out.append(",\"low\":");
        Decimal8.format(low, out);
        out.append(",\"close\":");
        Decimal8.format(close, out);
        out.append(",\"volume\":");
        plain(out, volume);
        out.append(",\"vwap\":");
        plain(out, BarUpdate.vwap(priceVolume, volume));
        out.append(",\"trade_count\":").append(tradeCount);
        out.append(",\"complete\":").append(complete).append('}');
    }

    /** The header line of {@link #barCsv}, without the line end. */
    public static final String BAR_CSV_HEADER = "time,open,high,low,close,volume,vwap,trade_count,complete";

    /**
     * One CSV line ({@code \n}-terminated) of a bar with the same values as {@link #bar}: the time
     * ISO-8601 UTC unquoted, decimals exact, an absent vwap (volume 0) an empty field.
     */
    public static void barCsv(StringBuilder out, long bucketStart, long open, long high, long low, long close,
                              BigDecimal volume, BigDecimal priceVolume, long tradeCount, boolean complete) {
        EpochMicros.formatIso(bucketStart, out);
        out.append(',');
        Decimal8.format(open, out);
        out.append(',');
        Decimal8.format(high, out);
        out.append(',');
        Decimal8.format(low, out);
        out.append(',');
        Decimal8.format(close, out);
        out.append(',');
        plain(out, volume);
        out.append(',');
        BigDecimal vwap = BarUpdate.vwap(priceVolume, volume);
        if (vwap != null) {
            plain(out, vwap);
        }
        out.append(',').append(tradeCount);
        out.append(',').append(complete).append('\n');
    }

    public static void bar(StringBuilder out, BarUpdate b) {
        bar(out, b.bucketStart(), b.open(), b.high(), b.low(), b.close(), b.volume(), b.priceVolume(), b.tradeCount(),
                b.complete());
    }

    /** A tick's columns (without exchange and symbol), absent values as null. */
    public static void tick(StringBuilder out, TickRecord t) {
        out.append("{\"timestamp\":");
        time(out, t.timestamp);
        out.append(",\"sequence_number\":").append(t.sequenceNumber);
        out.append(",\"bid_price\":");
        decimal(out, t.bidPrice);
        out.append(",\"ask_price\":");
        decimal(out, t.askPrice);
        out.append(",\"bid_size\":");
        decimal(out, t.bidSize);
        out.append(",\"ask_size\":");
        decimal(out, t.askSize);
        out.append(",\"last_price\":");
        decimal(out, t.lastPrice);
        out.append(",\"last_size\":");
        decimal(out, t.lastSize);
        out.append(",\"volume\":");
        decimal(out, t.volume);
        out.append(",\"conditions\":");
        JsonText.string(out, t.conditions);
        out.append(",\"tape\":");
        JsonText.string(out, t.tape);
        out.append('}');
    }

    /** A quote with its exchange and symbol; sides the feed never sent are null. */
    public static void quote(StringBuilder out, Quote q) {
        out.append("{\"exchange\":");
        JsonText.string(out, q.exchange());
        out.append(",\"symbol\":");
        JsonText.string(out, q.symbol());
        out.append(",\"bid_price\":");
        decimal(out, q.bidPrice());
        out.append(",\"bid_size\":");
        decimal(out, q.bidSize());
        out.append(",\"bid_time\":");
        optionalTime(out, q.bidTime());
        out.append(",\"ask_price\":");
        decimal(out, q.askPrice());
        out.append(",\"ask_size\":");
        decimal(out, q.askSize());
        out.append(",\"ask_time\":");
        optionalTime(out, q.askTime());
        out.append(",\"last_price\":");
        decimal(out, q.lastPrice());
        out.append(",\"last_size\":");
        decimal(out, q.lastSize());
        out.append(",\"last_time\":");
        optionalTime(out, q.lastTime());
        out.append('}');
    }

    public static void string(StringBuilder out, String s) {
        JsonText.string(out, s);
    }

    /** Decimal8 units, or null for {@link Decimal8#NULL}. */
    public static void decimal(StringBuilder out, long unscaled) {
        if (unscaled == Decimal8.NULL) {
            out.append("null");
        } else {
            Decimal8.format(unscaled, out);
        }
    }

    public static void time(StringBuilder out, long micros) {
        out.append('"');
        EpochMicros.formatIso(micros, out);
        out.append('"');
    }

    private static void optionalTime(StringBuilder out, long micros) {
        if (micros == EpochMicros.NULL) {
            out.append("null");
        } else {
            time(out, micros);
        }
    }

    /** An exact decimal of any scale as a plain JSON number without trailing zeros, or null. */
    private static void plain(StringBuilder out, BigDecimal v) {
        if (v == null) {
            out.append("null");
        } else if (v.signum() == 0) {
            out.append('0');
        } else {
            out.append(v.stripTrailingZeros().toPlainString());
        }
    }
}

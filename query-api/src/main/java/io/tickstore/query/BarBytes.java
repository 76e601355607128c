package io.tickstore.query;

import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.Int128;

/**
 * Bars written straight into bytes ({@link TextBytes}), byte for byte as {@link MarketJson#bar} writes
 * a JSON bar and as the CSV line of {@code /api/v1/ohlcv} reads ({@link #BAR_CSV_HEADER}). Why bytes: a
 * day of 1m bars through a StringBuilder, its String and that String's UTF-8 copy allocated ~0.7 MB per
 * reply; under 50 query clients that was ~0.5 GB/s of the server's allocation and young collections every
 * 0.6 s during the mixed load (BENCHMARKS.md, issue 12). Prices go through {@link TextBytes#decimal};
 * volume and vwap, whose rules ({@link MarketJson#volume}, {@link MarketJson#vwap}) also cover sums beyond
 * DECIMAL(18,8), through one reused StringBuilder.
 */
final class BarBytes {
    /** The header line of the CSV, without the line end. */
    static final String BAR_CSV_HEADER = "time,open,high,low,close,volume,vwap,trade_count,complete";
    /** The longest bar {@link #json} writes without volume and vwap: keys, punctuation, values at their longest. */
    private static final int MAX_FIXED = 120 + TextBytes.MAX_TIME + 4 * TextBytes.MAX_DECIMAL + TextBytes.MAX_NUMBER;

    private static final byte[] TIME = TextBytes.literal("{\"time\":\"");
    private static final byte[] OPEN = TextBytes.literal("\",\"open\":");
    private static final byte[] HIGH = TextBytes.literal(",\"high\":");
    private static final byte[] LOW = TextBytes.literal(",\"low\":");
    private static final byte[] CLOSE = TextBytes.literal(",\"close\":");
    private static final byte[] VOLUME = TextBytes.literal(",\"volume\":");
    private static final byte[] TRADE_COUNT = TextBytes.literal(",\"trade_count\":");
    private static final byte[] COMPLETE_TRUE = TextBytes.literal(",\"complete\":true}");
    private static final byte[] COMPLETE_FALSE = TextBytes.literal(",\"complete\":false}");
    private static final byte[] CSV_TRUE = TextBytes.literal(",true\n");
    private static final byte[] CSV_FALSE = TextBytes.literal(",false\n");

    private final TextBytes out;
    /** Volume and vwap as {@link MarketJson} writes them, before they are copied into {@link #out}. */
    private final StringBuilder sum = new StringBuilder(48);

    BarBytes(TextBytes out) {
        this.out = out;
    }

    /** One bar as {@link MarketJson#bar} writes it. */
    void json(long bucketStart, long open, long high, long low, long close, Int128 volume, Int128 priceVolume,
              long tradeCount, boolean complete) {
        out.ensure(MAX_FIXED);
        out.put(TIME);
        out.isoTime(bucketStart);
        out.put(OPEN);
        price(open);
        out.put(HIGH);
        price(high);
        out.put(LOW);
        price(low);
        out.put(CLOSE);
        price(close);
        out.put(VOLUME);
        sum.setLength(0);
        MarketJson.volume(sum, volume);
        sum.append(",\"vwap\":");
        if (!MarketJson.vwap(sum, priceVolume, volume)) {
            sum.append("null");
        }
        out.ascii(sum);
        out.ensure(MAX_FIXED);
        out.put(TRADE_COUNT);
        out.number(tradeCount);
        out.put(complete ? COMPLETE_TRUE : COMPLETE_FALSE);
    }

    /**
     * One CSV line ({@code \n}-terminated) with the same values as {@link #json}: the time ISO-8601 UTC
     * unquoted, decimals exact, an absent vwap (volume 0) an empty field.
     */
    void csv(long bucketStart, long open, long high, long low, long close, Int128 volume, Int128 priceVolume,
             long tradeCount, boolean complete) {
        out.ensure(MAX_FIXED);
        out.isoTime(bucketStart);
        out.put(',');
        price(open);
        out.put(',');
        price(high);
        out.put(',');
        price(low);
        out.put(',');
        price(close);
        out.put(',');
        sum.setLength(0);
        MarketJson.volume(sum, volume);
        sum.append(',');
        MarketJson.vwap(sum, priceVolume, volume);
        out.ascii(sum);
        out.ensure(MAX_FIXED);
        out.put(',');
        out.number(tradeCount);
        out.put(complete ? CSV_TRUE : CSV_FALSE);
    }

    /** A bar's price as {@link Decimal8#format} writes it (which refuses an absent one). */
    private void price(long unscaled) {
        if (unscaled == Decimal8.NULL) {
            Decimal8.format(unscaled, new StringBuilder()); // throws its error
        }
        out.decimal(unscaled);
    }
}

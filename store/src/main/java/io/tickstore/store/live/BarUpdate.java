package io.tickstore.store.live;

import io.tickstore.store.model.Int128;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A bar as the hot tier holds it, pushed to live subscribers. Prices in
 * {@link io.tickstore.store.model.Decimal8} units; the exact sums as the two's complement words of
 * 128-bit integers ({@link Int128}): {@code volume} in units of 1e-8, {@code priceVolume} of 1e-16.
 * They travel as words, not {@link BigDecimal}s: the hot tier reports a bar for nearly every trade of
 * a sparse feed, and the live pushes render straight from words.
 * {@code revision} is true when a late tick changed a bar whose bucket was already complete.
 */
public record BarUpdate(String exchange, String symbol, String timeframe, long bucketStart,
                        long open, long high, long low, long close,
                        long volumeHigh, long volumeLow, long priceVolumeHigh, long priceVolumeLow, long tradeCount,
                        boolean complete, boolean revision) {

    /** Σ price × size / Σ size, rounded half-even to 8 decimals (the documented vwap rule). */
    public static BigDecimal vwap(BigDecimal priceVolume, BigDecimal volume) {
        if (volume.signum() == 0) {
            return null;
        }
        return priceVolume.divide(volume, 8, RoundingMode.HALF_EVEN);
    }

    /** Σ size, exactly (8 decimals). */
    public BigDecimal volume() {
        return Int128.toBigDecimal(volumeHigh, volumeLow, 8);
    }

    /** Σ price × size, exactly (16 decimals). */
    public BigDecimal priceVolume() {
        return Int128.toBigDecimal(priceVolumeHigh, priceVolumeLow, 16);
    }

    public BigDecimal vwap() {
        return vwap(priceVolume(), volume());
    }
}

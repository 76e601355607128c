package io.tickstore.store.live;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A bar as committed to {@code ohlcv_bars}, published after the commit. Prices in
 * {@link io.tickstore.store.model.Decimal8} units; {@code volume} and {@code priceVolume} exact.
 * {@code revision} is true when a late tick changed a bar whose bucket was already complete.
 */
public record BarUpdate(String exchange, String symbol, String timeframe, long bucketStart,
                        long open, long high, long low, long close,
                        BigDecimal volume, BigDecimal priceVolume, long tradeCount,
                        boolean complete, boolean revision) {

    /** Σ price × size / Σ size, rounded half-even to 8 decimals (the documented vwap rule). */
    public static BigDecimal vwap(BigDecimal priceVolume, BigDecimal volume) {
        if (volume.signum() == 0) {
            return null;
        }
        return priceVolume.divide(volume, 8, RoundingMode.HALF_EVEN);
    }

    public BigDecimal vwap() {
        return vwap(priceVolume, volume);
    }
}

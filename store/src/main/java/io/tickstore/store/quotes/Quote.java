package io.tickstore.store.quotes;

/**
 * The latest bid, ask and trade of one feed, each from the latest tick (by timestamp, then
 * sequence number, then arrival) that carried it. Decimals in {@link io.tickstore.store.model.Decimal8}
 * units and times in epoch microseconds; {@code Long.MIN_VALUE} where the feed never sent one.
 * Immutable snapshot.
 */
public record Quote(String exchange, String symbol,
                    long bidPrice, long bidSize, long bidTime,
                    long askPrice, long askSize, long askTime,
                    long lastPrice, long lastSize, long lastTime) {
}

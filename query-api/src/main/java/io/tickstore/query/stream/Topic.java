package io.tickstore.query.stream;

import io.tickstore.query.MarketJson;
import io.tickstore.store.bars.Timeframe;

/**
 * One subscribable key. For bars, ticks and quotes: a channel of one feed, and for bars one
 * standard timeframe ({@code timeframe} is null for ticks and quotes; {@code strategyId} always
 * null). For orders and positions: a filter, where a null {@code exchange}, {@code symbol} or
 * {@code strategyId} matches any value ({@code strategyId} {@code ""} matches orders without a
 * strategy). Immutable; equal topics are the same subscription.
 */
record Topic(Channel channel, String exchange, String symbol, String timeframe, String strategyId) {

    Topic(Channel channel, String exchange, String symbol, String timeframe) {
        this(channel, exchange, symbol, timeframe, null);
    }

    /** The index of a standard timeframe label in {@link Timeframe#STANDARD}, or -1. */
    static int timeframeIndex(String label) {
        for (int i = 0; i < Timeframe.STANDARD.size(); i++) {
            if (Timeframe.STANDARD.get(i).label().equals(label)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The 8 filters of {@code channel} an item of (exchange, symbol, strategy) matches: each of the
     * three given or left open. {@code strategyId} null is the empty strategy.
     */
    static Topic[] filtersMatching(Channel channel, String exchange, String symbol, String strategyId) {
        String strategy = strategyId == null ? "" : strategyId;
        Topic[] out = new Topic[8];
        for (int mask = 0; mask < 8; mask++) {
            out[mask] = new Topic(channel, (mask & 1) != 0 ? exchange : null, (mask & 2) != 0 ? symbol : null, null,
                    (mask & 4) != 0 ? strategy : null);
        }
        return out;
    }

    /**
     * The topic's fields as they appear in replies: {@code "channel":…,"exchange":…,"symbol":…[,"timeframe":…]};
     * for orders and positions only the filters given.
     */
    void appendFields(StringBuilder out) {
        out.append("\"channel\":\"").append(channel.text).append('"');
        if (exchange != null) {
            out.append(",\"exchange\":");
            MarketJson.string(out, exchange);
        }
        if (symbol != null) {
            out.append(",\"symbol\":");
            MarketJson.string(out, symbol);
        }
        if (timeframe != null) {
            out.append(",\"timeframe\":");
            MarketJson.string(out, timeframe);
        }
        if (strategyId != null) {
            out.append(",\"strategy_id\":");
            MarketJson.string(out, strategyId);
        }
    }

    @Override
    public String toString() {
        if (channel.filtered) {
            StringBuilder sb = new StringBuilder(channel.text);
            if (exchange == null && symbol == null && strategyId == null) {
                return sb.append(" (all)").toString();
            }
            if (exchange != null) {
                sb.append(" exchange=").append(exchange);
            }
            if (symbol != null) {
                sb.append(" symbol=").append(symbol);
            }
            if (strategyId != null) {
                sb.append(" strategy_id=").append(strategyId);
            }
            return sb.toString();
        }
        return channel.text + " " + exchange + "/" + symbol + (timeframe == null ? "" : " " + timeframe);
    }
}

package io.tickstore.query.stream;

import io.tickstore.query.MarketJson;
import io.tickstore.store.bars.Timeframe;

/**
 * One subscribable key: a channel of one feed, and for bars one standard timeframe
 * ({@code timeframe} is null for ticks and quotes). Immutable; equal topics are the same subscription.
 */
record Topic(Channel channel, String exchange, String symbol, String timeframe) {

    /** The index of a standard timeframe label in {@link Timeframe#STANDARD}, or -1. */
    static int timeframeIndex(String label) {
        for (int i = 0; i < Timeframe.STANDARD.size(); i++) {
            if (Timeframe.STANDARD.get(i).label().equals(label)) {
                return i;
            }
        }
        return -1;
    }

    /** The topic's fields as they appear in replies: {@code "channel":…,"exchange":…,"symbol":…[,"timeframe":…]}. */
    void appendFields(StringBuilder out) {
        out.append("\"channel\":\"").append(channel.text).append("\",\"exchange\":");
        MarketJson.string(out, exchange);
        out.append(",\"symbol\":");
        MarketJson.string(out, symbol);
        if (timeframe != null) {
            out.append(",\"timeframe\":");
            MarketJson.string(out, timeframe);
        }
    }

    @Override
    public String toString() {
        return channel.text + " " + exchange + "/" + symbol + (timeframe == null ? "" : " " + timeframe);
    }
}

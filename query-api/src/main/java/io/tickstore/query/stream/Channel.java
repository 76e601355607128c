package io.tickstore.query.stream;

/**
 * What a subscription receives: OHLCV bars of one timeframe, every tick, or the latest quote of a
 * feed; or the new states of orders, or of positions, matching optional filters.
 */
enum Channel {
    BARS("bars", false),
    TICKS("ticks", false),
    QUOTES("quotes", false),
    ORDERS("orders", true),
    POSITIONS("positions", true);

    /** The name on the wire and in metric tags. */
    final String text;
    /**
     * Whether a subscription is a filter (exchange, symbol and strategy_id each optional) rather
     * than one feed (exchange and symbol required).
     */
    final boolean filtered;

    Channel(String text, boolean filtered) {
        this.text = text;
        this.filtered = filtered;
    }

    /** The channel named {@code text} (any letter case), or null. */
    static Channel byText(String text) {
        for (Channel c : values()) {
            if (c.text.equalsIgnoreCase(text)) {
                return c;
            }
        }
        return null;
    }
}

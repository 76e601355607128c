package io.tickstore.query.stream;

/** What a subscription receives: OHLCV bars of one timeframe, every tick, or the latest quote of a feed. */
enum Channel {
    BARS("bars"),
    TICKS("ticks"),
    QUOTES("quotes");

    /** The name on the wire and in metric tags. */
    final String text;

    Channel(String text) {
        this.text = text;
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

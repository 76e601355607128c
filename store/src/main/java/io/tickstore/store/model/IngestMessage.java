package io.tickstore.store.model;

/**
 * One journal message of any type, as a reusable holder: {@link #type} says which record is live.
 * Parsers fill these; the pipeline copies them into pre-allocated ring events; the journal codec
 * reads and writes them.
 */
public final class IngestMessage {
    public MessageType type;
    public final TickRecord tick = new TickRecord();
    public final OrderRecord order = new OrderRecord();
    public final TradeRecord trade = new TradeRecord();
    /** For a {@link MessageType#PORTFOLIO_SNAPSHOT}: the wall-clock time (epoch micros) it was due at. */
    public long snapshotAt = EpochMicros.NULL;
    /**
     * When the journaller took this message's frame (epoch micros, millisecond resolution), as read
     * back from the journal; {@link EpochMicros#NULL} before it is journaled or from a version 1 journal.
     */
    public long journaledAt = EpochMicros.NULL;

    /** Resets the record of the current type only: the others were never touched since their last clear. */
    public void clear() {
        if (type != null) {
            switch (type) {
                case TICK -> tick.clear();
                case ORDER -> order.clear();
                case TRADE -> trade.clear();
                case PORTFOLIO_SNAPSHOT -> snapshotAt = EpochMicros.NULL;
            }
        }
        type = null;
        journaledAt = EpochMicros.NULL;
    }

    public void copyFrom(IngestMessage o) {
        clear();
        type = o.type;
        journaledAt = o.journaledAt;
        switch (o.type) {
            case TICK -> tick.copyFrom(o.tick);
            case ORDER -> order.copyFrom(o.order);
            case TRADE -> trade.copyFrom(o.trade);
            case PORTFOLIO_SNAPSHOT -> snapshotAt = o.snapshotAt;
        }
    }

    /** Makes this a portfolio snapshot mark due at {@code atMicros}. */
    public void portfolioSnapshot(long atMicros) {
        clear();
        type = MessageType.PORTFOLIO_SNAPSHOT;
        snapshotAt = atMicros;
    }

    /** The exchange of whichever record is live; null for a portfolio snapshot mark. */
    public String exchange() {
        return switch (type) {
            case TICK -> tick.exchange;
            case ORDER -> order.exchange;
            case TRADE -> trade.exchange;
            case PORTFOLIO_SNAPSHOT -> null;
        };
    }

    public String symbol() {
        return switch (type) {
            case TICK -> tick.symbol;
            case ORDER -> order.symbol;
            case TRADE -> trade.symbol;
            case PORTFOLIO_SNAPSHOT -> null;
        };
    }
}

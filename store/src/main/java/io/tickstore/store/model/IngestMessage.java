package io.tickstore.store.model;

/**
 * One ingest message of any type, as a reusable holder: {@link #type} says which record is live.
 * Parsers fill these; the pipeline copies them into pre-allocated ring events; the journal codec
 * reads and writes them.
 */
public final class IngestMessage {
    public MessageType type;
    public final TickRecord tick = new TickRecord();
    public final OrderRecord order = new OrderRecord();
    public final TradeRecord trade = new TradeRecord();

    /** Resets the record of the current type only: the others were never touched since their last clear. */
    public void clear() {
        if (type != null) {
            switch (type) {
                case TICK -> tick.clear();
                case ORDER -> order.clear();
                case TRADE -> trade.clear();
            }
        }
        type = null;
    }

    public void copyFrom(IngestMessage o) {
        clear();
        type = o.type;
        switch (o.type) {
            case TICK -> tick.copyFrom(o.tick);
            case ORDER -> order.copyFrom(o.order);
            case TRADE -> trade.copyFrom(o.trade);
        }
    }

    /** The exchange of whichever record is live. */
    public String exchange() {
        return switch (type) {
            case TICK -> tick.exchange;
            case ORDER -> order.exchange;
            case TRADE -> trade.exchange;
        };
    }

    public String symbol() {
        return switch (type) {
            case TICK -> tick.symbol;
            case ORDER -> order.symbol;
            case TRADE -> trade.symbol;
        };
    }
}

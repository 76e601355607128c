package io.tickstore.ingest.protocol;

import static io.tickstore.ingest.protocol.Field.*;

import io.tickstore.store.model.MessageType;

/** Which fields each message type allows and requires, as bit sets over {@link Field}. */
final class MessageSchema {
    private MessageSchema() {
    }

    static final long TICK_REQUIRED = bits(TYPE, EXCHANGE, SYMBOL, TIMESTAMP, SEQUENCE_NUMBER);
    static final long TICK_ALLOWED = TICK_REQUIRED | bits(BID_PRICE, ASK_PRICE, BID_SIZE, ASK_SIZE, LAST_PRICE,
            LAST_SIZE, VOLUME, CONDITIONS, TAPE);

    static final long ORDER_REQUIRED = bits(TYPE, ORDER_ID, EXCHANGE, SYMBOL, SIDE, ORDER_TYPE, QUANTITY, STATUS);
    static final long ORDER_ALLOWED = ORDER_REQUIRED | bits(CLIENT_ORDER_ID, STRATEGY_ID, TIME_IN_FORCE, PRICE,
            STOP_PRICE, FILLED_QUANTITY, AVERAGE_FILL_PRICE, CREATED_AT, UPDATED_AT);

    /** A trade is a fill of one of our orders, so it names it. */
    static final long TRADE_REQUIRED = bits(TYPE, TRADE_ID, ORDER_ID, EXCHANGE, SYMBOL, SIDE, QUANTITY, PRICE,
            EXECUTED_AT);
    static final long TRADE_ALLOWED = TRADE_REQUIRED | bits(STRATEGY_ID, COMMISSION, FEES, EXCHANGE_TRADE_ID,
            LIQUIDITY);

    static long required(MessageType type) {
        return switch (type) {
            case TICK -> TICK_REQUIRED;
            case ORDER -> ORDER_REQUIRED;
            case TRADE -> TRADE_REQUIRED;
            case PORTFOLIO_SNAPSHOT -> throw new IllegalArgumentException("not a client message: " + type.text);
        };
    }

    static long allowed(MessageType type) {
        return switch (type) {
            case TICK -> TICK_ALLOWED;
            case ORDER -> ORDER_ALLOWED;
            case TRADE -> TRADE_ALLOWED;
            case PORTFOLIO_SNAPSHOT -> throw new IllegalArgumentException("not a client message: " + type.text);
        };
    }

    private static long bits(Field... fields) {
        long b = 0;
        for (Field f : fields) {
            b |= f.bit;
        }
        return b;
    }
}

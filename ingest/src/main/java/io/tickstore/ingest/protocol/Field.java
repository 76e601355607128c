package io.tickstore.ingest.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * Every field name the ingest protocol knows, with the JSON value it takes. Which fields a message
 * type allows and requires is in {@link MessageSchema}.
 */
enum Field {
    TYPE("type", Kind.TEXT, 16),
    EXCHANGE("exchange", Kind.IDENTIFIER, 32),
    SYMBOL("symbol", Kind.IDENTIFIER, 64),
    TIMESTAMP("timestamp", Kind.TIME, 0),
    BID_PRICE("bid_price", Kind.PRICE, 0),
    ASK_PRICE("ask_price", Kind.PRICE, 0),
    BID_SIZE("bid_size", Kind.SIZE, 0),
    ASK_SIZE("ask_size", Kind.SIZE, 0),
    LAST_PRICE("last_price", Kind.PRICE, 0),
    LAST_SIZE("last_size", Kind.SIZE, 0),
    VOLUME("volume", Kind.SIZE, 0),
    SEQUENCE_NUMBER("sequence_number", Kind.SEQUENCE, 0),
    CONDITIONS("conditions", Kind.TEXT, 64),
    TAPE("tape", Kind.TEXT, 16),
    ORDER_ID("order_id", Kind.IDENTIFIER, 64),
    CLIENT_ORDER_ID("client_order_id", Kind.IDENTIFIER, 64),
    STRATEGY_ID("strategy_id", Kind.IDENTIFIER, 64),
    SIDE("side", Kind.CHOICE, 0),
    ORDER_TYPE("order_type", Kind.CHOICE, 0),
    TIME_IN_FORCE("time_in_force", Kind.CHOICE, 0),
    QUANTITY("quantity", Kind.SIZE, 0),
    PRICE("price", Kind.PRICE, 0),
    STOP_PRICE("stop_price", Kind.PRICE, 0),
    STATUS("status", Kind.CHOICE, 0),
    FILLED_QUANTITY("filled_quantity", Kind.SIZE, 0),
    AVERAGE_FILL_PRICE("average_fill_price", Kind.PRICE, 0),
    CREATED_AT("created_at", Kind.TIME, 0),
    UPDATED_AT("updated_at", Kind.TIME, 0),
    TRADE_ID("trade_id", Kind.IDENTIFIER, 64),
    EXECUTED_AT("executed_at", Kind.TIME, 0),
    COMMISSION("commission", Kind.PRICE, 0),
    FEES("fees", Kind.PRICE, 0),
    EXCHANGE_TRADE_ID("exchange_trade_id", Kind.IDENTIFIER, 64),
    LIQUIDITY("liquidity", Kind.CHOICE, 0);

    /** What JSON a field takes. */
    enum Kind {
        /** Non-empty string without control characters, at most {@link #maxLength} chars. */
        IDENTIFIER,
        /** Free string, at most {@link #maxLength} chars. */
        TEXT,
        /** Decimal, any sign, at most 8 fraction digits: JSON number or string. */
        PRICE,
        /** Like PRICE, but never negative. */
        SIZE,
        /** Non-negative JSON integer. */
        SEQUENCE,
        /** ISO-8601 string with zone, or integer epoch microseconds. */
        TIME,
        /** One of a fixed set of lower-case words. */
        CHOICE
    }

    static final Field[] ALL = values();
    /** By name length, then in declaration order: a name is compared only with names of its length. */
    private static final Field[][] BY_LENGTH;

    static {
        int longest = 0;
        for (Field f : ALL) {
            longest = Math.max(longest, f.jsonName.length());
        }
        List<List<Field>> lists = new ArrayList<>();
        for (int i = 0; i <= longest; i++) {
            lists.add(new ArrayList<>());
        }
        for (Field f : ALL) {
            lists.get(f.jsonName.length()).add(f);
        }
        BY_LENGTH = new Field[longest + 1][];
        for (int i = 0; i <= longest; i++) {
            BY_LENGTH[i] = lists.get(i).toArray(new Field[0]);
        }
    }

    final String jsonName;
    final Kind kind;
    final int maxLength;
    final long bit;

    Field(String jsonName, Kind kind, int maxLength) {
        this.jsonName = jsonName;
        this.kind = kind;
        this.maxLength = maxLength;
        this.bit = 1L << ordinal();
    }

    /** The field whose name is {@code name[0, length)}, or null. */
    static Field named(char[] name, int length) {
        if (length >= BY_LENGTH.length) {
            return null;
        }
        for (Field f : BY_LENGTH[length]) {
            String n = f.jsonName;
            int i = 0;
            while (i < length && n.charAt(i) == name[i]) {
                i++;
            }
            if (i == length) {
                return f;
            }
        }
        return null;
    }
}

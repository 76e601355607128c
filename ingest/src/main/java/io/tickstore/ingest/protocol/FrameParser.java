package io.tickstore.ingest.protocol;

import static io.tickstore.ingest.protocol.Field.*;

import io.tickstore.store.model.CodedValue;
import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.EpochMicros;
import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.model.Liquidity;
import io.tickstore.store.model.MessageType;
import io.tickstore.store.model.OrderRecord;
import io.tickstore.store.model.OrderStatus;
import io.tickstore.store.model.OrderType;
import io.tickstore.store.model.Side;
import io.tickstore.store.model.TickRecord;
import io.tickstore.store.model.TimeInForce;
import io.tickstore.store.model.TradeRecord;
import io.tickstore.ingest.protocol.JsonTokens.JsonSyntaxError;

/**
 * Parses one ingest frame — a JSON object or an array of them — into reusable
 * {@link IngestMessage}s, validating every field. A frame is all or nothing: the first problem
 * rejects it with a {@link FrameRejection} naming the element, the field and what is wrong.
 *
 * <p>Decimals go from the JSON text straight to {@link Decimal8} units; no binary floating point.
 * Field values are copied once into a scratch buffer and converted from there; short repeated
 * strings are interned. One parser per connection; not thread-safe.
 */
public final class FrameParser {
    private static final byte STRING = 1;
    private static final byte INTEGER = 2;
    private static final byte FLOAT = 3;
    private static final byte BOOLEAN = 4;
    private static final byte OBJECT = 5;
    private static final byte ARRAY = 6;
    private static final int MAX_NAME_IN_MESSAGE = 64;
    private static final int INITIAL_HOLDERS = 16;

    private final int maxMessages;
    /**
     * Message holders, made as frames need them and then reused: a connection that only ever sends small
     * frames holds a few, not {@code maxMessages} (a thousand connections would otherwise hold gigabytes).
     */
    private IngestMessage[] messages;
    private final TextInterner interner = new TextInterner(4096);
    private final JsonTokens tokens = new JsonTokens();

    private final byte[] kinds = new byte[Field.ALL.length];
    private final int[] starts = new int[Field.ALL.length];
    private final int[] lengths = new int[Field.ALL.length];
    /** A frame of rows: the field of each column, from its header. */
    private final Field[] header = new Field[Field.ALL.length];
    private char[] text = new char[4096];
    private int textUsed;
    private long present;
    private int element;

    /** @param maxMessages the most messages one frame may hold; at least 1 */
    public FrameParser(int maxMessages) {
        if (maxMessages < 1) {
            throw new IllegalArgumentException("maxMessages must be at least 1, got " + maxMessages);
        }
        this.maxMessages = maxMessages;
        this.messages = new IngestMessage[Math.min(maxMessages, INITIAL_HOLDERS)];
        for (int i = 0; i < messages.length; i++) {
            messages[i] = new IngestMessage();
        }
    }

    /** Holder {@code i}, growing the array (doubling, at most {@code maxMessages}) the first time it is needed. */
    private IngestMessage holder(int i) {
        if (i >= messages.length) {
            IngestMessage[] bigger = java.util.Arrays.copyOf(messages, Math.min(maxMessages, Math.max(i + 1, messages.length * 2)));
            for (int j = messages.length; j < bigger.length; j++) {
                bigger[j] = new IngestMessage();
            }
            messages = bigger;
        }
        return messages[i];
    }

    /** The parsed messages; the first {@code n} returned by the last {@link #parse} are valid. */
    public IngestMessage[] messages() {
        return messages;
    }

    /**
     * Parses {@code frame}; returns how many messages it held. Its chars are encoded one by one (a
     * surrogate on its own in 3 bytes, as CESU-8 does), so a string holding a lone surrogate half, or a
     * pair whose second half is written as a JSON escape, reads as those chars, not as '?'.
     */
    public int parse(String frame) throws FrameRejection {
        byte[] bytes = new byte[frame.length() * 3];
        int n = 0;
        for (int i = 0; i < frame.length(); i++) {
            char c = frame.charAt(i);
            if (c < 0x80) {
                bytes[n++] = (byte) c;
            } else if (c < 0x800) {
                bytes[n++] = (byte) (0xc0 | (c >> 6));
                bytes[n++] = (byte) (0x80 | (c & 0x3f));
            } else {
                bytes[n++] = (byte) (0xe0 | (c >> 12));
                bytes[n++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                bytes[n++] = (byte) (0x80 | (c & 0x3f));
            }
        }
        return parse(bytes, n);
    }

    /**
     * Parses a frame's UTF-8 bytes (the caller has checked they are valid UTF-8) without making a
     * string of them first; returns how many messages it held.
     */
    public int parse(byte[] frame) throws FrameRejection {
        return parse(frame, frame.length);
    }

    private int parse(byte[] frame, int length) throws FrameRejection {
        tokens.reset(frame, 0, length);
        element = 0;
        int count = 0;
        try {
            int t = tokens.next();
            if (t == JsonTokens.START_OBJECT) {
                parseObject(messages[0]);
                count = 1;
            } else if (t == JsonTokens.START_ARRAY) {
                t = tokens.next();
                if (t == JsonTokens.START_ARRAY) {
                    count = parseRows();
                } else {
                    for (; t != JsonTokens.END_ARRAY; t = tokens.next()) {
                        element = count;
                        checkRoom(count);
                        if (t != JsonTokens.START_OBJECT) {
                            throw reject(null, null, "expected a JSON object, got " + describe(t));
                        }
                        parseObject(holder(count));
                        count++;
                    }
                }
                if (count == 0) {
                    throw new FrameRejection("empty frame: expected a message object or a non-empty array of them", null);
                }
            } else if (t == JsonTokens.END) {
                throw new FrameRejection("empty frame: expected a message object or a non-empty array of them", null);
            } else {
                throw new FrameRejection("expected a JSON object or an array of objects, got " + describe(t), null);
            }
            int trailing = tokens.next();
            if (trailing != JsonTokens.END) {
                throw new FrameRejection("malformed JSON: unexpected content after the frame's value: "
                        + describe(trailing), null);
            }
        } catch (JsonSyntaxError e) {
            throw new FrameRejection("malformed JSON at line " + e.line + ", column " + e.column + ": "
                    + e.getMessage(), null);
        }
        return count;
    }

    private void parseObject(IngestMessage out) throws JsonSyntaxError, FrameRejection {
        present = 0;
        textUsed = 0;
        long seen = 0; // unlike present, includes fields given as null: a key twice is refused either way
        Field duplicate = null;
        String unknown = null;
        int t;
        while ((t = tokens.next()) == JsonTokens.FIELD_NAME) {
            Field f = Field.named(tokens.text(), tokens.textLength());
            if (f == null && unknown == null) {
                unknown = new String(tokens.text(), 0, tokens.textLength());
            }
            t = tokens.next();
            if (f == null) {
                tokens.skipChildren(t);
                continue;
            }
            if ((seen & f.bit) != 0) {
                // Reported after the scan so the rejection can carry the element's type.
                if (duplicate == null) {
                    duplicate = f;
                }
                tokens.skipChildren(t);
                continue;
            }
            seen |= f.bit;
            if (t == JsonTokens.NULL) {
                continue; // null means absent
            }
            present |= f.bit;
            record(t, f);
        }
        if (duplicate != null) {
            throw reject(duplicate == TYPE ? null : typeOrNull(), duplicate, "appears more than once");
        }
        MessageType type = type();
        if (unknown != null) {
            throw reject(type, null, truncate(unknown) + ": unknown field for type " + type.text);
        }
        build(out, type);
    }

    private void checkRoom(int count) throws FrameRejection {
        if (count == maxMessages) {
            throw new FrameRejection("frame holds more than " + maxMessages
                    + " messages (ingest.max_messages_per_frame); split it", null);
        }
    }

    /**
     * A frame of rows (the first element, already opened, is the header): each later element an array
     * of values, the i-th for the header's i-th field, {@code null} for absent. Returns the rows.
     */
    private int parseRows() throws JsonSyntaxError, FrameRejection {
        int columns = parseHeader();
        int count = 0;
        int t;
        while ((t = tokens.next()) != JsonTokens.END_ARRAY) {
            element = count + 1;
            checkRoom(count);
            if (t != JsonTokens.START_ARRAY) {
                throw reject(null, null, "expected an array of values (element 0 is a header), got " + describe(t));
            }
            parseRow(holder(count), columns);
            count++;
        }
        if (count == 0) {
            throw new FrameRejection("empty frame: element 0 is a header, but no rows of values follow it", null);
        }
        return count;
    }

    /** The header's field names into {@link #header}; returns how many. */
    private int parseHeader() throws JsonSyntaxError, FrameRejection {
        element = 0;
        int n = 0;
        long seen = 0;
        int t;
        while ((t = tokens.next()) != JsonTokens.END_ARRAY) {
            if (t != JsonTokens.STRING) {
                throw headerRejection("expected field names (strings), got " + describe(t));
            }
            Field f = Field.named(tokens.text(), tokens.textLength());
            if (f == null) {
                throw headerRejection(truncate(new String(tokens.text(), 0, tokens.textLength())) + ": unknown field");
            }
            if ((seen & f.bit) != 0) {
                throw headerRejection(f.jsonName + ": appears more than once");
            }
            seen |= f.bit;
            header[n++] = f;
        }
        if ((seen & TYPE.bit) == 0) {
            throw headerRejection("type: required (each row's type: tick, order or trade)");
        }
        return n;
    }

    private FrameRejection headerRejection(String problem) {
        return new FrameRejection("element 0 (the header): " + problem, null);
    }

    private void parseRow(IngestMessage out, int columns) throws JsonSyntaxError, FrameRejection {
        present = 0;
        textUsed = 0;
        for (int i = 0; i < columns; i++) {
            int t = tokens.next();
            if (t == JsonTokens.END_ARRAY) {
                throw reject(typeOrNull(), null, "has " + i + " values; the header names " + columns);
            }
            Field f = header[i];
            if (t != JsonTokens.NULL) {
                present |= f.bit;
                record(t, f);
            }
        }
        if (tokens.next() != JsonTokens.END_ARRAY) {
            throw reject(typeOrNull(), null, "has more values than the " + columns + " the header names");
        }
        build(out, type());
    }

    /** Checks the recorded fields against the type's schema and fills {@code out}. */
    private void build(IngestMessage out, MessageType type) throws FrameRejection {
        long missing = MessageSchema.required(type) & ~present;
        if (missing != 0) {
            throw reject(type, Field.ALL[Long.numberOfTrailingZeros(missing)], "required for type " + type.text);
        }
        long extra = present & ~MessageSchema.allowed(type);
        if (extra != 0) {
            throw reject(type, Field.ALL[Long.numberOfTrailingZeros(extra)], "not a field of type " + type.text);
        }
        out.clear();
        out.type = type;
        switch (type) {
            case TICK -> buildTick(out.tick);
            case ORDER -> buildOrder(out.order);
            case TRADE -> buildTrade(out.trade);
        }
    }

    private void record(int t, Field f) throws JsonSyntaxError {
        byte kind = switch (t) {
            case JsonTokens.STRING -> STRING;
            case JsonTokens.INTEGER -> INTEGER;
            case JsonTokens.FLOAT -> FLOAT;
            case JsonTokens.TRUE, JsonTokens.FALSE -> BOOLEAN;
            case JsonTokens.START_OBJECT -> OBJECT;
            case JsonTokens.START_ARRAY -> ARRAY;
            default -> throw new IllegalStateException("unexpected token " + t);
        };
        kinds[f.ordinal()] = kind;
        if (kind == OBJECT || kind == ARRAY) {
            tokens.skipChildren(t);
            lengths[f.ordinal()] = 0;
            return;
        }
        int len = tokens.textLength();
        if (textUsed + len > text.length) {
            char[] bigger = new char[Math.max(text.length * 2, textUsed + len)];
            System.arraycopy(text, 0, bigger, 0, textUsed);
            text = bigger;
        }
        System.arraycopy(tokens.text(), 0, text, textUsed, len);
        starts[f.ordinal()] = textUsed;
        lengths[f.ordinal()] = len;
        textUsed += len;
    }

    private MessageType type() throws FrameRejection {
        if ((present & TYPE.bit) == 0) {
            throw reject(null, TYPE, "required: tick, order or trade");
        }
        if (kinds[TYPE.ordinal()] != STRING) {
            throw reject(null, TYPE, "expected a string, got " + kindName(kinds[TYPE.ordinal()]));
        }
        int s = starts[TYPE.ordinal()];
        int n = lengths[TYPE.ordinal()];
        for (MessageType m : MessageType.FROM_CLIENTS) {
            if (sameText(m.text, s, n, true)) {
                return m;
            }
        }
        throw reject(null, TYPE, "unknown type \"" + truncate(new String(text, s, Math.min(n, MAX_NAME_IN_MESSAGE + 1)))
                + "\"; expected tick, order or trade");
    }

    /** The element's type if its type field is valid, else null; never rejects. */
    private MessageType typeOrNull() {
        try {
            return type();
        } catch (FrameRejection e) {
            return null;
        }
    }

    private void buildTick(TickRecord t) throws FrameRejection {
        MessageType type = MessageType.TICK;
        t.exchange = identifier(type, EXCHANGE);
        t.symbol = identifier(type, SYMBOL);
        t.timestamp = time(type, TIMESTAMP);
        t.sequenceNumber = sequence(type, SEQUENCE_NUMBER);
        t.bidPrice = decimal(type, BID_PRICE, false);
        t.askPrice = decimal(type, ASK_PRICE, false);
        t.bidSize = decimal(type, BID_SIZE, true);
        t.askSize = decimal(type, ASK_SIZE, true);
        t.lastPrice = decimal(type, LAST_PRICE, false);
        t.lastSize = decimal(type, LAST_SIZE, true);
        t.volume = decimal(type, VOLUME, true);
        t.conditions = text(type, CONDITIONS);
        t.tape = text(type, TAPE);
        if (t.bidPrice == Decimal8.NULL && t.askPrice == Decimal8.NULL && t.lastPrice == Decimal8.NULL) {
            throw reject(type, null, "a tick needs at least one of bid_price, ask_price, last_price");
        }
        if (t.lastPrice != Decimal8.NULL && t.lastSize == Decimal8.NULL) {
            throw reject(type, LAST_SIZE, "required when last_price is given (a trade tick needs its size)");
        }
        if (t.lastPrice == Decimal8.NULL && t.lastSize != Decimal8.NULL) {
            throw reject(type, LAST_PRICE, "required when last_size is given");
        }
    }

    private void buildOrder(OrderRecord o) throws FrameRejection {
        MessageType type = MessageType.ORDER;
        o.orderId = identifier(type, ORDER_ID);
        o.clientOrderId = identifier(type, CLIENT_ORDER_ID);
        o.exchange = identifier(type, EXCHANGE);
        o.symbol = identifier(type, SYMBOL);
        o.strategyId = identifier(type, STRATEGY_ID);
        o.side = choice(type, SIDE, Side.values());
        o.orderType = choice(type, ORDER_TYPE, OrderType.values());
        o.timeInForce = choice(type, TIME_IN_FORCE, TimeInForce.values());
        o.quantity = decimal(type, QUANTITY, true);
        o.price = decimal(type, PRICE, false);
        o.stopPrice = decimal(type, STOP_PRICE, false);
        o.status = choice(type, STATUS, OrderStatus.values());
        o.filledQuantity = decimal(type, FILLED_QUANTITY, true);
        o.averageFillPrice = decimal(type, AVERAGE_FILL_PRICE, false);
        o.createdAt = time(type, CREATED_AT);
        o.updatedAt = time(type, UPDATED_AT);
        if (o.quantity == 0) {
            throw reject(type, QUANTITY, "must be greater than 0");
        }
        if ((o.orderType == OrderType.LIMIT || o.orderType == OrderType.STOP_LIMIT) && o.price == Decimal8.NULL) {
            throw reject(type, PRICE, "required for a " + o.orderType.text() + " order");
        }
        if ((o.orderType == OrderType.STOP || o.orderType == OrderType.STOP_LIMIT) && o.stopPrice == Decimal8.NULL) {
            throw reject(type, STOP_PRICE, "required for a " + o.orderType.text() + " order");
        }
        if (o.filledQuantity != Decimal8.NULL && o.filledQuantity > o.quantity) {
            throw reject(type, FILLED_QUANTITY, "must not exceed quantity " + Decimal8.toString(o.quantity)
                    + ", got " + Decimal8.toString(o.filledQuantity));
        }
    }

    private void buildTrade(TradeRecord t) throws FrameRejection {
        MessageType type = MessageType.TRADE;
        t.tradeId = identifier(type, TRADE_ID);
        t.orderId = identifier(type, ORDER_ID);
        t.exchange = identifier(type, EXCHANGE);
        t.symbol = identifier(type, SYMBOL);
        t.strategyId = identifier(type, STRATEGY_ID);
        t.side = choice(type, SIDE, Side.values());
        t.quantity = decimal(type, QUANTITY, true);
        t.price = decimal(type, PRICE, false);
        t.executedAt = time(type, EXECUTED_AT);
        t.commission = decimal(type, COMMISSION, false);
        t.fees = decimal(type, FEES, false);
        t.exchangeTradeId = identifier(type, EXCHANGE_TRADE_ID);
        t.liquidity = choice(type, LIQUIDITY, Liquidity.values());
        if (t.quantity == 0) {
            throw reject(type, QUANTITY, "must be greater than 0");
        }
    }

    // ---- field conversions; each returns the "absent" sentinel when the field was not given ----

    private String identifier(MessageType type, Field f) throws FrameRejection {
        if (!has(f)) {
            return null;
        }
        expectString(type, f);
        int s = starts[f.ordinal()];
        int n = lengths[f.ordinal()];
        if (n == 0) {
            throw reject(type, f, "must not be empty");
        }
        if (n > f.maxLength) {
            throw reject(type, f, "longer than " + f.maxLength + " characters (" + n + ")");
        }
        for (int i = s; i < s + n; i++) {
            if (text[i] < 0x20 || text[i] == 0x7f) {
                throw reject(type, f, "contains a control character");
            }
        }
        return f == ORDER_ID || f == TRADE_ID || f == CLIENT_ORDER_ID || f == EXCHANGE_TRADE_ID
                ? new String(text, s, n)
                : interner.intern(text, s, n);
    }

    private String text(MessageType type, Field f) throws FrameRejection {
        if (!has(f)) {
            return null;
        }
        expectString(type, f);
        int n = lengths[f.ordinal()];
        if (n > f.maxLength) {
            throw reject(type, f, "longer than " + f.maxLength + " characters (" + n + ")");
        }
        return interner.intern(text, starts[f.ordinal()], n);
    }

    private long decimal(MessageType type, Field f, boolean nonNegative) throws FrameRejection {
        if (!has(f)) {
            return Decimal8.NULL;
        }
        byte kind = kinds[f.ordinal()];
        if (kind != INTEGER && kind != FLOAT && kind != STRING) {
            throw reject(type, f, "expected a decimal number, got " + kindName(kind));
        }
        long v;
        try {
            v = Decimal8.parse(text, starts[f.ordinal()], lengths[f.ordinal()]);
        } catch (Decimal8.FormatException e) {
            throw reject(type, f, e.getMessage());
        }
        if (nonNegative && v < 0) {
            throw reject(type, f, "must not be negative, got " + Decimal8.toString(v));
        }
        return v;
    }

    private long time(MessageType type, Field f) throws FrameRejection {
        if (!has(f)) {
            return EpochMicros.NULL;
        }
        byte kind = kinds[f.ordinal()];
        try {
            if (kind == STRING) {
                return EpochMicros.parseIso(text, starts[f.ordinal()], lengths[f.ordinal()]);
            }
            if (kind == INTEGER) {
                return EpochMicros.fromEpochMicros(integer(type, f));
            }
        } catch (EpochMicros.FormatException e) {
            throw reject(type, f, e.getMessage());
        }
        throw reject(type, f, "expected an ISO-8601 string or integer epoch microseconds, got " + kindName(kind));
    }

    private long sequence(MessageType type, Field f) throws FrameRejection {
        if (kinds[f.ordinal()] != INTEGER) {
            throw reject(type, f, "expected a non-negative integer, got " + kindName(kinds[f.ordinal()]));
        }
        long v = integer(type, f);
        if (v < 0) {
            throw reject(type, f, "must not be negative, got " + v);
        }
        return v;
    }

    /** A JSON integer's text as a long, refusing overflow. */
    private long integer(MessageType type, Field f) throws FrameRejection {
        int s = starts[f.ordinal()];
        int end = s + lengths[f.ordinal()];
        boolean negative = text[s] == '-';
        int i = negative ? s + 1 : s;
        long v = 0;
        for (; i < end; i++) {
            int d = text[i] - '0';
            if (v > (Long.MAX_VALUE - d) / 10) {
                throw reject(type, f, "integer out of range: " + truncate(new String(text, s, end - s)));
            }
            v = v * 10 + d;
        }
        return negative ? -v : v;
    }

    private <E extends Enum<E> & CodedValue> E choice(MessageType type, Field f, E[] values) throws FrameRejection {
        if (!has(f)) {
            return null;
        }
        expectString(type, f);
        int s = starts[f.ordinal()];
        int n = lengths[f.ordinal()];
        for (E e : values) {
            if (sameText(e.text(), s, n, true)) {
                return e;
            }
        }
        throw reject(type, f, "expected one of " + CodedValue.allowed(values) + ", got \""
                + truncate(new String(text, s, Math.min(n, MAX_NAME_IN_MESSAGE + 1))) + "\"");
    }

    /** Whether scratch text {@code [s, s+n)} spells {@code word} (lower-case ASCII), optionally in any case. */
    private boolean sameText(String word, int s, int n, boolean ignoreCase) {
        if (word.length() != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = text[s + i];
            if (ignoreCase && c >= 'A' && c <= 'Z') {
                c = (char) (c + ('a' - 'A'));
            }
            if (c != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private boolean has(Field f) {
        return (present & f.bit) != 0;
    }

    private void expectString(MessageType type, Field f) throws FrameRejection {
        if (kinds[f.ordinal()] != STRING) {
            throw reject(type, f, "expected a string, got " + kindName(kinds[f.ordinal()]));
        }
    }

    private FrameRejection reject(MessageType type, Field f, String problem) {
        return new FrameRejection("element " + element + ": " + (f == null ? "" : f.jsonName + ": ") + problem, type);
    }

    private static String kindName(byte kind) {
        return switch (kind) {
            case STRING -> "a string";
            case INTEGER -> "a number";
            case FLOAT -> "a number with a fraction or exponent";
            case BOOLEAN -> "true/false";
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            default -> "nothing";
        };
    }

    private static String describe(int t) {
        return switch (t) {
            case JsonTokens.START_OBJECT -> "an object";
            case JsonTokens.START_ARRAY -> "an array";
            case JsonTokens.STRING -> "a string";
            case JsonTokens.INTEGER, JsonTokens.FLOAT -> "a number";
            case JsonTokens.TRUE, JsonTokens.FALSE -> "true/false";
            case JsonTokens.NULL -> "null";
            default -> "token " + t;
        };
    }

    private static String truncate(String s) {
        return s.length() <= MAX_NAME_IN_MESSAGE ? s : s.substring(0, MAX_NAME_IN_MESSAGE) + "...";
    }
}

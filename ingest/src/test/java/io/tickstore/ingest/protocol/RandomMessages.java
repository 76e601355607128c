package io.tickstore.ingest.protocol;

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
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Random valid messages for the fuzz tests, and a renderer that writes a message as JSON in a
 * randomly chosen but equivalent form (member order, whitespace, decimal notation, number or
 * string, ISO offset or epoch integer, enum case, explicit nulls, escapes). Every rendering of a
 * message must parse back to exactly that message.
 */
final class RandomMessages {
    private static final String ID_CHARS = "ABCXYZabcxyz0189-_.:/ \"\\\u00e9\u00df\u4e2d\ud83d\ude00";
    private static final String TEXT_CHARS = ID_CHARS + "\u0000\u0001\n\t\u001f\u007f";
    private static final String[] EXCHANGES = {"NASDAQ", "NYSE", "ARCA", "CME", "BINANCE"};
    private static final String[] SYMBOLS = {"AAPL", "MSFT", "ES.H24", "BTC-USDT", "BRK.B"};
    private static final String[] WHITESPACE = {"", "", "", " ", "\n", "\t", "  ", "\r\n"};

    private final Random random;

    RandomMessages(Random random) {
        this.random = random;
    }

    // ---- values

    /** A random in-range Decimal8 value, often round, sometimes tiny or at the limits. */
    long decimal(boolean nonNegative) {
        long v = switch (random.nextInt(8)) {
            case 0 -> 0;
            case 1 -> Decimal8.MAX_UNSCALED;
            case 2 -> 1 + random.nextInt(1000);
            case 3 -> (1 + random.nextInt(100_000)) * Decimal8.SCALE;
            default -> {
                long u = Math.floorMod(random.nextLong(), Decimal8.MAX_UNSCALED + 1);
                long round = POW10[random.nextInt(17)];
                yield u / round * round;
            }
        };
        return !nonNegative && random.nextInt(3) == 0 ? -v : v;
    }

    private static final long[] POW10 = new long[19];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    long positiveDecimal() {
        long v;
        do {
            v = decimal(true);
        } while (v == 0);
        return v;
    }

    long timestamp() {
        return EpochMicros.MIN_ACCEPTED_INTEGER
                + Math.floorMod(random.nextLong(), EpochMicros.MAX_ACCEPTED_EXCLUSIVE - EpochMicros.MIN_ACCEPTED_INTEGER);
    }

    String identifier(int maxLength) {
        if (random.nextInt(4) > 0) {
            return random.nextBoolean() ? EXCHANGES[random.nextInt(EXCHANGES.length)] : SYMBOLS[random.nextInt(SYMBOLS.length)];
        }
        return randomText(ID_CHARS, 1, maxLength);
    }

    String text(int maxLength) {
        return randomText(TEXT_CHARS, 0, maxLength);
    }

    private String randomText(String alphabet, int minLength, int maxLength) {
        int length = minLength + random.nextInt(maxLength - minLength + 1);
        StringBuilder sb = new StringBuilder(length);
        while (sb.length() < length) {
            int i = random.nextInt(alphabet.length());
            char c = alphabet.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (sb.length() + 2 > length) {
                    continue;
                }
                sb.append(c).append(alphabet.charAt(i + 1));
            } else if (!Character.isLowSurrogate(c)) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private <E> E pick(E[] values) {
        return values[random.nextInt(values.length)];
    }

    private boolean maybe() {
        return random.nextBoolean();
    }

    // ---- messages

    void randomMessage(IngestMessage m) {
        m.clear();
        m.type = pick(MessageType.FROM_CLIENTS.toArray(new MessageType[0]));
        switch (m.type) {
            case TICK -> randomTick(m.tick);
            case ORDER -> randomOrder(m.order);
            case TRADE -> randomTrade(m.trade);
        }
    }

    void randomTick(TickRecord t) {
        t.exchange = identifier(32);
        t.symbol = identifier(64);
        t.timestamp = timestamp();
        t.sequenceNumber = random.nextBoolean() ? random.nextInt(1000) : random.nextLong() & Long.MAX_VALUE;
        int prices = 1 + random.nextInt(7); // bit 0 bid, bit 1 ask, bit 2 last: at least one
        if ((prices & 1) != 0) {
            t.bidPrice = decimal(false);
        }
        if ((prices & 2) != 0) {
            t.askPrice = decimal(false);
        }
        if ((prices & 4) != 0) {
            t.lastPrice = decimal(false);
            t.lastSize = decimal(true);
        }
        if (maybe()) {
            t.bidSize = decimal(true);
        }
        if (maybe()) {
            t.askSize = decimal(true);
        }
        if (maybe()) {
            t.volume = decimal(true);
        }
        if (maybe()) {
            t.conditions = text(64);
        }
        if (maybe()) {
            t.tape = text(16);
        }
    }

    void randomOrder(OrderRecord o) {
        o.orderId = identifier(64);
        o.exchange = identifier(32);
        o.symbol = identifier(64);
        o.side = pick(Side.values());
        o.orderType = pick(OrderType.values());
        o.quantity = positiveDecimal();
        o.status = pick(OrderStatus.values());
        if (maybe()) {
            o.clientOrderId = identifier(64);
        }
        if (maybe()) {
            o.strategyId = identifier(64);
        }
        if (maybe()) {
            o.timeInForce = pick(TimeInForce.values());
        }
        if (o.orderType == OrderType.LIMIT || o.orderType == OrderType.STOP_LIMIT || maybe()) {
            o.price = decimal(false);
        }
        if (o.orderType == OrderType.STOP || o.orderType == OrderType.STOP_LIMIT || maybe()) {
            o.stopPrice = decimal(false);
        }
        if (maybe()) {
            o.filledQuantity = random.nextInt(4) == 0 ? o.quantity : Math.floorMod(random.nextLong(), o.quantity + 1);
        }
        if (maybe()) {
            o.averageFillPrice = decimal(false);
        }
        if (maybe()) {
            o.createdAt = timestamp();
        }
        if (maybe()) {
            o.updatedAt = timestamp();
        }
    }

    void randomTrade(TradeRecord t) {
        t.tradeId = identifier(64);
        t.exchange = identifier(32);
        t.symbol = identifier(64);
        t.side = pick(Side.values());
        t.quantity = positiveDecimal();
        t.price = decimal(false);
        t.executedAt = timestamp();
        t.orderId = identifier(64);
        if (maybe()) {
            t.strategyId = identifier(64);
        }
        if (maybe()) {
            t.commission = decimal(false);
        }
        if (maybe()) {
            t.fees = decimal(false);
        }
        if (maybe()) {
            t.exchangeTradeId = identifier(64);
        }
        if (maybe()) {
            t.liquidity = pick(Liquidity.values());
        }
    }

    // ---- rendering

    /** The members of {@code m} as {@code "name":value} texts, each value in a random equivalent form. */
    List<String> members(IngestMessage m) {
        List<String> out = new ArrayList<>();
        out.add(member("type", quote(m.type.text)));
        switch (m.type) {
            case TICK -> {
                TickRecord t = m.tick;
                identifierMember(out, "exchange", t.exchange);
                identifierMember(out, "symbol", t.symbol);
                timeMember(out, "timestamp", t.timestamp);
                out.add(member("sequence_number", Long.toString(t.sequenceNumber)));
                decimalMember(out, "bid_price", t.bidPrice);
                decimalMember(out, "ask_price", t.askPrice);
                decimalMember(out, "bid_size", t.bidSize);
                decimalMember(out, "ask_size", t.askSize);
                decimalMember(out, "last_price", t.lastPrice);
                decimalMember(out, "last_size", t.lastSize);
                decimalMember(out, "volume", t.volume);
                identifierMember(out, "conditions", t.conditions);
                identifierMember(out, "tape", t.tape);
            }
            case ORDER -> {
                OrderRecord o = m.order;
                identifierMember(out, "order_id", o.orderId);
                identifierMember(out, "client_order_id", o.clientOrderId);
                identifierMember(out, "exchange", o.exchange);
                identifierMember(out, "symbol", o.symbol);
                identifierMember(out, "strategy_id", o.strategyId);
                choiceMember(out, "side", o.side);
                choiceMember(out, "order_type", o.orderType);
                choiceMember(out, "time_in_force", o.timeInForce);
                decimalMember(out, "quantity", o.quantity);
                decimalMember(out, "price", o.price);
                decimalMember(out, "stop_price", o.stopPrice);
                choiceMember(out, "status", o.status);
                decimalMember(out, "filled_quantity", o.filledQuantity);
                decimalMember(out, "average_fill_price", o.averageFillPrice);
                timeMember(out, "created_at", o.createdAt);
                timeMember(out, "updated_at", o.updatedAt);
            }
            case TRADE -> {
                TradeRecord t = m.trade;
                identifierMember(out, "trade_id", t.tradeId);
                identifierMember(out, "order_id", t.orderId);
                identifierMember(out, "exchange", t.exchange);
                identifierMember(out, "symbol", t.symbol);
                identifierMember(out, "strategy_id", t.strategyId);
                choiceMember(out, "side", t.side);
                decimalMember(out, "quantity", t.quantity);
                decimalMember(out, "price", t.price);
                timeMember(out, "executed_at", t.executedAt);
                decimalMember(out, "commission", t.commission);
                decimalMember(out, "fees", t.fees);
                identifierMember(out, "exchange_trade_id", t.exchangeTradeId);
                choiceMember(out, "liquidity", t.liquidity);
            }
        }
        Collections.shuffle(out, random);
        return out;
    }

    String object(List<String> members) {
        StringBuilder sb = new StringBuilder().append(ws()).append('{');
        for (int i = 0; i < members.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(ws()).append(members.get(i)).append(ws());
        }
        return sb.append('}').append(ws()).toString();
    }

    /** A whole frame: a bare object when there is one message and a coin says so, else an array. */
    String frame(List<String> objects) {
        if (objects.size() == 1 && maybe()) {
            return objects.get(0).strip();
        }
        return "[" + String.join(",", objects) + "]";
    }

    private String member(String name, String value) {
        return "\"" + name + "\"" + ws() + ":" + ws() + value;
    }

    private String ws() {
        return WHITESPACE[random.nextInt(WHITESPACE.length)];
    }

    private void absent(List<String> out, String name) {
        if (random.nextInt(4) == 0) {
            out.add(member(name, "null"));
        }
    }

    private void identifierMember(List<String> out, String name, String value) {
        if (value == null) {
            absent(out, name);
        } else {
            out.add(member(name, quote(value)));
        }
    }

    private void choiceMember(List<String> out, String name, CodedValue value) {
        if (value == null) {
            absent(out, name);
            return;
        }
        String word = value.text();
        StringBuilder sb = new StringBuilder(word.length());
        int mode = random.nextInt(4);
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            boolean upper = mode == 1 || (mode == 2 && i == 0) || (mode == 3 && random.nextBoolean());
            sb.append(upper ? Character.toUpperCase(c) : c);
        }
        out.add(member(name, quote(sb.toString())));
    }

    private void decimalMember(List<String> out, String name, long units) {
        if (units == Decimal8.NULL) {
            absent(out, name);
            return;
        }
        String text = decimalText(units);
        out.add(member(name, random.nextInt(3) == 0 ? "\"" + text + "\"" : text));
    }

    /** JSON number text whose exact value is {@code units} * 1e-8, in one of several notations. */
    String decimalText(long units) {
        BigDecimal v = BigDecimal.valueOf(units, 8);
        if (units == 0) {
            String[] zeros = {"0", "-0", "0.0", "0e5", "-0.000E-3", "0.00000000000"};
            return zeros[random.nextInt(zeros.length)];
        }
        BigDecimal stripped = v.stripTrailingZeros();
        switch (random.nextInt(6)) {
            case 0:
                return v.toPlainString();
            case 1:
                return stripped.toPlainString();
            case 2:
                return stripped.toPlainString() + (stripped.scale() > 0 ? "0".repeat(random.nextInt(12)) : "");
            case 3: {
                // unscaled digits with an exponent, possibly with extra zeros: 1505e-2, 150500e-4
                int extra = random.nextInt(5);
                BigDecimal u = new BigDecimal(stripped.unscaledValue()).movePointRight(extra);
                String e = random.nextBoolean() ? "e" : "E";
                int exponent = -stripped.scale() - extra;
                String sign = exponent >= 0 && random.nextBoolean() ? "+" : "";
                return u.toPlainString() + e + sign + exponent;
            }
            case 4: {
                // one digit before the point: 1.505e1
                String digits = stripped.unscaledValue().abs().toString();
                int exponent = digits.length() - 1 - stripped.scale();
                String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
                return (units < 0 ? "-" : "") + mantissa + "e" + exponent;
            }
            default: {
                // leading fraction zeros moved into the exponent: 0.0015e3
                int shift = 1 + random.nextInt(4);
                String plain = stripped.movePointLeft(shift).toPlainString();
                return plain + "e" + shift;
            }
        }
    }

    private void timeMember(List<String> out, String name, long micros) {
        if (micros == EpochMicros.NULL) {
            absent(out, name);
            return;
        }
        out.add(member(name, random.nextInt(3) == 0 ? Long.toString(micros) : quote(isoText(micros))));
    }

    /** An ISO-8601 text that truncates to {@code micros}: any offset, 0 to 9 fraction digits. */
    String isoText(long micros) {
        long nanos = Math.floorMod(micros, 1_000_000L) * 1_000L + (random.nextBoolean() ? random.nextInt(1000) : 0);
        Instant instant = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), nanos);
        int offsetMinutes = random.nextInt(3) == 0 ? 0 : random.nextInt(2 * 18 * 60 + 1) - 18 * 60;
        if (random.nextBoolean()) {
            offsetMinutes = offsetMinutes / 60 * 60;
        }
        ZoneOffset offset = ZoneOffset.ofTotalSeconds(offsetMinutes * 60);
        OffsetDateTime local = instant.atOffset(offset);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%04d-%02d-%02d", local.getYear(), local.getMonthValue(), local.getDayOfMonth()));
        sb.append(random.nextInt(4) == 0 ? 't' : 'T');
        sb.append(String.format(Locale.ROOT, "%02d:%02d:%02d", local.getHour(), local.getMinute(), local.getSecond()));
        String fraction = String.format(Locale.ROOT, "%09d", nanos);
        int minDigits = 9;
        while (minDigits > 0 && fraction.charAt(minDigits - 1) == '0') {
            minDigits--;
        }
        int digits = minDigits + random.nextInt(10 - minDigits);
        if (digits > 0) {
            sb.append('.').append(fraction, 0, digits);
        }
        if (offsetMinutes == 0 && random.nextBoolean()) {
            sb.append(random.nextInt(4) == 0 ? 'z' : 'Z');
        } else {
            int abs = Math.abs(offsetMinutes);
            String hh = String.format(Locale.ROOT, "%02d", abs / 60);
            String mm = String.format(Locale.ROOT, "%02d", abs % 60);
            sb.append(offsetMinutes < 0 ? '-' : '+').append(hh);
            int form = random.nextInt(3);
            if (form == 0 || (form == 2 && abs % 60 != 0)) {
                sb.append(':').append(mm);
            } else if (form == 1) {
                sb.append(mm);
            }
        }
        return sb.toString();
    }

    /** A JSON string literal, escaping what must be and, at random, some of what may be. */
    String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || random.nextInt(20) == 0) {
                if (c == '\n' && random.nextBoolean()) {
                    sb.append("\\n");
                } else if (c == '/' && random.nextBoolean()) {
                    sb.append("\\/");
                } else {
                    sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                }
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}

package io.tickstore.query.stream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tickstore.store.bars.Timeframe;
import java.io.IOException;

/**
 * One client op, parsed and validated: {@code {"op":"subscribe"|"unsubscribe","channel":…,"exchange":…,
 * "symbol":…[,"timeframe":…]}} for bars, ticks and quotes; {@code {"op":…,"channel":"orders"|"positions"
 * [,"exchange":…][,"symbol":…][,"strategy_id":…]}} for orders and positions. Every problem is reported as
 * {@code "<field>: <problem>"}; the first found wins (JSON syntax, unknown or repeated fields and
 * non-string values in document order, then the fields in the order op, channel, exchange, symbol,
 * timeframe, strategy_id).
 */
record StreamRequest(boolean subscribe, Topic topic) {
    private static final JsonFactory JSON = new JsonFactory();
    private static final int MAX_EXCHANGE = 32;
    private static final int MAX_SYMBOL = 64;
    private static final int MAX_STRATEGY = 64;
    private static final String[] FIELDS = {"op", "channel", "exchange", "symbol", "timeframe", "strategy_id"};

    static StreamRequest parse(String frame) throws BadRequest {
        String[] values = fields(frame);
        String op = required(values, 0);
        boolean subscribe;
        if (op.equalsIgnoreCase("subscribe")) {
            subscribe = true;
        } else if (op.equalsIgnoreCase("unsubscribe")) {
            subscribe = false;
        } else {
            throw new BadRequest("op", "expected \"subscribe\" or \"unsubscribe\", got " + quoted(op));
        }
        String channelText = required(values, 1);
        Channel channel = Channel.byText(channelText);
        if (channel == null) {
            throw new BadRequest("channel", "expected \"bars\", \"ticks\", \"quotes\", \"orders\" or "
                    + "\"positions\", got " + quoted(channelText));
        }
        if (channel.filtered) {
            return new StreamRequest(subscribe, filter(channel, values));
        }
        String exchange = identifier("exchange", required(values, 2), MAX_EXCHANGE);
        String symbol = identifier("symbol", required(values, 3), MAX_SYMBOL);
        String timeframe = values[4];
        if (channel == Channel.BARS) {
            if (timeframe == null) {
                throw new BadRequest("timeframe", "missing; expected one of " + standardTimeframes());
            }
            if (Topic.timeframeIndex(timeframe) < 0) {
                throw new BadRequest("timeframe", "expected one of " + standardTimeframes()
                        + " (the timeframes kept live), got " + quoted(timeframe));
            }
        } else if (timeframe != null) {
            throw new BadRequest("timeframe", "not a field of channel " + channel.text);
        }
        if (values[5] != null) {
            throw new BadRequest("strategy_id", "not a field of channel " + channel.text);
        }
        return new StreamRequest(subscribe, new Topic(channel, exchange, symbol, timeframe));
    }

    /** Orders and positions: exchange, symbol and strategy_id are optional filters ("" = no strategy). */
    private static Topic filter(Channel channel, String[] values) throws BadRequest {
        String exchange = values[2] == null ? null : identifier("exchange", values[2], MAX_EXCHANGE);
        String symbol = values[3] == null ? null : identifier("symbol", values[3], MAX_SYMBOL);
        if (values[4] != null) {
            throw new BadRequest("timeframe", "not a field of channel " + channel.text);
        }
        String strategy = values[5];
        if (strategy != null && !strategy.isEmpty()) {
            identifier("strategy_id", strategy, MAX_STRATEGY);
        }
        return new Topic(channel, exchange, symbol, null, strategy);
    }

    /** The string values of the known fields, by index in {@link #FIELDS}; null where absent. */
    private static String[] fields(String frame) throws BadRequest {
        String[] values = new String[FIELDS.length];
        try (JsonParser p = JSON.createParser(frame)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new BadRequest("frame", "expected a JSON object like {\"op\":\"subscribe\",\"channel\":\"ticks\","
                        + "\"exchange\":\"NASDAQ\",\"symbol\":\"AAPL\"}");
            }
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
                if (t != JsonToken.FIELD_NAME) {
                    throw new BadRequest("frame", "malformed JSON: unexpected " + t);
                }
                String name = p.currentName();
                JsonToken value = p.nextToken();
                int i = indexOf(name);
                if (i < 0) {
                    throw new BadRequest(shown(name),
                            "unknown field (expected op, channel, exchange, symbol, timeframe, strategy_id)");
                }
                if (values[i] != null) {
                    throw new BadRequest(name, "given twice");
                }
                if (value != JsonToken.VALUE_STRING) {
                    throw new BadRequest(name, "expected a string, got " + kind(value));
                }
                values[i] = p.getText();
            }
            if (p.nextToken() != null) {
                throw new BadRequest("frame", "unexpected content after the JSON object");
            }
        } catch (JsonParseException e) {
            throw new BadRequest("frame", "malformed JSON at column " + e.getLocation().getColumnNr() + ": "
                    + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new BadRequest("frame", "malformed JSON: " + firstLine(e.getMessage()));
        }
        return values;
    }

    private static String required(String[] values, int i) throws BadRequest {
        if (values[i] == null) {
            throw new BadRequest(FIELDS[i], "missing");
        }
        return values[i];
    }

    private static String identifier(String field, String v, int max) throws BadRequest {
        if (v.isEmpty()) {
            throw new BadRequest(field, "must not be empty");
        }
        if (v.length() > max) {
            throw new BadRequest(field, "longer than " + max + " characters");
        }
        for (int i = 0; i < v.length(); i++) {
            if (Character.isISOControl(v.charAt(i))) {
                throw new BadRequest(field, "must not contain control characters");
            }
        }
        return v;
    }

    private static int indexOf(String name) {
        for (int i = 0; i < FIELDS.length; i++) {
            if (FIELDS[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    static String standardTimeframes() {
        StringBuilder sb = new StringBuilder();
        for (Timeframe tf : Timeframe.STANDARD) {
            sb.append(sb.length() == 0 ? "" : ", ").append(tf.label());
        }
        return sb.toString();
    }

    private static String kind(JsonToken t) {
        return switch (t) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            default -> String.valueOf(t);
        };
    }

    private static String quoted(String s) {
        return "\"" + shown(s) + "\"";
    }

    /** A client-supplied text cut to a readable length. */
    private static String shown(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}

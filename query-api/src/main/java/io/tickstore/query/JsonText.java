package io.tickstore.query;

import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.EpochMicros;
import java.math.BigDecimal;

/** Small JSON writing pieces for replies: exact decimals as JSON numbers, times as ISO-8601 strings. */
final class JsonText {
    private JsonText() {
    }

    static void string(StringBuilder out, String s) {
        if (s == null) {
            out.append("null");
            return;
        }
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** A DECIMAL(18,8) column value, printed exactly (shortest form), or null. */
    static void decimal(StringBuilder out, BigDecimal v) {
        if (v == null) {
            out.append("null");
        } else {
            Decimal8.format(Decimal8.fromBigDecimal(v), out);
        }
    }

    static void time(StringBuilder out, long micros) {
        out.append('"');
        EpochMicros.formatIso(micros, out);
        out.append('"');
    }

    static String error(String parameter, String message) {
        StringBuilder sb = new StringBuilder(message.length() + 48).append("{\"error\":");
        string(sb, message);
        if (parameter != null) {
            sb.append(",\"parameter\":");
            string(sb, parameter);
        }
        return sb.append('}').toString();
    }
}

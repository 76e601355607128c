package io.tickstore.query;

import io.tickstore.store.model.JsonString;

/** JSON strings, error bodies and the end of list replies; values are rendered by {@link MarketJson}. */
final class JsonText {
    private JsonText() {
    }

    static void string(StringBuilder out, String s) {
        JsonString.append(out, s);
    }

    /** Closes a list reply begun as {@code {"<list>":[…}: appends {@code ],"count":N,"next_cursor":…}}. */
    static String endList(StringBuilder out, int count, String nextCursor) {
        out.append("],\"count\":").append(count).append(",\"next_cursor\":");
        if (nextCursor == null) {
            out.append("null");
        } else {
            string(out, nextCursor);
        }
        return out.append('}').toString();
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

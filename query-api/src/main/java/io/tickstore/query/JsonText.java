package io.tickstore.query;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

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

    /** {@link #endList} for a reply written as bytes: closes it and copies it out into a pooled body (the sender releases it). */
    static PooledBody endList(TextBytes out, int count, String nextCursor) {
        out.ascii("],\"count\":");
        out.ensure(TextBytes.MAX_NUMBER);
        out.number(count);
        out.ascii(",\"next_cursor\":");
        out.jsonString(nextCursor);
        out.ascii("}");
        return out.toPooledBody();
    }

    /**
     * {@code {"<field>":[…],"count":N,"next_cursor":…}} from {@code rows} read with one row more than a
     * page ({@code limit + 1}): at most {@code limit} rendered, and when there was one more, the cursor
     * of the last one rendered.
     */
    static <T> String page(String field, List<T> rows, int limit, int bytesPerRow,
                           BiConsumer<StringBuilder, T> render, Function<T, String> cursorOf) {
        int n = Math.min(rows.size(), limit);
        StringBuilder out = new StringBuilder(64 + Math.min(n, 1000) * bytesPerRow).append("{\"").append(field)
                .append("\":[");
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.append(',');
            }
            render.accept(out, rows.get(i));
        }
        return endList(out, n, rows.size() > limit ? cursorOf.apply(rows.get(n - 1)) : null);
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

    /** {@code {"error": message, "backend": backend}}: a backend (e.g. postgres) the query needs cannot answer. */
    static String backendError(String backend, String message) {
        StringBuilder sb = new StringBuilder(message.length() + 48).append("{\"error\":");
        string(sb, message);
        sb.append(",\"backend\":");
        string(sb, backend);
        return sb.append('}').toString();
    }
}

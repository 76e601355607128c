package io.tickstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Compares JSON objects from the HTTP API and the stream with stored rows: both sides become text
 * (numbers exact and without trailing zeros, times as {@link Instant#toString()}, null as null).
 */
final class JsonRows {
    private static final Pattern TIME = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");

    private JsonRows() {
    }

    /** A JSON or row value as comparable text. */
    static Object text(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof BigDecimal b) {
            return b.signum() == 0 ? "0" : b.stripTrailingZeros().toPlainString();
        }
        if (v instanceof LocalDateTime t) {
            return t.toInstant(ZoneOffset.UTC).toString();
        }
        if (v instanceof String s && TIME.matcher(s).matches()) {
            return Instant.parse(s).toString();
        }
        return v.toString(); // rows(): decimals already plain text; integers; booleans
    }

    /** The values of a JSON object in field order, as text ({@code _raw} left out). */
    static List<Object> values(Map<String, Object> json) {
        List<Object> out = new ArrayList<>();
        json.forEach((k, v) -> {
            if (!k.equals("_raw")) {
                out.add(text(v));
            }
        });
        return out;
    }

    /** A stored row as text. */
    static List<Object> row(List<Object> row) {
        List<Object> out = new ArrayList<>();
        for (Object v : row) {
            out.add(text(v));
        }
        return out;
    }

    /** Asserts that a JSON object holds exactly the row's values, in the SELECT's column order. */
    static void assertSame(List<Object> row, Map<String, Object> json) {
        assertEquals(row(row), values(json), String.valueOf(json.get("_raw") == null ? json : json.get("_raw")));
    }

    /** A 200 reply's body, parsed exactly. */
    static Map<String, Object> ok(TestServer server, String pathAndQuery) throws Exception {
        HttpResponse<String> r = server.get(pathAndQuery);
        assertEquals(200, r.statusCode(), pathAndQuery + " -> " + r.body());
        assertEquals("application/json", r.headers().firstValue("content-type").orElse(null));
        Map<String, Object> body = ExactJson.object(r.body());
        body.put("_raw", r.body());
        return body;
    }

    /** The objects of a list reply's {@code field}. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> body, String field) {
        List<Map<String, Object>> items = (List<Map<String, Object>>) body.get(field);
        assertEquals(items.size(), ((BigDecimal) body.get("count")).intValueExact(), String.valueOf(body.get("_raw")));
        return items;
    }

    /** Every item of a paged list, following next_cursor with pages of {@code limit}. */
    static List<Map<String, Object>> pageThrough(TestServer server, String pathAndQuery, String field, int limit)
            throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        String sep = pathAndQuery.contains("?") ? "&" : "?";
        String cursor = null;
        int pages = 0;
        do {
            Map<String, Object> body = ok(server, pathAndQuery + sep + "limit=" + limit
                    + (cursor == null ? "" : "&cursor=" + java.net.URLEncoder.encode(cursor,
                    java.nio.charset.StandardCharsets.UTF_8)));
            List<Map<String, Object>> page = list(body, field);
            cursor = (String) body.get("next_cursor");
            if (cursor != null) {
                assertEquals(limit, page.size(), "a page with a next_cursor is full");
            }
            out.addAll(page);
            pages++;
            if (pages > 10_000) {
                throw new AssertionError("paging does not end");
            }
        } while (cursor != null);
        return out;
    }

    /** One field of each item. */
    static List<Object> field(List<Map<String, Object>> items, String name) {
        List<Object> out = new ArrayList<>();
        for (Map<String, Object> m : items) {
            out.add(text(m.get(name)));
        }
        return out;
    }
}

package io.tickstore.bench.load;

/**
 * Reads the ingest replies {@code {"status":"ok","accepted":N,"duplicates":D,"journal_index":I}} and
 * {@code {"status":"error","error":"..."}} without a JSON library: they are small, flat, and written
 * by one server.
 */
final class AckReply {
    private AckReply() {
    }

    static boolean isOk(String reply) {
        return reply.startsWith("{\"status\":\"ok\"") || "ok".equals(stringField(reply, "status"));
    }

    /** The non-negative integer value of {@code key}, or -1 if it is missing or not such a number. */
    static long longField(String reply, String key) {
        int at = valueStart(reply, key);
        if (at < 0 || at >= reply.length() || !isDigit(reply.charAt(at))) {
            return -1;
        }
        long v = 0;
        while (at < reply.length() && isDigit(reply.charAt(at))) {
            v = v * 10 + (reply.charAt(at++) - '0');
        }
        return v;
    }

    /** The raw text of string field {@code key} (escapes left as they are), or null. */
    static String stringField(String reply, String key) {
        int at = valueStart(reply, key);
        if (at < 0 || at >= reply.length() || reply.charAt(at) != '"') {
            return null;
        }
        int end = at + 1;
        while (end < reply.length() && reply.charAt(end) != '"') {
            end += reply.charAt(end) == '\\' ? 2 : 1;
        }
        return end < reply.length() ? reply.substring(at + 1, end) : null;
    }

    /** Where the value of key {@code key} starts: a quoted {@code key} followed by a colon (not a value equal to it). */
    private static int valueStart(String reply, String key) {
        String quoted = "\"" + key + "\"";
        for (int k = reply.indexOf(quoted); k >= 0; k = reply.indexOf(quoted, k + 1)) {
            int at = k + quoted.length();
            while (at < reply.length() && reply.charAt(at) == ' ') {
                at++;
            }
            if (at < reply.length() && reply.charAt(at) == ':') {
                at++;
                while (at < reply.length() && reply.charAt(at) == ' ') {
                    at++;
                }
                return at;
            }
        }
        return -1;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}

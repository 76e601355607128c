package io.tickstore.ingest.ws;

/** The JSON replies of the ingest protocol; one per frame. */
final class Acks {
    private Acks() {
    }

    static String ok(int accepted, int duplicates, long journalIndex) {
        return "{\"status\":\"ok\",\"accepted\":" + accepted + ",\"duplicates\":" + duplicates
                + ",\"journal_index\":" + journalIndex + "}";
    }

    static String error(String message) {
        StringBuilder sb = new StringBuilder(message.length() + 32);
        sb.append("{\"status\":\"error\",\"error\":\"");
        escape(message, sb);
        return sb.append("\"}").toString();
    }

    /** JSON string escaping (RFC 8259): quote, backslash and control characters. */
    static void escape(String s, StringBuilder out) {
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
    }
}

package io.tickstore.query;

/** Text fields of the CSV replies (ticks, quotes). */
final class CsvText {
    private CsvText() {
    }

    /**
     * A text field as RFC 4180 has it: null is an empty field; a text that is empty or holds a comma,
     * a double quote, CR or LF is quoted, its double quotes doubled; any other text as it is.
     */
    static void field(StringBuilder out, String s) {
        if (s == null) {
            return;
        }
        boolean quote = s.isEmpty();
        for (int i = 0; i < s.length() && !quote; i++) {
            char c = s.charAt(i);
            quote = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        if (!quote) {
            out.append(s);
            return;
        }
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                out.append('"');
            }
            out.append(c);
        }
        out.append('"');
    }
}

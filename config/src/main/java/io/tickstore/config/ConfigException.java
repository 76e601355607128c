package io.tickstore.config;

/**
 * The configuration could not be loaded or is invalid. The message is one line, fit to print as is.
 */
public final class ConfigException extends Exception {

    /**
     * @param message what is wrong; any line breaks or other control characters are escaped so it stays one line
     */
    public ConfigException(String message) {
        super(oneLine(message));
    }

    static String oneLine(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (needsEscape(c)) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 8).append(text, 0, i);
                }
                appendEscaped(out, c);
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    /** Control characters and the Unicode line and paragraph separators would break the line. */
    static boolean needsEscape(char c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
    }

    static void appendEscaped(StringBuilder out, char c) {
        switch (c) {
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            default -> out.append(String.format("\\u%04x", (int) c));
        }
    }
}

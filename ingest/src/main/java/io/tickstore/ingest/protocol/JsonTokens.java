package io.tickstore.ingest.protocol;

/**
 * The JSON tokenizer {@link FrameParser} reads a frame with: strict RFC 8259 over the frame's UTF-8
 * bytes, plus {@code NaN}, {@code Infinity} and {@code -Infinity} as numbers (so that the frame
 * parser's error names the field they are in), without an object per frame or per token: a name's,
 * string's or number's text is decoded into a char buffer the caller reads before the next token.
 * Values at the root one after the other are tokens too (the frame parser refuses what follows its
 * frame's value). Nesting is limited to {@link #MAX_DEPTH} levels and a number to
 * {@link #MAX_NUMBER_LENGTH} characters; the first syntax error ends the frame with a
 * {@link JsonSyntaxError} giving its line and column (in bytes, from 1).
 *
 * <p>Reusable ({@link #reset}); one thread. The bytes must be valid UTF-8 (the WebSocket path checks
 * them first); an invalid sequence inside a string is still refused, never decoded to garbage, except a
 * surrogate encoded on its own, which decodes to that char (see {@link FrameParser#parse(String)}).
 */
final class JsonTokens {
    static final int END = 0;
    static final int START_OBJECT = 1;
    static final int END_OBJECT = 2;
    static final int START_ARRAY = 3;
    static final int END_ARRAY = 4;
    static final int FIELD_NAME = 5;
    static final int STRING = 6;
    static final int INTEGER = 7;
    static final int FLOAT = 8;
    static final int TRUE = 9;
    static final int FALSE = 10;
    static final int NULL = 11;

    static final int MAX_DEPTH = 1000;
    static final int MAX_NUMBER_LENGTH = 1000;

    // What may come next.
    private static final int ROOT = 0;
    private static final int OBJECT_FIRST = 1;
    private static final int OBJECT_NAME = 2;
    private static final int OBJECT_COLON = 3;
    private static final int OBJECT_AFTER_VALUE = 4;
    private static final int ARRAY_FIRST = 5;
    private static final int ARRAY_VALUE = 6;
    private static final int ARRAY_AFTER_VALUE = 7;

    private byte[] in;
    private int pos;
    private int end;
    private int line;
    private int lineStart;
    private int state;
    /** Per open container: true for an object. */
    private boolean[] objects = new boolean[16];
    private int depth;
    private char[] text = new char[256];
    private int textLength;

    /** Starts on {@code bytes[offset, offset + length)}. */
    void reset(byte[] bytes, int offset, int length) {
        in = bytes;
        pos = offset;
        end = offset + length;
        line = 1;
        lineStart = offset;
        state = ROOT;
        depth = 0;
        textLength = 0;
    }

    /** The text of the last token other than a bracket, decoded (a name's or string's without quotes): {@code text()[0, textLength())}. */
    char[] text() {
        return text;
    }

    int textLength() {
        return textLength;
    }

    /** The next token; {@link #END} once only whitespace is left at the root. */
    int next() throws JsonSyntaxError {
        while (true) {
            skipWhitespace();
            if (pos == end) {
                if (state == ROOT) {
                    return END;
                }
                throw error("unexpected end of input: " + (depth > 0 && objects[depth - 1]
                        ? "the object is not closed" : "the array is not closed"));
            }
            byte c = in[pos];
            switch (state) {
                case ROOT, ARRAY_VALUE -> {
                    return value(c);
                }
                case ARRAY_FIRST -> {
                    if (c == ']') {
                        pos++;
                        return close();
                    }
                    return value(c);
                }
                case OBJECT_FIRST, OBJECT_NAME -> {
                    if (c == '}' && state == OBJECT_FIRST) {
                        pos++;
                        return close();
                    }
                    if (c != '"') {
                        throw error("expected a double quote to start a field name, got " + describe(c));
                    }
                    string();
                    state = OBJECT_COLON;
                    return FIELD_NAME;
                }
                case OBJECT_COLON -> {
                    if (c != ':') {
                        throw error("expected a colon after the field name, got " + describe(c));
                    }
                    pos++;
                    skipWhitespace();
                    if (pos == end) {
                        throw error("unexpected end of input: expected the field's value");
                    }
                    return value(in[pos]);
                }
                case OBJECT_AFTER_VALUE -> {
                    if (c == ',') {
                        pos++;
                        state = OBJECT_NAME;
                    } else if (c == '}') {
                        pos++;
                        return close();
                    } else {
                        throw error("expected a comma or the end of the object, got " + describe(c));
                    }
                }
                case ARRAY_AFTER_VALUE -> {
                    if (c == ',') {
                        pos++;
                        state = ARRAY_VALUE;
                    } else if (c == ']') {
                        pos++;
                        return close();
                    } else {
                        throw error("expected a comma or the end of the array, got " + describe(c));
                    }
                }
                default -> throw new IllegalStateException("state " + state);
            }
        }
    }

    /**
     * Right after {@link #START_OBJECT} or {@link #START_ARRAY}: reads through to its matching end
     * (still checking the syntax). After any other token: nothing.
     */
    void skipChildren(int token) throws JsonSyntaxError {
        if (token != START_OBJECT && token != START_ARRAY) {
            return;
        }
        int target = depth - 1;
        while (depth > target) {
            next();
        }
    }

    private int value(byte c) throws JsonSyntaxError {
        switch (c) {
            case '{' -> {
                open(true);
                pos++;
                state = OBJECT_FIRST;
                return START_OBJECT;
            }
            case '[' -> {
                open(false);
                pos++;
                state = ARRAY_FIRST;
                return START_ARRAY;
            }
            case '"' -> {
                string();
                return afterValue(STRING);
            }
            case 't' -> {
                return afterValue(literal("true", TRUE));
            }
            case 'f' -> {
                return afterValue(literal("false", FALSE));
            }
            case 'n' -> {
                return afterValue(literal("null", NULL));
            }
            case 'N' -> {
                return afterValue(literal("NaN", FLOAT));
            }
            case 'I' -> {
                return afterValue(literal("Infinity", FLOAT));
            }
            default -> {
                if (c == '-' || c == '+' || (c >= '0' && c <= '9')) {
                    return afterValue(number());
                }
                throw error("unexpected " + describe(c) + ": expected a JSON value");
            }
        }
    }

    private int afterValue(int token) {
        state = depth == 0 ? ROOT : objects[depth - 1] ? OBJECT_AFTER_VALUE : ARRAY_AFTER_VALUE;
        return token;
    }

    private void open(boolean object) throws JsonSyntaxError {
        if (depth == MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH + " levels");
        }
        if (depth == objects.length) {
            objects = java.util.Arrays.copyOf(objects, Math.min(MAX_DEPTH, depth * 2));
        }
        objects[depth++] = object;
    }

    private int close() {
        boolean object = objects[--depth];
        afterValue(0);
        return object ? END_OBJECT : END_ARRAY;
    }

    private int literal(String word, int token) throws JsonSyntaxError {
        int n = word.length();
        int start = pos;
        for (int i = 0; i < n; i++) {
            if (pos == end || in[pos] != word.charAt(i)) {
                throw unrecognized(start);
            }
            pos++;
        }
        if (pos < end && isWordByte(in[pos])) {
            throw unrecognized(start);
        }
        setText(word);
        return token;
    }

    private JsonSyntaxError unrecognized(int start) {
        int stop = start;
        while (stop < end && stop - start < 32 && isWordByte(in[stop])) {
            stop++;
        }
        pos = start;
        return error("unrecognized token '" + new String(in, start, Math.max(1, stop - start),
                java.nio.charset.StandardCharsets.UTF_8) + "': expected a JSON value");
    }

    private static boolean isWordByte(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '_' || b < 0;
    }

    /** A number by JSON's grammar (or -Infinity); its text into {@link #text}. */
    private int number() throws JsonSyntaxError {
        int start = pos;
        if (in[pos] == '-' || in[pos] == '+') {
            pos++;
            if (pos < end && in[pos] == 'I') {
                return signedInfinity(start);
            }
            if (in[start] == '+') {
                pos = start;
                throw error("unexpected '+': expected a JSON value");
            }
        }
        if (pos == end || !digit(in[pos])) {
            throw error("expected a digit in the number");
        }
        if (in[pos] == '0') {
            pos++;
            if (pos < end && digit(in[pos])) {
                throw error("leading zeros are not allowed in a number");
            }
        } else {
            while (pos < end && digit(in[pos])) {
                pos++;
            }
        }
        int token = INTEGER;
        if (pos < end && in[pos] == '.') {
            pos++;
            if (pos == end || !digit(in[pos])) {
                throw error("expected a digit after the decimal point");
            }
            while (pos < end && digit(in[pos])) {
                pos++;
            }
            token = FLOAT;
        }
        if (pos < end && (in[pos] == 'e' || in[pos] == 'E')) {
            pos++;
            if (pos < end && (in[pos] == '+' || in[pos] == '-')) {
                pos++;
            }
            if (pos == end || !digit(in[pos])) {
                throw error("expected a digit in the exponent");
            }
            while (pos < end && digit(in[pos])) {
                pos++;
            }
            token = FLOAT;
        }
        int n = pos - start;
        if (n > MAX_NUMBER_LENGTH) {
            pos = start;
            throw error("number longer than " + MAX_NUMBER_LENGTH + " characters");
        }
        ensureText(n);
        for (int i = 0; i < n; i++) {
            text[i] = (char) in[start + i];
        }
        textLength = n;
        return token;
    }

    /** {@code -Infinity}, {@code +Infinity}, {@code -INF} or {@code +INF} (pos at the 'I'), as its text. */
    private int signedInfinity(int start) throws JsonSyntaxError {
        if (!matches("Infinity") && !matches("INF")) {
            throw unrecognized(start);
        }
        int n = pos - start;
        ensureText(n);
        for (int i = 0; i < n; i++) {
            text[i] = (char) in[start + i];
        }
        textLength = n;
        return FLOAT;
    }

    /** Consumes {@code word} at pos if it is there as a whole token. */
    private boolean matches(String word) {
        int n = word.length();
        if (end - pos < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (in[pos + i] != word.charAt(i)) {
                return false;
            }
        }
        if (pos + n < end && isWordByte(in[pos + n])) {
            return false;
        }
        pos += n;
        return true;
    }

    private static boolean digit(byte b) {
        return b >= '0' && b <= '9';
    }

    /** At the opening quote: the string's decoded text into {@link #text}, escapes resolved. */
    private void string() throws JsonSyntaxError {
        pos++;
        int n = 0;
        char[] t = text;
        while (true) {
            if (pos == end) {
                throw error("unexpected end of input in a string");
            }
            if (n + 2 > t.length) {
                textLength = n;
                ensureText(n + 2);
                t = text;
            }
            byte b = in[pos];
            if (b == '"') {
                pos++;
                textLength = n;
                return;
            }
            if (b == '\\') {
                t[n++] = escape();
            } else if (b >= 0x20) {
                t[n++] = (char) b;
                pos++;
            } else if (b >= 0) {
                throw error("control character (code " + b + ") in a string: it must be escaped");
            } else {
                n = utf8(t, n);
            }
        }
    }

    private char escape() throws JsonSyntaxError {
        pos++;
        if (pos == end) {
            throw error("unexpected end of input in a string's escape");
        }
        byte e = in[pos++];
        switch (e) {
            case '"' -> {
                return '"';
            }
            case '\\' -> {
                return '\\';
            }
            case '/' -> {
                return '/';
            }
            case 'b' -> {
                return '\b';
            }
            case 'f' -> {
                return '\f';
            }
            case 'n' -> {
                return '\n';
            }
            case 'r' -> {
                return '\r';
            }
            case 't' -> {
                return '\t';
            }
            case 'u' -> {
                int v = 0;
                for (int i = 0; i < 4; i++) {
                    if (pos == end) {
                        throw error("unexpected end of input in a \\u escape");
                    }
                    int h = hex(in[pos]);
                    if (h < 0) {
                        throw error("expected a hex digit in a \\u escape, got " + describe(in[pos]));
                    }
                    v = (v << 4) | h;
                    pos++;
                }
                return (char) v;
            }
            default -> {
                pos--;
                throw error("unrecognized escape '\\" + (e >= 0x20 && e < 0x7f ? String.valueOf((char) e) : "?") + "' in a string");
            }
        }
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }

    /** A multi-byte UTF-8 sequence at {@code pos} into {@code t[n…]} (1 char, or 2 for a supplementary one). */
    private int utf8(char[] t, int n) throws JsonSyntaxError {
        int b0 = in[pos] & 0xff;
        int count;
        int cp;
        if (b0 >= 0xc2 && b0 <= 0xdf) {
            count = 1;
            cp = b0 & 0x1f;
        } else if (b0 >= 0xe0 && b0 <= 0xef) {
            count = 2;
            cp = b0 & 0x0f;
        } else if (b0 >= 0xf0 && b0 <= 0xf4) {
            count = 3;
            cp = b0 & 0x07;
        } else {
            throw error("invalid UTF-8 byte 0x" + Integer.toHexString(b0) + " in a string");
        }
        if (pos + count >= end) {
            throw error("truncated UTF-8 sequence in a string");
        }
        for (int i = 1; i <= count; i++) {
            int b = in[pos + i] & 0xff;
            if ((b & 0xc0) != 0x80) {
                throw error("invalid UTF-8 sequence in a string");
            }
            cp = (cp << 6) | (b & 0x3f);
        }
        // A surrogate code point on its own (3 bytes) decodes to that char: never on the wire (the caller
        // checks the bytes are UTF-8), but FrameParser.parse(String) passes a string's lone surrogates so.
        if ((count == 2 && cp < 0x800) || (count == 3 && (cp < 0x10000 || cp > 0x10ffff))) {
            throw error("invalid UTF-8 sequence in a string");
        }
        pos += count + 1;
        if (cp >= 0x10000) {
            t[n++] = Character.highSurrogate(cp);
            t[n++] = Character.lowSurrogate(cp);
        } else {
            t[n++] = (char) cp;
        }
        return n;
    }

    private void skipWhitespace() {
        while (pos < end) {
            byte b = in[pos];
            if (b == ' ' || b == '\t' || b == '\r') {
                pos++;
            } else if (b == '\n') {
                pos++;
                line++;
                lineStart = pos;
            } else {
                return;
            }
        }
    }

    private void setText(String s) {
        ensureText(s.length());
        s.getChars(0, s.length(), text, 0);
        textLength = s.length();
    }

    /** Room for {@code n} chars, keeping the first {@link #textLength}. */
    private void ensureText(int n) {
        if (n > text.length) {
            text = java.util.Arrays.copyOf(text, Math.max(n, text.length * 2));
        }
    }

    private static String describe(byte c) {
        if (c >= 0x21 && c < 0x7f) {
            return "'" + (char) c + "'";
        }
        return "a byte of code " + (c & 0xff);
    }

    private JsonSyntaxError error(String message) {
        return new JsonSyntaxError(line, pos - lineStart + 1, message);
    }

    /** A frame that is not JSON: where (line and column in bytes, from 1) and what. */
    static final class JsonSyntaxError extends Exception {
        final int line;
        final int column;

        JsonSyntaxError(int line, int column, String message) {
            super(message, null, false, false);
            this.line = line;
            this.column = column;
        }
    }
}

package io.tickstore.ingest.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import io.tickstore.ingest.protocol.JsonTokens.JsonSyntaxError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonTokens} against Jackson (strict JSON with non-numeric numbers, as the frame parser used
 * before): on every text Jackson reads whole, the same tokens with the same texts; on every text
 * Jackson refuses, a refusal too, or (for junk right after a root value, which Jackson refuses at the
 * value) more than one root value, which the frame parser refuses; and nothing Jackson reads whole is
 * refused. Hand-picked edge cases, then seeded random documents and mutations of them.
 */
class JsonTokensTest {
    private static final JsonFactory JACKSON = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();
    private static final long SEED = Long.getLong("tickstore.fuzz.seed", 0x15_0A_70CEL);
    private static final String JUNK = "{}[]:,\"\\ \n\t0123456789-+.eEnulltruefalseNaNInfinityINF/bu\u0001\u00e9\u4e2d\ud83d\ude00";

    @Test
    void handPickedTextsTokenizeAsJacksonDoes() {
        String[] texts = {
            "{}", "[]", "{\"a\":1}", "[1,2.5,-3e10,0,-0,0.0e-0,1E+2]", "\"\"", "\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"",
            "\"\\u0041\\u00e9\\u4e2d\\ud83d\\ude00\"", "\"\u00e9\u4e2d\ud83d\ude00\"", "true", "false", "null", "NaN",
            "Infinity", "-Infinity", "+Infinity", "-INF", "+INF", " {\n\"a\" : [ true , false , null ] ,\r\n\"b\":{}}\t",
            "{} {}", "[]{}", "1 2", "{\"a\":1}{\"b\":2}",
            // refused
            "{", "[", "{\"a\"", "{\"a\":", "{\"a\":1", "{\"a\":1,", "{\"a\":1,}", "[1,]", "[,1]", "{,}", "{\"a\" 1}",
            "{a:1}", "{'a':1}", "01", "-01", "1.", ".5", "-", "1e", "1e+", "+1", "--1", "tru", "truex", "nul", "NaNx",
            "INF", "Inf", "\"abc", "\"a\\x\"", "\"a\\u12\"", "\"a\\u12g4\"", "\"a\u0001b\"", "\"a\tb\"", "]", "}", ":",
            "[1 2]", "{\"a\":1 \"b\":2}", "[\"a\":1]", "{\"a\",1}", "/* c */ 1", "// c\n1", "'a'",
        };
        for (String text : texts) {
            compare(text);
        }
    }

    @Test
    void randomDocumentsAndTheirMutationsTokenizeAsJacksonDoes() {
        int accepted = 0;
        int refused = 0;
        for (int it = 0; it < 3000; it++) {
            long seed = SEED + it * 0x9E37_79B9_7F4A_7C15L;
            Random random = new Random(seed);
            StringBuilder doc = new StringBuilder();
            value(random, doc, 0);
            if (random.nextInt(4) == 0) {
                doc.append(' ');
                value(random, doc, 0);
            }
            String text = doc.toString();
            if (compare(text, seed)) {
                accepted++;
            } else {
                fail("a generated document is valid JSON; seed " + seed + ": " + text);
            }
            for (int m = 0; m < 4; m++) {
                String mutated = mutate(random, text);
                if (compare(mutated, seed)) {
                    accepted++;
                } else {
                    refused++;
                }
            }
        }
        assertTrue(accepted > 3000 && refused > 3000, "accepted " + accepted + ", refused " + refused);
    }

    @Test
    void nestingDeeperThanTheLimitIsRefusedAndSkippingReadsThroughTheRest() throws Exception {
        String deep = "[".repeat(JsonTokens.MAX_DEPTH + 1) + "]".repeat(JsonTokens.MAX_DEPTH + 1);
        JsonSyntaxError e = assertRefused(deep);
        assertTrue(e.getMessage().contains("nesting deeper than 1000"), e.getMessage());
        assertEquals(1001, e.column);

        JsonTokens t = tokens("{\"a\":[1,{\"b\":[[]]},\"x\"],\"c\":2} 7");
        assertEquals(JsonTokens.START_OBJECT, t.next());
        assertEquals(JsonTokens.FIELD_NAME, t.next());
        int array = t.next();
        assertEquals(JsonTokens.START_ARRAY, array);
        t.skipChildren(array);
        assertEquals(JsonTokens.FIELD_NAME, t.next());
        assertEquals("c", new String(t.text(), 0, t.textLength()));
        assertEquals(JsonTokens.INTEGER, t.next());
        assertEquals(JsonTokens.END_OBJECT, t.next());
        assertEquals(JsonTokens.INTEGER, t.next());
        assertEquals(JsonTokens.END, t.next());
    }

    @Test
    void errorsSayWhereInLinesAndColumns() {
        JsonSyntaxError e = assertRefused("{\"type\":\"tick\",");
        assertEquals(1, e.line);
        assertEquals(16, e.column);
        e = assertRefused("{\n  \"a\": 1,\n  \"b\" 2}");
        assertEquals(3, e.line);
        assertEquals(7, e.column);
        assertTrue(e.getMessage().contains("expected a colon"), e.getMessage());
        e = assertRefused("[" + "1".repeat(JsonTokens.MAX_NUMBER_LENGTH + 1) + "]");
        assertTrue(e.getMessage().contains("number longer than 1000"), e.getMessage());
    }

    // ---- comparison with Jackson

    private static boolean compare(String text) {
        return compare(text, 0);
    }

    /** True when both read the text whole (same tokens); false when both refuse it. */
    private static boolean compare(String text, long seed) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        List<String> expected = new ArrayList<>();
        boolean jacksonOk = jackson(bytes, expected);
        List<String> got = new ArrayList<>();
        boolean ours = ours(bytes, got);
        String where = "seed " + seed + ", text [" + text + "]";
        if (jacksonOk) {
            assertTrue(ours, "Jackson reads it, JsonTokens refuses: " + got + "; " + where);
            assertEquals(expected, got, where);
            return true;
        }
        if (ours) {
            // Jackson refuses junk glued to a root scalar at that value; here it is a second root value,
            // which the frame parser refuses as content after the frame's value.
            assertTrue(roots(got) > 1, "Jackson refuses it, JsonTokens reads " + got + "; " + where);
        }
        return false;
    }

    private static boolean jackson(byte[] bytes, List<String> out) {
        try (JsonParser p = JACKSON.createParser(bytes)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                out.add(switch (t) {
                    case START_OBJECT -> "{";
                    case END_OBJECT -> "}";
                    case START_ARRAY -> "[";
                    case END_ARRAY -> "]";
                    case FIELD_NAME -> "name:" + p.currentName();
                    case VALUE_STRING -> "string:" + p.getText();
                    case VALUE_NUMBER_INT -> "int:" + p.getText();
                    case VALUE_NUMBER_FLOAT -> "float:" + p.getText();
                    case VALUE_TRUE -> "true";
                    case VALUE_FALSE -> "false";
                    case VALUE_NULL -> "null";
                    default -> "?" + t;
                });
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean ours(byte[] bytes, List<String> out) {
        JsonTokens tokens = new JsonTokens();
        tokens.reset(bytes, 0, bytes.length);
        try {
            int t;
            while ((t = tokens.next()) != JsonTokens.END) {
                String text = new String(tokens.text(), 0, tokens.textLength());
                out.add(switch (t) {
                    case JsonTokens.START_OBJECT -> "{";
                    case JsonTokens.END_OBJECT -> "}";
                    case JsonTokens.START_ARRAY -> "[";
                    case JsonTokens.END_ARRAY -> "]";
                    case JsonTokens.FIELD_NAME -> "name:" + text;
                    case JsonTokens.STRING -> "string:" + text;
                    case JsonTokens.INTEGER -> "int:" + text;
                    case JsonTokens.FLOAT -> "float:" + text;
                    case JsonTokens.TRUE -> "true";
                    case JsonTokens.FALSE -> "false";
                    case JsonTokens.NULL -> "null";
                    default -> "?" + t;
                });
            }
            return true;
        } catch (JsonSyntaxError e) {
            return false;
        }
    }

    private static int roots(List<String> tokens) {
        int depth = 0;
        int roots = 0;
        for (String t : tokens) {
            if (depth == 0 && !t.equals("}") && !t.equals("]")) {
                roots++;
            }
            if (t.equals("{") || t.equals("[")) {
                depth++;
            } else if (t.equals("}") || t.equals("]")) {
                depth--;
            }
        }
        return roots;
    }

    private static JsonTokens tokens(String text) {
        JsonTokens t = new JsonTokens();
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        t.reset(b, 0, b.length);
        return t;
    }

    private static JsonSyntaxError assertRefused(String text) {
        JsonTokens t = tokens(text);
        try {
            while (t.next() != JsonTokens.END) {
                // read on
            }
        } catch (JsonSyntaxError e) {
            return e;
        }
        throw new AssertionError("not refused: " + text);
    }

    // ---- generated documents

    private static void value(Random r, StringBuilder b, int depth) {
        int kind = depth > 4 ? 2 + r.nextInt(4) : r.nextInt(6);
        switch (kind) {
            case 0 -> {
                b.append('{');
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        b.append(',');
                    }
                    space(r, b);
                    string(r, b);
                    space(r, b);
                    b.append(':');
                    space(r, b);
                    value(r, b, depth + 1);
                }
                b.append('}');
            }
            case 1 -> {
                b.append('[');
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        b.append(',');
                    }
                    space(r, b);
                    value(r, b, depth + 1);
                    space(r, b);
                }
                b.append(']');
            }
            case 2 -> string(r, b);
            case 3 -> number(r, b);
            case 4 -> b.append(new String[] {"true", "false", "null", "NaN", "Infinity", "-Infinity"}[r.nextInt(6)]);
            default -> number(r, b);
        }
    }

    private static void space(Random r, StringBuilder b) {
        int n = r.nextInt(3);
        for (int i = 0; i < n; i++) {
            b.append(" \n\t\r".charAt(r.nextInt(4)));
        }
    }

    private static void string(Random r, StringBuilder b) {
        b.append('"');
        int n = r.nextInt(8);
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(8)) {
                case 0 -> b.append("\\").append("\"\\/bfnrt".charAt(r.nextInt(8)));
                case 1 -> b.append(String.format("\\u%04x", r.nextInt(0xd800)));
                case 2 -> b.append("\u00e9\u4e2d\ud83d\ude00".charAt(r.nextInt(2))).append(r.nextBoolean() ? "\ud83d\ude00" : "");
                default -> b.append((char) ('a' + r.nextInt(26)));
            }
        }
        b.append('"');
    }

    private static void number(Random r, StringBuilder b) {
        if (r.nextBoolean()) {
            b.append('-');
        }
        b.append(r.nextInt(5) == 0 ? "0" : Long.toString(1 + r.nextInt(1_000_000)));
        if (r.nextBoolean()) {
            b.append('.').append(r.nextInt(100_000));
        }
        if (r.nextInt(4) == 0) {
            b.append(r.nextBoolean() ? 'e' : 'E').append(new String[] {"", "+", "-"}[r.nextInt(3)]).append(r.nextInt(400));
        }
    }

    private static String mutate(Random r, String text) {
        StringBuilder b = new StringBuilder(text);
        int edits = 1 + r.nextInt(3);
        for (int i = 0; i < edits && b.length() > 0; i++) {
            int at = r.nextInt(b.length());
            switch (r.nextInt(3)) {
                case 0 -> b.deleteCharAt(at);
                case 1 -> b.insert(at, JUNK.charAt(r.nextInt(JUNK.length() - 2)));
                default -> b.setCharAt(at, JUNK.charAt(r.nextInt(JUNK.length() - 2)));
            }
        }
        // keep it valid UTF-16 (the frame reached the tokenizer as valid UTF-8)
        String s = b.toString();
        StringBuilder clean = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    clean.append(c).append(s.charAt(++i));
                }
            } else if (!Character.isLowSurrogate(c)) {
                clean.append(c);
            }
        }
        return clean.toString();
    }
}

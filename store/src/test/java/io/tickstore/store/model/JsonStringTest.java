package io.tickstore.store.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JsonStringTest {
    private static String json(String s) {
        StringBuilder sb = new StringBuilder();
        JsonString.append(sb, s);
        return sb.toString();
    }

    @Test
    void escapesWhatJsonRequiresAndNothingElse() {
        assertEquals("\"plain 日本 €\"", json("plain 日本 €"));
        assertEquals("\"a\\\"b\\\\c\"", json("a\"b\\c"));
        assertEquals("\"\\n\\r\\t\\u0000\\u001f\"", json("\n\r\t\u0000\u001f"));
        assertEquals("\"/\"", json("/"));
        assertEquals("null", json(null));
    }
}

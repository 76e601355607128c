package io.tickstore.query;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** next_cursor texts: round trips of every kind, URL-safe, and a 400 naming cursor for anything else. */
class PageCursorTest {
    @Test
    void roundTrips() throws Exception {
        assertEquals(new PageCursor.TimeAndNumber(1704189601000000L, 89249420410882L),
                PageCursor.timeAndNumber(PageCursor.of(1704189601000000L, 89249420410882L)));
        for (String id : new String[] {"A-1", "ä:ö/ü?&=+ %", "x".repeat(64)}) {
            String c = PageCursor.of(1704189601000000L, id);
            assertTrue(c.matches("[0-9]+:[A-Za-z0-9_-]+"), c);
            assertEquals(new PageCursor.TimeAndText(1704189601000000L, id), PageCursor.timeAndText(c));
        }
        String[] key = {"NASDAQ", "A:B", ""};
        String c = PageCursor.of(key);
        assertTrue(c.matches("[A-Za-z0-9_-]+"), c);
        assertArrayEquals(key, PageCursor.texts(c, 3));
        assertEquals(new PageCursor.TimeAndText(5, "eod"),
                PageCursor.timeAndWord(PageCursor.ofWord(5, "eod"), Set.of("eod", "intraday")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":", "1", "1:", ":1", "x:1", "1:x", "1:2:3", "99999999999999999999:1"})
    void aBadTimeAndNumberCursorNamesTheParameter(String cursor) {
        BadParameter e = assertThrows(BadParameter.class, () -> PageCursor.timeAndNumber(cursor));
        assertEquals("cursor", e.parameter());
        assertEquals("cursor: not a next_cursor of a previous reply: " + cursor, e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "1:", "x:QQ", "1:***", "1:/w"})
    void aBadTimeAndTextCursorNamesTheParameter(String cursor) {
        assertEquals("cursor", assertThrows(BadParameter.class, () -> PageCursor.timeAndText(cursor)).parameter());
    }

    @Test
    void aTextsCursorMustHoldTheRightNumberOfTextsInUtf8() {
        assertThrows(BadParameter.class, () -> PageCursor.texts(PageCursor.of("a", "b"), 3));
        assertThrows(BadParameter.class, () -> PageCursor.texts("***", 3));
        assertThrows(BadParameter.class, () -> PageCursor.texts("_w", 1)); // 0xFF: not UTF-8
        assertThrows(BadParameter.class, () -> PageCursor.timeAndWord("5:weekly", Set.of("eod")));
    }
}

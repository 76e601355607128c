package io.tickstore.ingest.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextInternerTest {
    private static String intern(TextInterner interner, String text) {
        char[] buffer = ("##" + text + "##").toCharArray();
        return interner.intern(buffer, 2, text.length());
    }

    @Test
    void sameTextGivesTheSameInstance() {
        TextInterner interner = new TextInterner(16);
        String first = intern(interner, "NASDAQ");
        assertEquals("NASDAQ", first);
        assertSame(first, intern(interner, "NASDAQ"));
        assertSame(first, intern(interner, new String("NASDAQ")));
    }

    @Test
    void differentTextsGiveDifferentStrings() {
        TextInterner interner = new TextInterner(16);
        String a = intern(interner, "AAPL");
        String b = intern(interner, "AAPM");
        String c = intern(interner, "AAP");
        assertEquals("AAPL", a);
        assertEquals("AAPM", b);
        assertEquals("AAP", c);
        assertSame(a, intern(interner, "AAPL"));
        assertSame(b, intern(interner, "AAPM"));
        assertSame(c, intern(interner, "AAP"));
    }

    @Test
    void readsOnlyTheGivenRange() {
        TextInterner interner = new TextInterner(16);
        char[] buffer = "xxNYSEyyNYSE".toCharArray();
        String a = interner.intern(buffer, 2, 4);
        String b = interner.intern(buffer, 8, 4);
        assertEquals("NYSE", a);
        assertSame(a, b);
    }

    @Test
    void emptyText() {
        TextInterner interner = new TextInterner(4);
        String empty = intern(interner, "");
        assertEquals("", empty);
        assertSame(empty, intern(interner, ""));
    }

    @Test
    void hashCollisionsStillGiveTheRightText() {
        // "Aa" and "BB" have the same String hash code, so they land in the same slot.
        assertEquals("Aa".hashCode(), "BB".hashCode());
        TextInterner interner = new TextInterner(16);
        String aa = intern(interner, "Aa");
        String bb = intern(interner, "BB");
        assertEquals("Aa", aa);
        assertEquals("BB", bb);
        assertSame(aa, intern(interner, "Aa"));
        assertSame(bb, intern(interner, "BB"));
    }

    @Test
    void rememberesAtMostHalfItsCapacityAndStillReturnsCorrectTextsWhenFull() {
        TextInterner interner = new TextInterner(8);
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            kept.add(intern(interner, "S" + i));
        }
        for (int i = 0; i < 4; i++) {
            assertSame(kept.get(i), intern(interner, "S" + i), "S" + i);
        }
        // Full: new texts come back equal but are not remembered.
        for (int i = 4; i < 100; i++) {
            String s = intern(interner, "S" + i);
            assertEquals("S" + i, s);
            assertNotSame(s, intern(interner, "S" + i), "S" + i);
        }
        // What was remembered before it filled up still is.
        for (int i = 0; i < 4; i++) {
            assertSame(kept.get(i), intern(interner, "S" + i), "S" + i);
        }
    }

    @Test
    void manyCollidingTextsAreStillCorrect() {
        // 2^6 texts with one String hash code: probing gives up after a few slots, answers stay right.
        TextInterner interner = new TextInterner(1024);
        for (int round = 0; round < 2; round++) {
            for (int bits = 0; bits < 64; bits++) {
                StringBuilder sb = new StringBuilder();
                for (int b = 0; b < 6; b++) {
                    sb.append((bits >> b & 1) == 0 ? "Aa" : "BB");
                }
                assertEquals(sb.toString(), intern(interner, sb.toString()));
            }
        }
    }

    @Test
    void capacityOfOneRemembersNothingButWorks() {
        TextInterner interner = new TextInterner(1);
        assertEquals("X", intern(interner, "X"));
        assertEquals("Y", intern(interner, "Y"));
    }

    @Test
    void capacityMustBeAPositivePowerOfTwo() {
        for (int bad : new int[] {0, 3, 6, 1000, -1, -8, Integer.MIN_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TextInterner(bad));
            assertEquals("capacity must be a power of two: " + bad, e.getMessage());
        }
    }
}

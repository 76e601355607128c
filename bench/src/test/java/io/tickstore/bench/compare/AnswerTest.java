package io.tickstore.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerTest {

    @Test
    void timesFromEveryTargetMeanTheSameInstant() {
        String iso = "2024-01-09T00:01:00Z";
        assertEquals(iso, Answer.time("2024-01-09T00:01:00Z"));
        assertEquals(iso, Answer.time("2024-01-09 00:01:00"));
        assertEquals(iso, Answer.time("2024-01-09 00:01:00.0"));
        assertEquals(iso, Answer.time("2024-01-09T00:01:00.000000Z"));
        assertEquals("2024-01-09T00:01:00.123400Z", Answer.time("2024-01-09 00:01:00.1234"));
        assertEquals(Answer.time(1_704_758_460_123_400L), Answer.time("2024-01-09 00:01:00.1234"));
        assertEquals("null", Answer.time((String) null));
    }

    @Test
    void decimalsCompareByValue() {
        assertEquals("189.98", Answer.decimal("189.98000000"));
        assertEquals("100", Answer.decimal("100.00000000"));
        assertEquals("100", Answer.decimal("1E+2"));
        assertEquals("0", Answer.decimal("0.00000000"));
        assertEquals("null", Answer.decimal((String) null));
        // vwap rounds half-even to 8 decimals, as tickstore documents
        assertEquals("0.00000002", Answer.vwap(new BigDecimal("0.000000025"), BigDecimal.ONE));
        assertEquals("0.00000004", Answer.vwap(new BigDecimal("0.000000035"), BigDecimal.ONE));
        assertEquals("null", Answer.vwap(BigDecimal.ONE, BigDecimal.ZERO));
    }

    @Test
    void aDifferenceNamesTheFirstRowThatDiffers() {
        Answer a = new Answer(List.of("x 1", "x 2", "x 3"));
        assertNull(Answer.difference(a, "A", new Answer(List.of("x 1", "x 2", "x 3")), "B"));
        String d = Answer.difference(a, "A", new Answer(List.of("x 1", "x 9", "x 3")), "B");
        assertTrue(d.contains("row 1 differs: A [x 2] vs B [x 9]"), d);
        String shorter = Answer.difference(a, "A", new Answer(List.of("x 1", "x 2")), "B");
        assertTrue(shorter.contains("A 3 rows, B 2 rows; first extra row of A: [x 3]"), shorter);
    }

    @Test
    void percentilesAreNearestRank() {
        long[] v = {5, 1, 4, 2, 3};
        assertEquals(3, TargetResult.percentile(v, 0.5));
        assertEquals(5, TargetResult.percentile(v, 0.99));
        assertEquals(-1, TargetResult.percentile(new long[0], 0.5));
        long[] hundred = new long[100];
        for (int i = 0; i < 100; i++) {
            hundred[i] = i + 1;
        }
        assertEquals(99, TargetResult.percentile(hundred, 0.99));
        assertEquals(50, TargetResult.percentile(hundred, 0.5));
    }
}

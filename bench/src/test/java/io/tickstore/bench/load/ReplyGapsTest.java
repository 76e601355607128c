package io.tickstore.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ReplyGapsTest {
    @Test
    void theLongerLongestWithItsTimeAndTheLongOnesSummed() {
        ReplyGaps a = new ReplyGaps(150_000_000L, 1_000L, 2);
        ReplyGaps b = new ReplyGaps(90_000_000L, 2_000L, 0);
        assertEquals(new ReplyGaps(150_000_000L, 1_000L, 2), a.and(b));
        assertEquals(new ReplyGaps(150_000_000L, 1_000L, 2), b.and(a));
        assertEquals(new ReplyGaps(150_000_000L, 1_000L, 3), a.and(new ReplyGaps(120_000_000L, 3_000L, 1)));
        assertEquals(b, ReplyGaps.NONE.and(b));
    }
}

package io.tickstore.store.sink;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class YieldToIngestTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private final AtomicLong now = new AtomicLong(1_000 * MS);
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong unstored = new AtomicLong();

    /** A policy that has had its first look (where the hot tier stood before any ingest). */
    private YieldToIngest yielding(long limit) {
        YieldToIngest y = new YieldToIngest(applied::get, unstored::get, limit, now::get);
        assertFalse(y.holdBack(), "nothing applied since the first look: ingest is not busy");
        return y;
    }

    /** Ingest applies something and time moves on by {@code ms}. */
    private void ingest(long ms) {
        applied.incrementAndGet();
        now.addAndGet(ms * MS);
    }

    @Test
    void holdsBackWhileIngestIsBusyAndLetsGoWhenItPauses() {
        YieldToIngest y = yielding(1_000);
        now.addAndGet(MS);
        assertFalse(y.holdBack(), "still nothing applied");
        ingest(1);
        assertTrue(y.holdBack(), "busy: the sink waits");
        ingest(50);
        assertTrue(y.holdBack());
        now.addAndGet(500 * MS);
        assertTrue(y.holdBack(), "half a second without anything applied: a starved hot applier, still busy");
        now.addAndGet(600 * MS); // nothing applied for 1.1 s
        assertFalse(y.holdBack(), "ingest paused: the sink stores");
        ingest(1);
        assertTrue(y.holdBack(), "the next burst is held back again");
    }

    @Test
    void letsGoOnceTheHotTierHoldsItsShare() {
        YieldToIngest y = yielding(1_000);
        ingest(1);
        assertTrue(y.holdBack());
        unstored.set(1_000);
        ingest(1);
        assertFalse(y.holdBack(), "the hot tier holds the limit: the sink must store");
        unstored.set(10);
        ingest(1);
        assertTrue(y.holdBack(), "below the limit again while ingest is busy");
    }

    @Test
    void holdsBackAtMostAMinuteInOneGo() {
        YieldToIngest y = yielding(1_000);
        for (int i = 0; i < 599; i++) {
            ingest(100 - 1);
            assertTrue(y.holdBack(), "at " + i);
        }
        ingest(1_000);
        assertFalse(y.holdBack(), "past 60 s of holding back");
        ingest(10);
        assertFalse(y.holdBack(), "it stores as usual until ingest pauses");
        now.addAndGet(1_100 * MS);
        assertFalse(y.holdBack());
        ingest(1);
        assertTrue(y.holdBack(), "after a pause, a new hold may begin");
    }

    @Test
    void zeroNeverHoldsBack() {
        YieldToIngest y = yielding(0);
        ingest(1);
        assertFalse(y.holdBack());
    }
}

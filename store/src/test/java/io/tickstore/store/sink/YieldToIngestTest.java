package io.tickstore.store.sink;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class YieldToIngestTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long BURST = YieldToIngest.BUSY_MESSAGES * 2;
    private final AtomicLong now = new AtomicLong(1_000 * MS);
    private final AtomicLong applied = new AtomicLong(5_000_000);
    private final AtomicLong unstored = new AtomicLong();

    /** A policy that has had its first look (where the hot tier stood before any ingest). */
    private YieldToIngest yielding(long limit) {
        YieldToIngest y = new YieldToIngest(applied::get, unstored::get, limit, now::get);
        assertFalse(y.holdBack(), "nothing applied since the first look: ingest is not busy");
        return y;
    }

    /** Ingest applies {@code messages} and time moves on by {@code ms}. */
    private void ingest(long messages, long ms) {
        applied.addAndGet(messages);
        now.addAndGet(ms * MS);
    }

    @Test
    void holdsBackWhileIngestIsBusyAndLetsGoWhenItPauses() {
        YieldToIngest y = yielding(1_000);
        now.addAndGet(MS);
        assertFalse(y.holdBack(), "still nothing applied");
        ingest(BURST, 1);
        assertTrue(y.holdBack(), "a burst: the sink waits at once, not at the end of the window");
        ingest(BURST, 500);
        assertTrue(y.holdBack());
        now.addAndGet(500 * MS);
        assertTrue(y.holdBack(), "half a second without anything applied: a starved hot applier, still busy");
        now.addAndGet(1_100 * MS); // a whole window without anything applied
        assertFalse(y.holdBack(), "ingest paused: the sink stores");
        ingest(BURST, 1);
        assertTrue(y.holdBack(), "the next burst is held back again");
    }

    @Test
    void aTrickleIsNotBusy() {
        YieldToIngest y = yielding(1_000);
        // A slow feed, or the portfolio's snapshot marks: a few messages a second, for a minute.
        for (int i = 0; i < 600; i++) {
            ingest(3, 100);
            assertFalse(y.holdBack(), "at " + i + ": a trickle must not keep the sink behind");
        }
    }

    @Test
    void letsGoOnceTheHotTierHoldsItsShare() {
        YieldToIngest y = yielding(1_000);
        ingest(BURST, 1);
        assertTrue(y.holdBack());
        unstored.set(1_000);
        ingest(BURST, 1);
        assertFalse(y.holdBack(), "the hot tier holds the limit: the sink must store");
        unstored.set(10);
        ingest(BURST, 1);
        assertTrue(y.holdBack(), "below the limit again while ingest is busy");
    }

    @Test
    void holdsBackAtMostAMinuteInOneGo() {
        YieldToIngest y = yielding(1_000);
        for (int i = 0; i < 599; i++) {
            ingest(BURST, 100 - 1);
            assertTrue(y.holdBack(), "at " + i);
        }
        ingest(BURST, 1_000);
        assertFalse(y.holdBack(), "past 60 s of holding back");
        ingest(BURST, 10);
        assertFalse(y.holdBack(), "it stores as usual until ingest pauses");
        now.addAndGet(1_100 * MS);
        assertFalse(y.holdBack(), "the window that saw those messages ends busy: still storing");
        now.addAndGet(1_100 * MS);
        assertFalse(y.holdBack(), "a whole window without ingest: paused");
        ingest(BURST, 1);
        assertTrue(y.holdBack(), "after a pause, a new hold may begin");
    }

    @Test
    void aJournalRollCountsAsBusy() {
        YieldToIngest y = yielding(1_000);
        applied.set((applied.get() >>> 32) + 1 << 32); // the next cycle's first index: a jump, not a count
        now.addAndGet(MS);
        assertTrue(y.holdBack());
    }

    @Test
    void zeroNeverHoldsBack() {
        YieldToIngest y = yielding(0);
        ingest(BURST, 1);
        assertFalse(y.holdBack());
    }
}

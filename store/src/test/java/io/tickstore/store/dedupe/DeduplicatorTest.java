package io.tickstore.store.dedupe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstore.store.SampleMessages;
import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.model.OrderStatus;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeduplicatorTest {
    private SimpleMeterRegistry registry;
    private GapLog gaps;
    private Deduplicator dedupe;

    @BeforeEach
    void setUp() {
        registry = new SimpleMeterRegistry();
        gaps = new GapLog(100, registry);
        dedupe = new Deduplicator(gaps);
    }

    /** One tick as its own frame, committed. */
    private boolean tick(String exchange, String symbol, long seq) {
        boolean admitted = dedupe.admit(SampleMessages.tick(exchange, symbol, seq));
        dedupe.commitFrame();
        return admitted;
    }

    @Test
    void ticksAreKeyedByExchangeSymbolAndSequence() {
        assertTrue(tick("NASDAQ", "AAPL", 1));
        assertFalse(tick("NASDAQ", "AAPL", 1));
        assertTrue(tick("NASDAQ", "MSFT", 1), "another symbol");
        assertTrue(tick("NYSE", "AAPL", 1), "another exchange");
        assertTrue(tick("NASDAQ", "AAPL", 2));
        assertFalse(tick("NYSE", "AAPL", 1));
        assertEquals(3, dedupe.feedCount());
    }

    @Test
    void aSequenceRepeatedWithinOneFrameIsADuplicateTheSecondTime() {
        IngestMessage[] frame = {SampleMessages.tick("NASDAQ", "AAPL", 5), SampleMessages.bareTick("NASDAQ", "AAPL", 5),
                SampleMessages.tick("NASDAQ", "AAPL", 6)};
        boolean[] admitted = new boolean[frame.length];
        for (int i = 0; i < frame.length; i++) {
            admitted[i] = dedupe.admit(frame[i]);
        }
        assertTrue(admitted[0]);
        assertFalse(admitted[1], "same key, even with different fields");
        assertTrue(admitted[2]);
    }

    @Test
    void tradesAreKeyedByTradeId() {
        assertTrue(dedupe.admit(SampleMessages.trade("t-1")));
        assertFalse(dedupe.admit(SampleMessages.trade("t-1")));
        assertFalse(dedupe.admit(SampleMessages.bareTrade("t-1")), "the id decides, not the content");
        assertTrue(dedupe.admit(SampleMessages.trade("t-2")));
    }

    @Test
    void aRolledBackFrameLeavesNoTraceAndLogsNoGap() {
        tick("NASDAQ", "AAPL", 1);
        assertTrue(dedupe.admit(SampleMessages.tick("NASDAQ", "AAPL", 10)), "a jump: gap 2..9 pending");
        assertTrue(dedupe.admit(SampleMessages.tick("NASDAQ", "AAPL", 11)));
        assertTrue(dedupe.admit(SampleMessages.trade("t-5")));
        dedupe.rollbackFrame();
        assertEquals(0, gaps.totalGaps(), "the refused frame's gap is not logged");
        assertTrue(tick("NASDAQ", "AAPL", 10), "forgotten, so new again");
        assertEquals(1, gaps.totalGaps(), "and the gap is logged when a frame with it commits");
        assertTrue(dedupe.admit(SampleMessages.trade("t-5")), "the trade id is forgotten too");
        dedupe.commitFrame();
        assertTrue(tick("NASDAQ", "AAPL", 2), "the highest went back to 1 on rollback, so 2 was a late fill");
    }

    @Test
    void ordersAreNotDecidedHere() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> dedupe.admit(SampleMessages.order("o-1", OrderStatus.SUBMITTED)));
    }

    @Test
    void aForwardJumpIsLoggedAsAGap() {
        tick("NASDAQ", "AAPL", 1);
        tick("NASDAQ", "AAPL", 2);
        long before = System.currentTimeMillis() * 1000;
        tick("NASDAQ", "AAPL", 10);
        List<SequenceGap> recent = gaps.recent(null, null, 10);
        assertEquals(1, recent.size());
        SequenceGap g = recent.get(0);
        assertEquals("NASDAQ", g.exchange());
        assertEquals("AAPL", g.symbol());
        assertEquals(3, g.from());
        assertEquals(9, g.to());
        assertEquals(7, g.missing());
        assertTrue(g.detectedAt() >= before, "detected now");
        assertEquals(1, gaps.totalGaps());
        assertEquals(1.0, registry.get("tickstore.sequence.gaps").counter().count());
        assertEquals(7.0, registry.get("tickstore.sequence.missing").counter().count());
    }

    @Test
    void theFirstTickOfAFeedAndALateFillLogNoGap() {
        tick("NASDAQ", "AAPL", 100);
        assertEquals(0, gaps.totalGaps(), "no gap before the first tick");
        tick("NASDAQ", "AAPL", 103);
        assertEquals(1, gaps.totalGaps());
        assertTrue(tick("NASDAQ", "AAPL", 101), "a late tick fills the gap");
        assertTrue(tick("NASDAQ", "AAPL", 50), "an older tick is new, too");
        assertEquals(1, gaps.totalGaps(), "late fills are not gaps");
        assertFalse(tick("NASDAQ", "AAPL", 101));
        tick("NASDAQ", "AAPL", 104);
        assertEquals(1, gaps.totalGaps(), "104 follows the highest, 103");
    }

    @Test
    void restoredStateDetectsDuplicatesWithoutLoggingGaps() {
        dedupe.restoreTickRange("NASDAQ", "AAPL", 1, 1000);
        dedupe.restoreTick("NYSE", "IBM", 5);
        dedupe.restoreTick("NYSE", "IBM", 50);
        dedupe.restore(SampleMessages.tick("NYSE", "IBM", 500));
        dedupe.restoreTrade("t-1");
        dedupe.restore(SampleMessages.trade("t-2"));
        assertEquals(0, gaps.totalGaps(), "restoring logs no gaps");

        assertFalse(tick("NASDAQ", "AAPL", 1));
        assertFalse(tick("NASDAQ", "AAPL", 1000));
        assertTrue(tick("NASDAQ", "AAPL", 1001));
        assertFalse(tick("NYSE", "IBM", 50));
        assertFalse(tick("NYSE", "IBM", 500));
        assertTrue(tick("NYSE", "IBM", 6));
        assertFalse(dedupe.admit(SampleMessages.trade("t-1")));
        assertFalse(dedupe.admit(SampleMessages.trade("t-2")));
        assertEquals(0, gaps.totalGaps());
        tick("NYSE", "IBM", 502);
        assertEquals(List.of(new SequenceGap("NYSE", "IBM", 501, 501, gaps.recent(null, null, 1).get(0).detectedAt())),
                gaps.recent(null, null, 10), "the restored highest is where gap detection resumes");
    }
}

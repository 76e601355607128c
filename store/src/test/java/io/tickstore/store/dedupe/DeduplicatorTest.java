package io.tickstore.store.dedupe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstore.store.SampleMessages;
import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.model.OrderRecord;
import io.tickstore.store.model.OrderStatus;
import io.tickstore.store.model.TimeInForce;
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

    private boolean tick(String exchange, String symbol, long seq) {
        return dedupe.admit(SampleMessages.tick(exchange, symbol, seq));
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
    void anIdenticalOrderResendIsADuplicateAndAChangedStatusIsNot() {
        assertTrue(dedupe.admit(SampleMessages.order("o-1", OrderStatus.SUBMITTED)));
        assertFalse(dedupe.admit(SampleMessages.order("o-1", OrderStatus.SUBMITTED)));
        IngestMessage resendLater = SampleMessages.order("o-1", OrderStatus.SUBMITTED);
        resendLater.order.updatedAt += 1_000_000;
        assertFalse(dedupe.admit(resendLater), "only updated_at differs: still a re-send");
        assertTrue(dedupe.admit(SampleMessages.order("o-1", OrderStatus.PARTIAL)));
        assertEquals(OrderStatus.PARTIAL, dedupe.order("o-1").status);
        assertFalse(dedupe.admit(SampleMessages.order("o-1", OrderStatus.PARTIAL)));
    }

    @Test
    void absentOptionalOrderFieldsKeepTheCurrentValues() {
        IngestMessage created = SampleMessages.order("o-1", OrderStatus.SUBMITTED);
        assertTrue(dedupe.admit(created));
        OrderRecord before = new OrderRecord();
        before.copyFrom(dedupe.order("o-1"));

        IngestMessage update = SampleMessages.bareOrder("o-1", OrderStatus.PARTIAL);
        update.order.side = before.side;
        update.order.orderType = before.orderType;
        update.order.quantity = before.quantity;
        update.order.filledQuantity = Decimal8.parse("4");
        assertTrue(dedupe.admit(update));

        OrderRecord o = update.order; // completed in place: this is what gets journaled
        assertEquals(before.clientOrderId, o.clientOrderId);
        assertEquals(before.strategyId, o.strategyId);
        assertEquals(before.timeInForce, o.timeInForce);
        assertEquals(before.price, o.price);
        assertEquals(before.stopPrice, o.stopPrice);
        assertEquals(before.averageFillPrice, o.averageFillPrice);
        assertEquals(before.createdAt, o.createdAt);
        assertEquals(Decimal8.parse("4"), o.filledQuantity);
        assertEquals(OrderStatus.PARTIAL, o.status);
        assertTrue(o.updatedAt != Long.MIN_VALUE, "an update without updated_at is stamped");
        assertTrue(dedupe.order("o-1").sameStateAs(o), "the remembered state is the journaled one");

        IngestMessage sameAgain = SampleMessages.bareOrder("o-1", OrderStatus.PARTIAL);
        sameAgain.order.side = before.side;
        sameAgain.order.orderType = before.orderType;
        sameAgain.order.quantity = before.quantity;
        assertFalse(dedupe.admit(sameAgain), "the same update re-sent without optional fields is a duplicate");
    }

    @Test
    void aNewOrderGetsDefaultsForAbsentFields() {
        IngestMessage m = SampleMessages.bareOrder("o-9", OrderStatus.PENDING);
        long before = System.currentTimeMillis() * 1000;
        assertTrue(dedupe.admit(m));
        long after = System.currentTimeMillis() * 1000;
        OrderRecord o = m.order;
        assertEquals(TimeInForce.DAY, o.timeInForce);
        assertEquals(0, o.filledQuantity);
        assertTrue(o.updatedAt >= before && o.updatedAt <= after, "updated_at = now, got " + o.updatedAt);
        assertEquals(o.updatedAt, o.createdAt, "created_at defaults to updated_at");
        assertEquals(Decimal8.NULL, o.price, "price stays absent (a market order)");
        assertNull(o.clientOrderId);
    }

    @Test
    void aNewOrderKeepsTheTimesItCarries() {
        IngestMessage m = SampleMessages.bareOrder("o-9", OrderStatus.PENDING);
        m.order.updatedAt = SampleMessages.T0 + 7;
        assertTrue(dedupe.admit(m));
        assertEquals(SampleMessages.T0 + 7, m.order.updatedAt);
        assertEquals(SampleMessages.T0 + 7, m.order.createdAt);
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
        dedupe.restoreOrder(SampleMessages.order("o-1", OrderStatus.FILLED).order);
        assertEquals(0, gaps.totalGaps(), "restoring logs no gaps");

        assertFalse(tick("NASDAQ", "AAPL", 1));
        assertFalse(tick("NASDAQ", "AAPL", 1000));
        assertTrue(tick("NASDAQ", "AAPL", 1001));
        assertFalse(tick("NYSE", "IBM", 50));
        assertFalse(tick("NYSE", "IBM", 500));
        assertTrue(tick("NYSE", "IBM", 6));
        assertFalse(dedupe.admit(SampleMessages.trade("t-1")));
        assertFalse(dedupe.admit(SampleMessages.trade("t-2")));
        assertFalse(dedupe.admit(SampleMessages.order("o-1", OrderStatus.FILLED)));
        assertEquals(0, gaps.totalGaps());
        tick("NYSE", "IBM", 502);
        assertEquals(List.of(new SequenceGap("NYSE", "IBM", 501, 501, gaps.recent(null, null, 1).get(0).detectedAt())),
                gaps.recent(null, null, 10), "the restored highest is where gap detection resumes");
    }
}

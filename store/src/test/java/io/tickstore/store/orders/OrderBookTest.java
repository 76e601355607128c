package io.tickstore.store.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.OrderRecord;
import io.tickstore.store.model.OrderStatus;
import io.tickstore.store.model.OrderType;
import io.tickstore.store.model.Side;
import io.tickstore.store.model.TimeInForce;
import io.tickstore.store.model.TradeRecord;
import org.junit.jupiter.api.Test;

class OrderBookTest {
    private static final long NOW = 1_704_186_000_000_000L;
    private final OrderBook book = new OrderBook();

    private static OrderRecord order(String id, OrderStatus status, String qty) {
        OrderRecord o = new OrderRecord();
        o.orderId = id;
        o.clientOrderId = "c-" + id;
        o.exchange = "X";
        o.symbol = "AAPL";
        o.strategyId = "s1";
        o.side = Side.BUY;
        o.orderType = OrderType.LIMIT;
        o.quantity = Decimal8.parse(qty);
        o.price = Decimal8.parse("100");
        o.status = status;
        return o;
    }

    private static TradeRecord fill(String id, String orderId, String qty, String price) {
        TradeRecord t = new TradeRecord();
        t.tradeId = id;
        t.orderId = orderId;
        t.exchange = "X";
        t.symbol = "AAPL";
        t.side = Side.BUY;
        t.quantity = Decimal8.parse(qty);
        t.price = Decimal8.parse(price);
        t.executedAt = NOW + 10;
        return t;
    }

    private void admit(OrderRecord o) throws Rejection {
        assertTrue(book.admitOrder(o, NOW));
        book.commitFrame();
    }

    private OrderRecord applyFill(TradeRecord t) throws Rejection {
        OrderRecord effect = new OrderRecord();
        book.admitFill(t, effect);
        book.commitFrame();
        return effect;
    }

    @Test
    void wholeLifeCyclePendingSubmittedPartialFilled() throws Rejection {
        admit(order("O-1", OrderStatus.PENDING, "10"));
        admit(order("O-1", OrderStatus.SUBMITTED, "10"));
        OrderRecord afterFirst = applyFill(fill("T-1", "O-1", "4", "100.5"));
        assertEquals(OrderStatus.PARTIAL, afterFirst.status);
        assertEquals(Decimal8.parse("4"), afterFirst.filledQuantity);
        assertEquals(Decimal8.parse("100.5"), afterFirst.averageFillPrice);
        OrderRecord afterSecond = applyFill(fill("T-2", "O-1", "6", "101"));
        assertEquals(OrderStatus.FILLED, afterSecond.status);
        assertEquals(Decimal8.parse("10"), afterSecond.filledQuantity);
        // (4 x 100.5 + 6 x 101) / 10 = 100.8
        assertEquals(Decimal8.parse("100.8"), afterSecond.averageFillPrice);
        assertEquals(NOW + 10, afterSecond.updatedAt, "a fill stamps the order with its execution time");
        assertEquals(OrderStatus.FILLED, book.get("O-1").status);
    }

    @Test
    void averageFillPriceRoundsHalfEvenAtEightDecimals() {
        // (1 x 1 + 2 x 0.00000002) / 3 = 0.33333334666... -> 0.33333335
        assertEquals(Decimal8.parse("0.33333335"), OrderBook.averagePrice(Decimal8.parse("1"), Decimal8.parse("1"),
                Decimal8.parse("0.00000002"), Decimal8.parse("2")));
        // 0.000000025 exactly: half-even -> 0.00000002
        assertEquals(Decimal8.parse("0.00000002"), OrderBook.averagePrice(Decimal8.parse("0.00000002"),
                Decimal8.parse("1"), Decimal8.parse("0.00000003"), Decimal8.parse("1")));
    }

    @Test
    void illegalTransitionsNameTheOrderAndBothStates() throws Rejection {
        admit(order("O-1", OrderStatus.SUBMITTED, "1"));
        applyFill(fill("T-1", "O-1", "1", "100"));
        Rejection r = assertThrows(Rejection.class, () -> book.admitOrder(order("O-1", OrderStatus.SUBMITTED, "1"), NOW + 20));
        assertEquals("order O-1: illegal transition filled -> submitted (filled is final)", r.getMessage());
        admit(order("O-2", OrderStatus.PENDING, "1"));
        r = assertThrows(Rejection.class, () -> book.admitOrder(order("O-2", OrderStatus.FILLED, "1"), NOW));
        assertEquals("order O-2: illegal transition pending -> filled (partial and filled are set by fills)",
                r.getMessage());
        r = assertThrows(Rejection.class, () -> book.admitOrder(order("O-3", OrderStatus.PARTIAL, "1"), NOW));
        assertEquals("order O-3: a new order starts as pending, submitted or rejected, not partial "
                + "(partial and filled are set by fills)", r.getMessage());
    }

    @Test
    void cancelAfterAPartialFillAndNoFillsAfterwards() throws Rejection {
        admit(order("O-1", OrderStatus.SUBMITTED, "10"));
        applyFill(fill("T-1", "O-1", "3", "100"));
        OrderRecord cancel = order("O-1", OrderStatus.CANCELLED, "10");
        assertTrue(book.admitOrder(cancel, NOW + 30));
        assertEquals(Decimal8.parse("3"), cancel.filledQuantity, "the fills stay");
        assertEquals(Decimal8.parse("100"), cancel.averageFillPrice);
        book.commitFrame();
        Rejection r = assertThrows(Rejection.class, () -> book.admitFill(fill("T-2", "O-1", "1", "100"), new OrderRecord()));
        assertEquals("trade T-2: order O-1 is cancelled; only submitted or partial orders take fills", r.getMessage());
    }

    @Test
    void fillsAreCheckedAgainstTheirOrder() throws Rejection {
        admit(order("O-1", OrderStatus.SUBMITTED, "10"));
        assertEquals("trade T-1: order O-9 is not known",
                assertThrows(Rejection.class, () -> book.admitFill(fill("T-1", "O-9", "1", "1"), new OrderRecord())).getMessage());
        TradeRecord wrongSymbol = fill("T-2", "O-1", "1", "1");
        wrongSymbol.symbol = "MSFT";
        assertEquals("trade T-2: X MSFT does not match order O-1 (X AAPL)",
                assertThrows(Rejection.class, () -> book.admitFill(wrongSymbol, new OrderRecord())).getMessage());
        TradeRecord wrongSide = fill("T-3", "O-1", "1", "1");
        wrongSide.side = Side.SELL;
        assertEquals("trade T-3: side sell does not match order O-1 (buy)",
                assertThrows(Rejection.class, () -> book.admitFill(wrongSide, new OrderRecord())).getMessage());
        assertEquals("trade T-4: quantity 10.5 would fill order O-1 past its quantity 10 (filled 0)",
                assertThrows(Rejection.class, () -> book.admitFill(fill("T-4", "O-1", "10.5", "1"), new OrderRecord()))
                        .getMessage());
        TradeRecord noOrder = fill("T-5", null, "1", "1");
        assertEquals("trade T-5: order_id is required (a fill must reference its order)",
                assertThrows(Rejection.class, () -> book.admitFill(noOrder, new OrderRecord())).getMessage());
        admit(order("O-2", OrderStatus.PENDING, "1"));
        assertEquals("trade T-6: order O-2 is pending; only submitted or partial orders take fills",
                assertThrows(Rejection.class, () -> book.admitFill(fill("T-6", "O-2", "1", "1"), new OrderRecord()))
                        .getMessage());
    }

    @Test
    void aFillTakesTheOrdersStrategyWhenItHasNone() throws Rejection {
        admit(order("O-1", OrderStatus.SUBMITTED, "10"));
        TradeRecord t = fill("T-1", "O-1", "1", "1");
        applyFill(t);
        assertEquals("s1", t.strategyId);
    }

    @Test
    void rollbackUndoesEveryChangeOfTheFrame() throws Rejection {
        admit(order("O-1", OrderStatus.SUBMITTED, "10"));
        // One frame: a new order, a fill of O-1, then a refused message: all of it is undone.
        assertTrue(book.admitOrder(order("O-2", OrderStatus.PENDING, "5"), NOW));
        book.admitFill(fill("T-1", "O-1", "4", "100"), new OrderRecord());
        assertThrows(Rejection.class, () -> book.admitOrder(order("O-2", OrderStatus.FILLED, "5"), NOW));
        book.rollbackFrame();
        assertNull(book.get("O-2"));
        assertEquals(OrderStatus.SUBMITTED, book.get("O-1").status);
        assertEquals(0, book.get("O-1").filledQuantity);
        assertTrue(book.admitOrder(order("O-2", OrderStatus.PENDING, "5"), NOW), "its client_order_id is free again");
    }

    @Test
    void clientOrderIdIsUnique() throws Rejection {
        admit(order("O-1", OrderStatus.PENDING, "1"));
        OrderRecord other = order("O-2", OrderStatus.PENDING, "1");
        other.clientOrderId = "c-O-1";
        assertEquals("order O-2: client_order_id c-O-1 is already used by order O-1",
                assertThrows(Rejection.class, () -> book.admitOrder(other, NOW)).getMessage());
    }

    @Test
    void reSendsAndStaleStatesAreDuplicatesNotErrors() throws Rejection {
        OrderRecord pending = order("O-1", OrderStatus.PENDING, "1");
        pending.updatedAt = NOW;
        admit(pending);
        OrderRecord submitted = order("O-1", OrderStatus.SUBMITTED, "1");
        submitted.updatedAt = NOW + 1;
        admit(submitted);
        OrderRecord againSubmitted = order("O-1", OrderStatus.SUBMITTED, "1");
        againSubmitted.updatedAt = NOW + 1;
        assertFalse(book.admitOrder(againSubmitted, NOW + 5), "identical re-send");
        OrderRecord stalePending = order("O-1", OrderStatus.PENDING, "1");
        stalePending.updatedAt = NOW;
        assertFalse(book.admitOrder(stalePending, NOW + 5), "an older state re-sent after a reconnect");
        assertEquals(OrderStatus.SUBMITTED, book.get("O-1").status);
    }

    @Test
    void immutableFieldsAndFillOwnedFieldsCannotBeSetByMessages() throws Rejection {
        admit(order("O-1", OrderStatus.SUBMITTED, "10"));
        OrderRecord moved = order("O-1", OrderStatus.SUBMITTED, "10");
        moved.symbol = "MSFT";
        assertEquals("order O-1: symbol cannot change (AAPL -> MSFT)",
                assertThrows(Rejection.class, () -> book.admitOrder(moved, NOW)).getMessage());
        OrderRecord claimsFills = order("O-1", OrderStatus.SUBMITTED, "10");
        claimsFills.filledQuantity = Decimal8.parse("2");
        assertEquals("order O-1: filled_quantity is set by fills (now 0), got 2",
                assertThrows(Rejection.class, () -> book.admitOrder(claimsFills, NOW)).getMessage());
        applyFill(fill("T-1", "O-1", "6", "100"));
        OrderRecord shrink = order("O-1", OrderStatus.PARTIAL, "5");
        assertEquals("order O-1: quantity 5 is below the filled quantity 6",
                assertThrows(Rejection.class, () -> book.admitOrder(shrink, NOW + 20)).getMessage());
        OrderRecord amend = order("O-1", OrderStatus.PARTIAL, "12");
        amend.timeInForce = TimeInForce.GTC;
        assertTrue(book.admitOrder(amend, NOW + 20), "a partial order may be amended");
    }

    private static OrderRecord withClientId(String id, String clientOrderId) {
        OrderRecord o = order(id, OrderStatus.SUBMITTED, "1");
        o.clientOrderId = clientOrderId;
        return o;
    }

    @Test
    void restoredClientOrderIdsFollowTheOrdersStatesNotTheOrderTheyCameIn() {
        OrderBook forwards = new OrderBook();
        OrderBook backwards = new OrderBook();
        OrderRecord[] states = {withClientId("O-2", "C"), withClientId("O-1", "C"), withClientId("O-3", "D")};
        for (int i = 0; i < states.length; i++) {
            forwards.restore(states[i]);
            backwards.restore(states[states.length - 1 - i]);
        }
        for (OrderBook b : new OrderBook[] {forwards, backwards}) {
            assertEquals("O-1", b.orderIdByClientOrderId("C"), "rows of older builds share C: the smallest order id holds it");
            assertEquals("O-3", b.orderIdByClientOrderId("D"));
            assertNull(b.orderIdByClientOrderId("E"));
        }
    }

    @Test
    void anOrderRestoredWithAnotherClientOrderIdFreesTheOldOne() throws Rejection {
        book.restore(withClientId("O-1", "A"));
        book.restore(withClientId("O-1", "B"));
        assertNull(book.orderIdByClientOrderId("A"), "no order carries A any more");
        assertEquals("O-1", book.orderIdByClientOrderId("B"));
        OrderRecord reuse = order("O-9", OrderStatus.PENDING, "1");
        reuse.clientOrderId = "A";
        assertTrue(book.admitOrder(reuse, NOW), "so a new order may use A");
        book.commitFrame();

        book.restore(withClientId("O-5", "B"));
        book.restore(withClientId("O-1", null));
        assertEquals("O-5", book.orderIdByClientOrderId("B"), "the other order carrying B takes it over");
        book.restore(withClientId("O-1", null));
        assertEquals("O-5", book.orderIdByClientOrderId("B"), "restoring the same state again changes nothing");
    }

    @Test
    void aCopyIsIndependentOfTheBook() throws Rejection {
        admit(order("O-1", OrderStatus.SUBMITTED, "10"));
        OrderBook copy = book.copy();
        applyFill(fill("T-1", "O-1", "4", "100"));
        admit(order("O-2", OrderStatus.PENDING, "1"));
        assertEquals(OrderStatus.SUBMITTED, copy.get("O-1").status);
        assertEquals(0, copy.get("O-1").filledQuantity);
        assertEquals(1, copy.size());
        assertNull(copy.orderIdByClientOrderId("c-O-2"));
        assertEquals("O-1", copy.orderIdByClientOrderId("c-O-1"));
        java.util.List<String> visited = new java.util.ArrayList<>();
        book.forEachOrder(o -> visited.add(o.orderId + ":" + o.status.text()));
        visited.sort(null);
        assertEquals(java.util.List.of("O-1:partial", "O-2:pending"), visited);
    }
}

package io.tickstore.store.orders;

import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.EpochMicros;
import io.tickstore.store.model.OrderRecord;
import io.tickstore.store.model.OrderStatus;
import io.tickstore.store.model.TradeRecord;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Objects;

/**
 * Every order's current state, and the rules a message must pass to change it (see
 * {@link OrderTransitions}). Order messages update an order by {@code order_id}; fills (trades)
 * must reference a known, fillable order of the same exchange, symbol and side, and may not fill it
 * past its quantity; a fill moves the order to partial or filled and updates
 * {@code filled_quantity} and {@code average_fill_price} (rounded half-even to 8 decimals).
 *
 * <p>Changes are tentative until {@link #commitFrame}; {@link #rollbackFrame} undoes every change of
 * the frame, so a frame is all or nothing.
 *
 * <p>Journaller thread only (and start-up before it).
 */
public final class OrderBook {
    private final HashMap<String, OrderRecord> orders;
    private final HashMap<String, String> byClientOrderId;
    private final ArrayList<Undo> undo = new ArrayList<>();

    public OrderBook() {
        this(0);
    }

    /** Sized for {@code expectedOrders} orders (a snapshot load knows how many). */
    public OrderBook(int expectedOrders) {
        int capacity = Math.max(16, (int) (expectedOrders / 0.75f) + 1);
        orders = new HashMap<>(capacity);
        byClientOrderId = new HashMap<>(capacity);
    }

    /** The current state of an order, or null. Do not modify. */
    public OrderRecord get(String orderId) {
        return orders.get(orderId);
    }

    public int size() {
        return orders.size();
    }

    /**
     * Checks and applies an order message. {@code o} is completed in place to the order's whole new
     * state (absent optional fields keep their values; a new order gets defaults), which is what
     * gets journaled. Returns false for a duplicate: a re-send that changes nothing, or a message
     * older than the order's current state (its {@code updated_at} is earlier), which changes nothing.
     */
    public boolean admitOrder(OrderRecord o, long nowMicros) throws Rejection {
        OrderRecord current = orders.get(o.orderId);
        if (current == null) {
            return admitNewOrder(o, nowMicros);
        }
        if (o.updatedAt != EpochMicros.NULL && o.updatedAt < current.updatedAt) {
            return false; // stale: an earlier state re-sent (e.g. after a reconnect)
        }
        if (o.filledQuantity != Decimal8.NULL && o.filledQuantity != current.filledQuantity) {
            throw new Rejection("order " + o.orderId + ": filled_quantity is set by fills (now "
                    + Decimal8.toString(current.filledQuantity) + "), got " + Decimal8.toString(o.filledQuantity));
        }
        if (o.averageFillPrice != Decimal8.NULL && o.averageFillPrice != current.averageFillPrice) {
            throw new Rejection("order " + o.orderId + ": average_fill_price is set by fills");
        }
        o.fillAbsentFrom(current);
        if (current.sameStateAs(o)) {
            return false;
        }
        unchanged(o.orderId, "exchange", current.exchange, o.exchange);
        unchanged(o.orderId, "symbol", current.symbol, o.symbol);
        unchanged(o.orderId, "side", current.side == null ? null : current.side.text(), o.side.text());
        unchanged(o.orderId, "client_order_id", current.clientOrderId, o.clientOrderId);
        unchanged(o.orderId, "strategy_id", current.strategyId, o.strategyId);
        if (!OrderTransitions.allowedByMessage(current.status, o.status)) {
            if (OrderTransitions.isFinal(current.status)) {
                throw new Rejection("order " + o.orderId + ": illegal transition " + current.status.text() + " -> "
                        + o.status.text() + " (" + current.status.text() + " is final)");
            }
            throw new Rejection("order " + o.orderId + ": illegal transition " + current.status.text() + " -> "
                    + o.status.text() + (o.status == OrderStatus.PARTIAL || o.status == OrderStatus.FILLED
                    ? " (partial and filled are set by fills)" : ""));
        }
        if (o.quantity < current.filledQuantity) {
            throw new Rejection("order " + o.orderId + ": quantity " + Decimal8.toString(o.quantity)
                    + " is below the filled quantity " + Decimal8.toString(current.filledQuantity));
        }
        o.fillDefaults(nowMicros);
        if (o.updatedAt < current.updatedAt) {
            o.updatedAt = current.updatedAt; // the arrival stamp never moves an order back in time
        }
        remember(o.orderId, current, null);
        current.copyFrom(o);
        return true;
    }

    private boolean admitNewOrder(OrderRecord o, long nowMicros) throws Rejection {
        if (!OrderTransitions.INITIAL.contains(o.status)) {
            throw new Rejection("order " + o.orderId + ": a new order starts as pending, submitted or rejected, not "
                    + o.status.text() + " (partial and filled are set by fills)");
        }
        if (o.filledQuantity != Decimal8.NULL && o.filledQuantity != 0) {
            throw new Rejection("order " + o.orderId + ": filled_quantity is set by fills, got "
                    + Decimal8.toString(o.filledQuantity));
        }
        if (o.averageFillPrice != Decimal8.NULL) {
            throw new Rejection("order " + o.orderId + ": average_fill_price is set by fills");
        }
        if (o.clientOrderId != null) {
            String owner = byClientOrderId.get(o.clientOrderId);
            if (owner != null) {
                throw new Rejection("order " + o.orderId + ": client_order_id " + o.clientOrderId
                        + " is already used by order " + owner);
            }
        }
        o.fillDefaults(nowMicros);
        OrderRecord copy = new OrderRecord();
        copy.copyFrom(o);
        orders.put(copy.orderId, copy);
        if (copy.clientOrderId != null) {
            byClientOrderId.put(copy.clientOrderId, copy.orderId);
        }
        remember(copy.orderId, null, copy.clientOrderId);
        return true;
    }

    /**
     * Checks a fill against its order and applies it; {@code effect} receives the order's new state
     * (journaled right after the trade). The trade's strategy_id is taken from the order when absent.
     */
    public void admitFill(TradeRecord t, OrderRecord effect) throws Rejection {
        if (t.orderId == null) {
            throw new Rejection("trade " + t.tradeId + ": order_id is required (a fill must reference its order)");
        }
        OrderRecord order = orders.get(t.orderId);
        if (order == null) {
            throw new Rejection("trade " + t.tradeId + ": order " + t.orderId + " is not known");
        }
        if (!order.exchange.equals(t.exchange) || !order.symbol.equals(t.symbol)) {
            throw new Rejection("trade " + t.tradeId + ": " + t.exchange + " " + t.symbol + " does not match order "
                    + t.orderId + " (" + order.exchange + " " + order.symbol + ")");
        }
        if (order.side != t.side) {
            throw new Rejection("trade " + t.tradeId + ": side " + t.side.text() + " does not match order " + t.orderId
                    + " (" + order.side.text() + ")");
        }
        if (t.strategyId == null) {
            t.strategyId = order.strategyId;
        } else if (!Objects.equals(t.strategyId, order.strategyId)) {
            throw new Rejection("trade " + t.tradeId + ": strategy_id " + t.strategyId + " does not match order "
                    + t.orderId + " (" + order.strategyId + ")");
        }
        if (!OrderTransitions.FILLABLE.contains(order.status)) {
            throw new Rejection("trade " + t.tradeId + ": order " + t.orderId + " is " + order.status.text()
                    + "; only submitted or partial orders take fills");
        }
        long filled = order.filledQuantity + t.quantity;
        if (filled > order.quantity) {
            throw new Rejection("trade " + t.tradeId + ": quantity " + Decimal8.toString(t.quantity)
                    + " would fill order " + t.orderId + " past its quantity " + Decimal8.toString(order.quantity)
                    + " (filled " + Decimal8.toString(order.filledQuantity) + ")");
        }
        remember(order.orderId, order, null);
        order.averageFillPrice = averagePrice(order.averageFillPrice, order.filledQuantity, t.price, t.quantity);
        order.filledQuantity = filled;
        order.status = filled == order.quantity ? OrderStatus.FILLED : OrderStatus.PARTIAL;
        if (t.executedAt > order.updatedAt) {
            order.updatedAt = t.executedAt;
        }
        effect.copyFrom(order);
    }

    /** (avg × filled + price × qty) / (filled + qty), rounded half-even to 8 decimals; exact intermediate. */
    static long averagePrice(long average, long filled, long price, long quantity) {
        BigInteger numerator = BigInteger.valueOf(price).multiply(BigInteger.valueOf(quantity));
        if (filled > 0) {
            numerator = numerator.add(BigInteger.valueOf(average).multiply(BigInteger.valueOf(filled)));
        }
        return new java.math.BigDecimal(numerator)
                .divide(new java.math.BigDecimal(BigInteger.valueOf(filled + quantity)), 0, RoundingMode.HALF_EVEN)
                .longValueExact();
    }

    /** Makes the frame's changes permanent. */
    public void commitFrame() {
        undo.clear();
    }

    /** Undoes every change since the last {@link #commitFrame}, newest first. */
    public void rollbackFrame() {
        for (int i = undo.size() - 1; i >= 0; i--) {
            Undo u = undo.get(i);
            if (u.previous == null) {
                orders.remove(u.orderId);
                if (u.addedClientOrderId != null) {
                    byClientOrderId.remove(u.addedClientOrderId);
                }
            } else {
                orders.get(u.orderId).copyFrom(u.previous);
            }
        }
        undo.clear();
    }

    /**
     * Start-up: an order as stored (or as journaled, for the replayed tail), replacing its state.
     * Restoring the same states again, or in another order, gives the same book: the
     * client_order_id map follows from the orders' states alone. Messages never let two orders
     * share a client_order_id or change one, but rows from older builds may; then the id belongs
     * to the smallest order_id carrying it.
     */
    public void restore(OrderRecord o) {
        OrderRecord current = orders.get(o.orderId);
        String previousClientOrderId = null;
        if (current == null) {
            current = new OrderRecord();
            orders.put(o.orderId, current);
        } else {
            previousClientOrderId = current.clientOrderId;
        }
        current.copyFrom(o);
        if (previousClientOrderId != null && !previousClientOrderId.equals(o.clientOrderId)
                && o.orderId.equals(byClientOrderId.get(previousClientOrderId))) {
            byClientOrderId.remove(previousClientOrderId);
            reassignClientOrderId(previousClientOrderId);
        }
        if (o.clientOrderId != null) {
            String holder = byClientOrderId.get(o.clientOrderId);
            if (holder == null || o.orderId.compareTo(holder) < 0) {
                byClientOrderId.put(o.clientOrderId, o.orderId);
            }
        }
    }

    /** After an order left {@code clientOrderId} (rows of older builds only): the next holder, if any. */
    private void reassignClientOrderId(String clientOrderId) {
        String holder = null;
        for (OrderRecord r : orders.values()) {
            if (clientOrderId.equals(r.clientOrderId) && (holder == null || r.orderId.compareTo(holder) < 0)) {
                holder = r.orderId;
            }
        }
        if (holder != null) {
            byClientOrderId.put(clientOrderId, holder);
        }
    }

    /** The order a new order's client_order_id would collide with, or null. */
    public String orderIdByClientOrderId(String clientOrderId) {
        return byClientOrderId.get(clientOrderId);
    }

    /**
     * Every order's current state, in no particular order (a snapshot). The records are the book's
     * own: read them, do not change or keep them. Between frames only. What {@code consumer}
     * throws ends the visit.
     */
    public <E extends Exception> void forEachOrder(OrderConsumer<E> consumer) throws E {
        for (OrderRecord o : orders.values()) {
            consumer.accept(o);
        }
    }

    /** Receives one order's state. */
    @FunctionalInterface
    public interface OrderConsumer<E extends Exception> {
        void accept(OrderRecord order) throws E;
    }

    /** An independent copy of every order's state. Between frames only. */
    public OrderBook copy() {
        OrderBook c = new OrderBook(orders.size());
        for (OrderRecord o : orders.values()) {
            OrderRecord r = new OrderRecord();
            r.copyFrom(o);
            c.orders.put(r.orderId, r);
        }
        c.byClientOrderId.putAll(byClientOrderId);
        return c;
    }

    private void remember(String orderId, OrderRecord previousOrNull, String addedClientOrderId) {
        OrderRecord copy = null;
        if (previousOrNull != null) {
            copy = new OrderRecord();
            copy.copyFrom(previousOrNull);
        }
        undo.add(new Undo(orderId, copy, addedClientOrderId));
    }

    private static void unchanged(String orderId, String field, String was, String now) throws Rejection {
        if (!Objects.equals(was, now)) {
            throw new Rejection("order " + orderId + ": " + field + " cannot change (" + was + " -> " + now + ")");
        }
    }

    private record Undo(String orderId, OrderRecord previous, String addedClientOrderId) {
    }
}

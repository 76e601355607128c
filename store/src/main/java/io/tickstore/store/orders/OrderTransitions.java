package io.tickstore.store.orders;

import static io.tickstore.store.model.OrderStatus.*;

import io.tickstore.store.model.OrderStatus;
import java.util.EnumSet;
import java.util.Map;

/**
 * The order life cycle:
 * <pre>
 *   pending ──► submitted ──► partial ──► filled
 *      │            │            │
 *      └────────────┴────────────┴──► cancelled          pending, submitted ──► rejected
 * </pre>
 * Order messages may move an order along the arrows that are not fills: {@code partial} and
 * {@code filled} are reached only through fills (trades), which also set {@code filled_quantity}
 * and {@code average_fill_price}. A new order starts as pending, submitted or rejected. filled,
 * cancelled and rejected are final.
 */
public final class OrderTransitions {
    private OrderTransitions() {
    }

    /** What an order message may set, given the current status (same status = an amendment). */
    private static final Map<OrderStatus, EnumSet<OrderStatus>> BY_MESSAGE = Map.of(
            PENDING, EnumSet.of(PENDING, SUBMITTED, CANCELLED, REJECTED),
            SUBMITTED, EnumSet.of(SUBMITTED, CANCELLED, REJECTED),
            PARTIAL, EnumSet.of(PARTIAL, CANCELLED),
            FILLED, EnumSet.noneOf(OrderStatus.class),
            CANCELLED, EnumSet.noneOf(OrderStatus.class),
            REJECTED, EnumSet.noneOf(OrderStatus.class));

    public static final EnumSet<OrderStatus> INITIAL = EnumSet.of(PENDING, SUBMITTED, REJECTED);
    public static final EnumSet<OrderStatus> FILLABLE = EnumSet.of(SUBMITTED, PARTIAL);

    public static boolean allowedByMessage(OrderStatus from, OrderStatus to) {
        return BY_MESSAGE.get(from).contains(to);
    }

    public static boolean isFinal(OrderStatus s) {
        return s == FILLED || s == CANCELLED || s == REJECTED;
    }
}

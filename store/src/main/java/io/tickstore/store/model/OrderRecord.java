package io.tickstore.store.model;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;

/** One row of {@code orders}, as a reusable holder. Enum columns are null when absent. */
public final class OrderRecord {
    /** A query over {@code orders} whose first 16 columns {@link #readStored} reads (the 17th is journal_index); append WHERE/ORDER BY. */
    public static final String SELECT_STORED = "SELECT order_id, client_order_id, exchange, symbol, strategy_id, "
            + "side, order_type, time_in_force, quantity, price, stop_price, status, filled_quantity, "
            + "average_fill_price, epoch_us(created_at), epoch_us(updated_at), journal_index FROM orders";

    public String orderId;
    public String clientOrderId;
    public String exchange;
    public String symbol;
    public String strategyId;
    public Side side;
    public OrderType orderType;
    public TimeInForce timeInForce;
    public long quantity;
    public long price;
    public long stopPrice;
    public OrderStatus status;
    public long filledQuantity;
    public long averageFillPrice;
    public long createdAt;
    public long updatedAt;

    public OrderRecord() {
        clear();
    }

    public void clear() {
        orderId = null;
        clientOrderId = null;
        exchange = null;
        symbol = null;
        strategyId = null;
        side = null;
        orderType = null;
        timeInForce = null;
        quantity = Decimal8.NULL;
        price = Decimal8.NULL;
        stopPrice = Decimal8.NULL;
        status = null;
        filledQuantity = Decimal8.NULL;
        averageFillPrice = Decimal8.NULL;
        createdAt = EpochMicros.NULL;
        updatedAt = EpochMicros.NULL;
    }

    public void copyFrom(OrderRecord o) {
        orderId = o.orderId;
        clientOrderId = o.clientOrderId;
        exchange = o.exchange;
        symbol = o.symbol;
        strategyId = o.strategyId;
        side = o.side;
        orderType = o.orderType;
        timeInForce = o.timeInForce;
        quantity = o.quantity;
        price = o.price;
        stopPrice = o.stopPrice;
        status = o.status;
        filledQuantity = o.filledQuantity;
        averageFillPrice = o.averageFillPrice;
        createdAt = o.createdAt;
        updatedAt = o.updatedAt;
    }

    /**
     * An update message may leave optional fields out; they keep the order's current values.
     * Required fields (ids, exchange, symbol, side, type, quantity, status) are always present.
     */
    public void fillAbsentFrom(OrderRecord current) {
        if (clientOrderId == null) {
            clientOrderId = current.clientOrderId;
        }
        if (strategyId == null) {
            strategyId = current.strategyId;
        }
        if (timeInForce == null) {
            timeInForce = current.timeInForce;
        }
        if (price == Decimal8.NULL) {
            price = current.price;
        }
        if (stopPrice == Decimal8.NULL) {
            stopPrice = current.stopPrice;
        }
        if (filledQuantity == Decimal8.NULL) {
            filledQuantity = current.filledQuantity;
        }
        if (averageFillPrice == Decimal8.NULL) {
            averageFillPrice = current.averageFillPrice;
        }
        if (createdAt == EpochMicros.NULL) {
            createdAt = current.createdAt;
        }
    }

    /** Defaults for a new order's absent optional fields; {@code now} is epoch microseconds. */
    public void fillDefaults(long now) {
        if (timeInForce == null) {
            timeInForce = TimeInForce.DAY;
        }
        if (filledQuantity == Decimal8.NULL) {
            filledQuantity = 0;
        }
        if (updatedAt == EpochMicros.NULL) {
            updatedAt = now;
        }
        if (createdAt == EpochMicros.NULL) {
            createdAt = updatedAt;
        }
    }

    /** True when every field except {@code updatedAt} is equal: a re-sent message that changes nothing. */
    public boolean sameStateAs(OrderRecord o) {
        return Objects.equals(orderId, o.orderId)
                && Objects.equals(clientOrderId, o.clientOrderId)
                && Objects.equals(exchange, o.exchange)
                && Objects.equals(symbol, o.symbol)
                && Objects.equals(strategyId, o.strategyId)
                && side == o.side
                && orderType == o.orderType
                && timeInForce == o.timeInForce
                && quantity == o.quantity
                && price == o.price
                && stopPrice == o.stopPrice
                && status == o.status
                && filledQuantity == o.filledQuantity
                && averageFillPrice == o.averageFillPrice
                && createdAt == o.createdAt;
    }

    /** Replaces this record with the current row of a result of {@link #SELECT_STORED}. */
    public void readStored(ResultSet rs) throws SQLException {
        clear();
        orderId = rs.getString(1);
        clientOrderId = rs.getString(2);
        exchange = rs.getString(3);
        symbol = rs.getString(4);
        strategyId = rs.getString(5);
        side = Side.byText(rs.getString(6));
        orderType = OrderType.byText(rs.getString(7));
        timeInForce = TimeInForce.byText(rs.getString(8));
        quantity = Decimal8.fromNullable(rs.getBigDecimal(9));
        price = Decimal8.fromNullable(rs.getBigDecimal(10));
        stopPrice = Decimal8.fromNullable(rs.getBigDecimal(11));
        status = OrderStatus.byText(rs.getString(12));
        filledQuantity = Decimal8.fromNullable(rs.getBigDecimal(13));
        averageFillPrice = Decimal8.fromNullable(rs.getBigDecimal(14));
        createdAt = rs.getLong(15);
        updatedAt = rs.getLong(16);
    }
}

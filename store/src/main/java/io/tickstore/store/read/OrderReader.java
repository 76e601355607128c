package io.tickstore.store.read;

import io.tickstore.store.hot.UnstoredLog;
import io.tickstore.store.model.OrderRecord;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;

/**
 * Orders, from DuckDB and the hot tier ({@link MergedRows}): an order's latest state wins, whichever
 * tier holds it. Worker threads.
 */
public final class OrderReader {
    private static final Comparator<UnstoredLog.Entry<OrderRecord>> ORDER =
            Comparator.<UnstoredLog.Entry<OrderRecord>>comparingLong(e -> e.row().createdAt)
                    .thenComparing(e -> e.row().orderId);

    private final MergedRows<OrderRecord> rows;

    /** {@code earliest}: where hybrid reads split a range ({@link HistoryTable#ORDERS}). */
    public OrderReader(UnstoredLog<OrderRecord> hot, ReaderPool pool, EarliestLocal earliest) {
        this.rows = new MergedRows<>(pool, hot, HistoryTable.ORDERS, o -> o.createdAt, earliest,
                OrderRecord.SELECT_STORED, "created_at, order_id", rs -> {
            OrderRecord o = new OrderRecord();
            o.readStored(rs);
            return new UnstoredLog.Entry<>(rs.getLong(17), o);
        }, ORDER, o -> o.orderId);
    }

    /** An order's current state, or null. */
    public OrderRecord one(String orderId) throws SQLException {
        return rows.one(new WhereClause().equal("order_id", orderId), orderId);
    }

    /**
     * Orders created in [from, to), optionally of one exchange, symbol, strategy ({@code ""}: orders
     * without one) and statuses, after the cursor (created_at, order_id) if given; in (created_at,
     * order_id) order, at most {@code max}; their tiers added to {@code answered}.
     */
    public List<OrderRecord> page(Query q, int max, TiersAnswered answered) throws SQLException {
        return rows.page(q.where(), e -> q.matches(e.row()), q.start(), q.to(), max, answered).stream()
                .map(UnstoredLog.Entry::row).toList();
    }

    /** Answers the part of ranges before the local tiers' earliest order from {@code older} (null: nowhere). */
    void olderFrom(OlderHistory older) {
        rows.olderFrom(older);
    }

    /**
     * What to list. {@code strategyId} null: any; {@code ""}: none. {@code statuses} null: any.
     * {@code afterOrderId} null: no cursor.
     */
    public record Query(String exchange, String symbol, String strategyId, List<String> statuses, long from, long to,
                        long afterCreatedAt, String afterOrderId) {
        WhereClause where() {
            WhereClause w = new WhereClause()
                    .timeWithin("created_at", from, to)
                    .equal("exchange", exchange)
                    .equal("symbol", symbol)
                    .in("status", statuses);
            w.equalOrNull("strategy_id", strategyId);
            if (afterOrderId != null) {
                w.after("created_at", afterCreatedAt, "order_id", afterOrderId);
            }
            return w;
        }

        /** The earliest created_at a row of the page can have. */
        long start() {
            return afterOrderId != null ? Math.max(from, afterCreatedAt) : from;
        }

        boolean matches(OrderRecord o) {
            return o.createdAt >= from && o.createdAt < to
                    && (exchange == null || exchange.equals(o.exchange))
                    && (symbol == null || symbol.equals(o.symbol))
                    && (statuses == null || statuses.contains(o.status.text()))
                    && WhereClause.matchesEqualOrNull(strategyId, o.strategyId)
                    && (afterOrderId == null || o.createdAt > afterCreatedAt
                    || (o.createdAt == afterCreatedAt && o.orderId.compareTo(afterOrderId) > 0));
        }
    }
}

package io.tickstore.query;

import io.tickstore.config.QueryConfig;
import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.EpochMicros;
import io.tickstore.store.model.OrderRecord;
import io.tickstore.store.model.OrderStatus;
import io.tickstore.store.model.OrderType;
import io.tickstore.store.model.Side;
import io.tickstore.store.model.TimeInForce;
import io.tickstore.store.read.ReaderPool;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code GET /api/v1/orders/{order_id}}: one order's current state, or 404. {@code GET
 * /api/v1/orders?exchange=&symbol=&strategy_id=&status=&from=&to=&limit=&cursor=}: orders whose
 * {@code created_at} is in [from, to), in ascending (created_at, order_id), paged by cursor. An
 * order's key and creation time do not change with its updates, so pages neither skip nor repeat
 * orders while they are being filled or cancelled.
 */
final class OrdersEndpoint {
    static final String PATH = "/api/v1/orders";
    static final String ONE_PATH = "/api/v1/orders/:order_id";
    static final int MAX_ORDER_ID = 64;
    private static final Set<String> PARAMS =
            Set.of("exchange", "symbol", "strategy_id", "status", "from", "to", "limit", "cursor");
    private static final String COLUMNS = "SELECT order_id, client_order_id, exchange, symbol, strategy_id, side, "
            + "order_type, time_in_force, quantity, price, stop_price, status, filled_quantity, average_fill_price, "
            + "epoch_us(created_at), epoch_us(updated_at) FROM orders";
    private static final String ONE_SQL = COLUMNS + " WHERE order_id = ?";

    private final QueryConfig config;

    OrdersEndpoint(QueryConfig config) {
        this.config = config;
    }

    static Set<String> params() {
        return PARAMS;
    }

    /** A status and a JSON body. */
    record Reply(int status, String body) {
    }

    /** The path's order id: 1..64 characters. */
    static String orderId(String pathParam) throws BadParameter {
        if (pathParam == null || pathParam.isEmpty()) {
            throw new BadParameter("order_id", "must not be empty");
        }
        if (pathParam.length() > MAX_ORDER_ID) {
            throw new BadParameter("order_id", "longer than " + MAX_ORDER_ID + " characters");
        }
        return pathParam;
    }

    /** Worker thread: {@code {"order":{…}}}, or 404 naming {@code order_id}. */
    Reply one(ReaderPool readers, String orderId) throws SQLException {
        return readers.read(c -> {
            try (PreparedStatement s = c.prepareStatement(ONE_SQL)) {
                s.setQueryTimeout(readers.queryTimeoutSeconds());
                s.setString(1, orderId);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return new Reply(404, JsonText.error("order_id", "no order " + orderId));
                    }
                    OrderRecord o = new OrderRecord();
                    read(rs, o);
                    StringBuilder out = new StringBuilder(512).append("{\"order\":");
                    MarketJson.order(out, o);
                    return new Reply(200, out.append('}').toString());
                }
            }
        });
    }

    /** Validates the list parameters; throws before any reader is borrowed. */
    Request parse(QueryParams p) throws BadParameter {
        String exchange = p.optionalText("exchange");
        String symbol = p.optionalText("symbol");
        String strategy = p.optionalTextOrEmpty("strategy_id");
        List<String> statuses = statuses(p);
        long from = p.time("from", EpochMicros.MIN_ACCEPTED);
        long to = p.time("to", EpochMicros.MAX_ACCEPTED_EXCLUSIVE);
        if (from >= to) {
            throw new BadParameter("to", "must be after from");
        }
        int limit = p.integer("limit", config.defaultLimit(), 1, config.maxLimit());
        String cursor = p.optionalText("cursor", 512);
        PageCursor.TimeAndText after = cursor == null ? null : PageCursor.timeAndText(cursor);
        WhereClause where = new WhereClause()
                .and("created_at >= make_timestamp(?) AND created_at < make_timestamp(?)", from, to)
                .equal("exchange", exchange)
                .equal("symbol", symbol)
                .in("status", statuses);
        if (strategy != null) {
            if (strategy.isEmpty()) {
                where.and("strategy_id IS NULL");
            } else {
                where.equal("strategy_id", strategy);
            }
        }
        if (after != null) {
            where.and("(created_at > make_timestamp(?) OR (created_at = make_timestamp(?) AND order_id > ?))",
                    after.time(), after.time(), after.text());
        }
        return new Request(where, limit);
    }

    /** {@code status}: a comma-separated list of order statuses (any letter case), or null. */
    private static List<String> statuses(QueryParams p) throws BadParameter {
        Set<String> given = p.optionalList("status", OrderStatus.values().length);
        if (given == null) {
            return null;
        }
        List<String> out = new ArrayList<>(given.size());
        for (String g : given) {
            OrderStatus s = OrderStatus.byText(g.toLowerCase(Locale.ROOT));
            if (s == null) {
                throw new BadParameter("status", "expected one or more (comma-separated) of " + OrderStatus.allowed()
                        + ", got \"" + QueryParams.shorten(g) + "\"");
            }
            if (!out.contains(s.text())) {
                out.add(s.text());
            }
        }
        return out;
    }

    /** Worker thread: {@code {"orders":[…],"count":N,"next_cursor":…}}. */
    String run(ReaderPool readers, Request r) throws SQLException {
        String sql = COLUMNS + r.where.text() + " ORDER BY created_at, order_id LIMIT ?";
        return readers.read(c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setQueryTimeout(readers.queryTimeoutSeconds());
                s.setLong(r.where.bind(s, 1), r.limit + 1L);
                StringBuilder out = new StringBuilder(64 + Math.min(r.limit, 1000) * 420).append("{\"orders\":[");
                OrderRecord o = new OrderRecord();
                int n = 0;
                String next = null;
                String last = null;
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        if (n == r.limit) {
                            next = last;
                            break;
                        }
                        read(rs, o);
                        if (n++ > 0) {
                            out.append(',');
                        }
                        MarketJson.order(out, o);
                        last = PageCursor.of(o.createdAt, o.orderId);
                    }
                }
                return JsonText.endList(out, n, next);
            }
        });
    }

    /** One row of {@link #COLUMNS} into {@code o}. */
    private static void read(ResultSet rs, OrderRecord o) throws SQLException {
        o.clear();
        o.orderId = rs.getString(1);
        o.clientOrderId = rs.getString(2);
        o.exchange = rs.getString(3);
        o.symbol = rs.getString(4);
        o.strategyId = rs.getString(5);
        o.side = Side.byText(rs.getString(6));
        o.orderType = OrderType.byText(rs.getString(7));
        o.timeInForce = TimeInForce.byText(rs.getString(8));
        o.quantity = decimal(rs.getBigDecimal(9));
        o.price = decimal(rs.getBigDecimal(10));
        o.stopPrice = decimal(rs.getBigDecimal(11));
        o.status = OrderStatus.byText(rs.getString(12));
        o.filledQuantity = decimal(rs.getBigDecimal(13));
        o.averageFillPrice = decimal(rs.getBigDecimal(14));
        o.createdAt = rs.getLong(15);
        o.updatedAt = rs.getLong(16);
    }

    private static long decimal(BigDecimal v) {
        return v == null ? Decimal8.NULL : Decimal8.fromBigDecimal(v);
    }

    record Request(WhereClause where, int limit) {
    }
}

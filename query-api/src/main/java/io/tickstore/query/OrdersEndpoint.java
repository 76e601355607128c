package io.tickstore.query;

import io.tickstore.config.QueryConfig;
import io.tickstore.store.model.OrderRecord;
import io.tickstore.store.model.OrderStatus;
import io.tickstore.store.read.ReaderPool;
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
    private static final String COLUMNS = OrderRecord.SELECT_STORED;
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
                    o.readStored(rs);
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
        QueryParams.TimeRange range = p.range();
        long from = range.from();
        long to = range.to();
        int limit = p.integer("limit", config.defaultLimit(), 1, config.maxLimit());
        String cursor = p.optionalText("cursor", 512);
        PageCursor.TimeAndText after = cursor == null ? null : PageCursor.timeAndText(cursor);
        WhereClause where = new WhereClause()
                .and("created_at >= make_timestamp(?) AND created_at < make_timestamp(?)", from, to)
                .equal("exchange", exchange)
                .equal("symbol", symbol)
                .in("status", statuses);
        where.equalOrNull("strategy_id", strategy);
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
                        o.readStored(rs);
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

    record Request(WhereClause where, int limit) {
    }
}

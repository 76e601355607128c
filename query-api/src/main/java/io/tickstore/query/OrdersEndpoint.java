package io.tickstore.query;

import io.tickstore.config.QueryConfig;
import io.tickstore.store.model.OrderRecord;
import io.tickstore.store.model.OrderStatus;
import io.tickstore.store.read.OrderReader;
import io.tickstore.store.read.TiersAnswered;
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
    Reply one(OrderReader reader, String orderId) throws SQLException {
        OrderRecord o = reader.one(orderId);
        if (o == null) {
            return new Reply(404, JsonText.error("order_id", "no order " + orderId));
        }
        StringBuilder out = new StringBuilder(512).append("{\"order\":");
        MarketJson.order(out, o);
        return new Reply(200, out.append('}').toString());
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
        return new Request(new OrderReader.Query(exchange, symbol, strategy, statuses, from, to,
                after == null ? 0 : after.time(), after == null ? null : after.text()), limit);
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

    /** Worker thread: {@code {"orders":[…],"count":N,"next_cursor":…}}; the tiers that answered into {@code answered}. */
    String run(OrderReader reader, Request r, TiersAnswered answered) throws SQLException {
        List<OrderRecord> rows = reader.page(r.query, r.limit + 1, answered);
        return JsonText.page("orders", rows, r.limit, 420, MarketJson::order,
                o -> PageCursor.of(o.createdAt, o.orderId));
    }

    record Request(OrderReader.Query query, int limit) {
    }
}

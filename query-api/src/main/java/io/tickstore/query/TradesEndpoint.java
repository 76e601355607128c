package io.tickstore.query;

import io.tickstore.config.QueryConfig;
import io.tickstore.store.hot.UnstoredLog;
import io.tickstore.store.model.TradeRecord;
import io.tickstore.store.read.TradeReader;
import io.tickstore.store.read.TiersAnswered;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /api/v1/trades?order_id=&exchange=&symbol=&strategy_id=&from=&to=&limit=&cursor=}:
 * fills whose {@code executed_at} is in [from, to), in ascending (executed_at, journal_index) —
 * execution time, ties in arrival order — paged by cursor. Every filter is optional; given ones
 * must all hold.
 */
final class TradesEndpoint {
    static final String PATH = "/api/v1/trades";
    private static final Set<String> PARAMS =
            Set.of("order_id", "exchange", "symbol", "strategy_id", "from", "to", "limit", "cursor");

    private final QueryConfig config;

    TradesEndpoint(QueryConfig config) {
        this.config = config;
    }

    static Set<String> params() {
        return PARAMS;
    }

    /** Validates the parameters; throws before any reader is borrowed. */
    Request parse(QueryParams p) throws BadParameter {
        String orderId = p.optionalText("order_id");
        String exchange = p.optionalText("exchange");
        String symbol = p.optionalText("symbol");
        String strategy = p.optionalTextOrEmpty("strategy_id");
        QueryParams.TimeRange range = p.range();
        long from = range.from();
        long to = range.to();
        int limit = p.integer("limit", config.defaultLimit(), 1, config.maxLimit());
        String cursor = p.optionalText("cursor", 512);
        PageCursor.TimeAndNumber after = cursor == null ? null : PageCursor.timeAndNumber(cursor);
        return new Request(new TradeReader.Query(orderId, exchange, symbol, strategy, from, to, after != null,
                after == null ? 0 : after.time(), after == null ? 0 : after.n()), limit);
    }

    /** Worker thread: {@code {"trades":[…],"count":N,"next_cursor":…}}; the tiers that answered into {@code answered}. */
    String run(TradeReader reader, Request r, TiersAnswered answered) throws SQLException {
        List<UnstoredLog.Entry<TradeRecord>> rows = reader.page(r.query, r.limit + 1, answered);
        return JsonText.page("trades", rows, r.limit, 360, (out, e) -> MarketJson.trade(out, e.row()),
                e -> PageCursor.of(e.row().executedAt, e.journalIndex()));
    }

    record Request(TradeReader.Query query, int limit) {
    }
}

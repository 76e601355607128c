package io.tickstore.query;

import io.tickstore.config.QueryConfig;
import io.tickstore.store.positions.PositionChange;
import io.tickstore.store.read.PositionChangeReader;
import io.tickstore.store.read.TiersAnswered;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /api/v1/positions/history?exchange=&symbol=&strategy_id=&from=&to=&limit=&cursor=}: the
 * position after each fill ({@code position_snapshots}) whose {@code time} (the fill's executed_at)
 * is in [from, to), in ascending (time, journal_index), paged by cursor.
 */
final class PositionHistoryEndpoint {
    static final String PATH = "/api/v1/positions/history";
    private static final Set<String> PARAMS =
            Set.of("exchange", "symbol", "strategy_id", "from", "to", "limit", "cursor");

    private final QueryConfig config;

    PositionHistoryEndpoint(QueryConfig config) {
        this.config = config;
    }

    static Set<String> params() {
        return PARAMS;
    }

    /** Validates the parameters; throws before any reader is borrowed. */
    Request parse(QueryParams p) throws BadParameter {
        String exchange = p.optionalText("exchange");
        String symbol = p.optionalText("symbol");
        String strategy = p.optionalTextOrEmpty("strategy_id");
        QueryParams.TimeRange range = p.range();
        long from = range.from();
        long to = range.to();
        int limit = p.integer("limit", config.defaultLimit(), 1, config.maxLimit());
        String cursor = p.optionalText("cursor", 512);
        PageCursor.TimeAndNumber after = cursor == null ? null : PageCursor.timeAndNumber(cursor);
        return new Request(new PositionChangeReader.Query(exchange, symbol, strategy, from, to, after != null,
                after == null ? 0 : after.time(), after == null ? 0 : after.n()), limit);
    }

    /** Worker thread: {@code {"history":[…],"count":N,"next_cursor":…}}. */
    String run(PositionChangeReader reader, Request r, TiersAnswered answered) throws SQLException {
        List<PositionChange> rows = reader.page(r.query, r.limit + 1, answered);
        return JsonText.page("history", rows, r.limit, 360, MarketJson::positionChange,
                c -> PageCursor.of(c.time(), c.journalIndex()));
    }

    record Request(PositionChangeReader.Query query, int limit) {
    }
}

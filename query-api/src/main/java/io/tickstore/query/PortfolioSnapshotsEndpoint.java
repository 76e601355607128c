package io.tickstore.query;

import io.tickstore.config.QueryConfig;
import io.tickstore.store.positions.PortfolioSnapshot;
import io.tickstore.store.read.PortfolioSnapshotReader;
import io.tickstore.store.read.TiersAnswered;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code GET /api/v1/portfolio/snapshots?from=&to=&type=&limit=&cursor=}: portfolio snapshots whose
 * {@code snapshot_time} is in [from, to), optionally of one type ({@code intraday} or {@code eod}),
 * in ascending (snapshot_time, snapshot_type), paged by cursor.
 */
final class PortfolioSnapshotsEndpoint {
    static final String PATH = "/api/v1/portfolio/snapshots";
    private static final Set<String> PARAMS = Set.of("from", "to", "type", "limit", "cursor");
    private static final Set<String> TYPES = Set.of("intraday", "eod");

    private final QueryConfig config;

    PortfolioSnapshotsEndpoint(QueryConfig config) {
        this.config = config;
    }

    static Set<String> params() {
        return PARAMS;
    }

    /** Validates the parameters; throws before any reader is borrowed. */
    Request parse(QueryParams p) throws BadParameter {
        QueryParams.TimeRange range = p.range();
        long from = range.from();
        long to = range.to();
        String given = p.optionalText("type");
        String type = given == null ? null : given.toLowerCase(Locale.ROOT);
        if (type != null && !TYPES.contains(type)) {
            throw new BadParameter("type", "expected intraday or eod, got \"" + QueryParams.shorten(given) + "\"");
        }
        int limit = p.integer("limit", config.defaultLimit(), 1, config.maxLimit());
        String cursor = p.optionalText("cursor", 512);
        PageCursor.TimeAndText after = cursor == null ? null : PageCursor.timeAndWord(cursor, TYPES);
        return new Request(new PortfolioSnapshotReader.Query(from, to, type, after == null ? 0 : after.time(),
                after == null ? null : after.text()), limit);
    }

    /** Worker thread: {@code {"snapshots":[…],"count":N,"next_cursor":…}}. */
    String run(PortfolioSnapshotReader reader, Request r, TiersAnswered answered) throws SQLException {
        List<PortfolioSnapshot> rows = reader.page(r.query, r.limit + 1, answered);
        return JsonText.page("snapshots", rows, r.limit, 400, MarketJson::portfolioSnapshot,
                x -> PageCursor.ofWord(x.time(), x.type()));
    }

    record Request(PortfolioSnapshotReader.Query query, int limit) {
    }
}

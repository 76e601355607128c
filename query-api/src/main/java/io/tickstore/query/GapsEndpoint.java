package io.tickstore.query;

import io.tickstore.store.dedupe.GapLog;
import io.tickstore.store.dedupe.SequenceGap;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /api/v1/gaps?exchange=&symbol=&limit=}: the most recent sequence gaps, newest first,
 * from memory (the last 1000 since start).
 */
final class GapsEndpoint {
    static final String PATH = "/api/v1/gaps";
    private static final Set<String> PARAMS = Set.of("exchange", "symbol", "limit");
    private static final int MAX_LIMIT = 1000;

    static Set<String> params() {
        return PARAMS;
    }

    static String run(GapLog gaps, QueryParams p) throws BadParameter {
        String exchange = p.optionalText("exchange");
        String symbol = p.optionalText("symbol");
        int limit = p.integer("limit", 100, 1, MAX_LIMIT);
        List<SequenceGap> recent = gaps.recent(exchange, symbol, limit);
        StringBuilder out = new StringBuilder(64 + recent.size() * 160);
        out.append("{\"total_gaps\":").append(gaps.totalGaps()).append(",\"gaps\":[");
        for (int i = 0; i < recent.size(); i++) {
            SequenceGap g = recent.get(i);
            if (i > 0) {
                out.append(',');
            }
            out.append("{\"exchange\":");
            JsonText.string(out, g.exchange());
            out.append(",\"symbol\":");
            JsonText.string(out, g.symbol());
            out.append(",\"from_sequence\":").append(g.from());
            out.append(",\"to_sequence\":").append(g.to());
            out.append(",\"missing\":").append(g.missing());
            out.append(",\"detected_at\":");
            MarketJson.time(out, g.detectedAt());
            out.append('}');
        }
        return out.append("]}").toString();
    }
}

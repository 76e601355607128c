package io.tickstore.server;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tickstore.store.TickStore;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /health} (the process is up), {@code GET /ready} (journal and DuckDB open, replay done,
 * pipeline healthy), {@code GET /metrics} (Prometheus text format).
 */
final class OperationsRoutes {
    private OperationsRoutes() {
    }

    static void mount(Router router, StoreState state, PrometheusMeterRegistry registry) {
        router.get("/health").handler(ctx -> json(ctx, 200, "{\"status\":\"up\"}"));
        router.get("/ready").handler(ctx -> ready(ctx, state));
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                .end(registry.scrape()));
    }

    private static void ready(RoutingContext ctx, StoreState state) {
        String failure = state.failure();
        TickStore store = state.store();
        if (failure != null) {
            json(ctx, 503, "{\"status\":\"failed\",\"reason\":" + quote(failure) + "}");
        } else if (store == null) {
            json(ctx, 503, "{\"status\":\"starting\",\"reason\":\"replaying the journal\"}");
        } else {
            json(ctx, 200, "{\"status\":\"ready\",\"journal_index\":" + store.pipeline().lastJournalIndex()
                    + ",\"applied_index\":" + store.pipeline().appliedIndex()
                    + ",\"replayed_at_start\":" + store.replayedAtOpen() + "}");
        }
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(' ');
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    private static void json(RoutingContext ctx, int status, String body) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body);
    }
}

package io.tickstore.server;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tickstore.store.TickStore;
import io.tickstore.store.pipeline.IngestGate;
import io.tickstore.store.pipeline.IngestPipeline;
import io.tickstore.store.sink.SinkStatus;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /health} (the process is up), {@code GET /ready} (journal and DuckDB open, the hot tier
 * replayed, pipeline healthy; with the hot tier's and every sink's index and lag, and what holds
 * ingest back if anything does), {@code GET /metrics} (Prometheus text format).
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
            json(ctx, 200, ready(store));
        }
    }

    /** The ready body: indexes, sinks, backpressure. */
    static String ready(TickStore store) {
        IngestPipeline pipeline = store.pipeline();
        StringBuilder out = new StringBuilder(256).append("{\"status\":\"ready\",\"journal_index\":")
                .append(pipeline.lastJournalIndex())
                .append(",\"hot_applied_index\":").append(pipeline.hotAppliedIndex())
                .append(",\"replayed_at_start\":").append(store.replayedAtOpen())
                .append(",\"sinks\":[");
        boolean first = true;
        for (SinkStatus s : store.sinks()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            out.append("{\"name\":").append(quote(s.name()))
                    .append(",\"applied_index\":").append(s.appliedIndex())
                    .append(",\"lag_messages\":").append(s.lagMessages())
                    .append(",\"lag_seconds\":").append(String.format(java.util.Locale.ROOT, "%.3f", s.lagSeconds()))
                    .append(",\"state\":").append(quote(s.state().text))
                    .append(",\"required\":").append(s.required())
                    .append(",\"reason\":").append(s.reason() == null ? "null" : quote(s.reason()))
                    .append('}');
        }
        out.append("],\"backpressure\":");
        IngestGate.Reason held = pipeline.heldBy();
        String detail = pipeline.gate().detail();
        if (held == null || detail == null) {
            out.append("null");
        } else {
            out.append("{\"reason\":").append(quote(held.tag)).append(",\"detail\":").append(quote(detail)).append('}');
        }
        return out.append('}').toString();
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

package io.tickstore.server;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickstore.store.TickStore;
import io.tickstore.store.sink.SinkStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/v1/status}: what the console's status panel shows, as a small JSON document built
 * from the server's own meters (ingest rate and ack latency over the last ten seconds, connections)
 * and from the store (journal index, each sink's applied index and lag). See docs/http-api.md.
 */
final class StatusEndpoint {
    static final String PATH = "/api/v1/status";

    private final StoreState state;
    private final StatusSampler sampler;
    private final MeterRegistry registry;
    private final long startedNanos = System.nanoTime();

    StatusEndpoint(StoreState state, StatusSampler sampler, MeterRegistry registry) {
        this.state = state;
        this.sampler = sampler;
        this.registry = registry;
    }

    void mount(Router router) {
        router.get(PATH).handler(this::status);
    }

    private void status(RoutingContext ctx) {
        if (!ctx.queryParams().isEmpty()) {
            String name = ctx.queryParams().names().iterator().next();
            ctx.response().setStatusCode(400).putHeader("content-type", "application/json")
                    .end(new JsonObject().put("error", name + ": unknown parameter; this endpoint takes none")
                            .put("parameter", name).encode());
            return;
        }
        ctx.response().putHeader("content-type", "application/json").putHeader("cache-control", "no-store")
                .end(render().encode());
    }

    JsonObject render() {
        StatusSampler.Window w = sampler.window();
        TickStore store = state.store();
        String failure = state.failure();
        JsonObject ingest = new JsonObject()
                .put("connections", (long) gauge("tickstore.ingest.connections"))
                .put("messages_total", (long) w.messagesTotal())
                .put("messages_per_second", round(w.messagesPerSecond()))
                .put("frames_per_second", round(w.framesPerSecond()))
                .put("error_frames_per_second", round(w.errorFramesPerSecond()))
                .put("ack_latency_ms", new JsonObject()
                        .put("mean", finiteOrNull(w.ackMeanMillis()))
                        .put("p99", finiteOrNull(w.ackP99Millis())));
        JsonArray sinks = new JsonArray();
        Object journal = null;
        if (store != null) {
            for (SinkStatus s : store.sinks()) {
                sinks.add(new JsonObject().put("name", s.name()).put("applied_index", s.appliedIndex())
                        .put("lag_messages", s.lagMessages()).put("lag_seconds", round(s.lagSeconds()))
                        .put("state", s.state().text).put("required", s.required()).put("reason", s.reason()));
            }
            journal = new JsonObject().put("index", store.pipeline().lastJournalIndex())
                    .put("disk_free_bytes", (long) gauge("disk.free", "volume", "journal"));
        }
        return new JsonObject()
                .put("status", failure != null ? "failed" : store == null ? "starting" : "ready")
                .put("uptime_seconds", round((System.nanoTime() - startedNanos) / 1e9))
                .put("window_seconds", round(w.seconds()))
                .put("ingest", ingest)
                .put("journal", journal)
                .put("sinks", sinks)
                .put("query", new JsonObject()
                        .put("requests_per_second", round(w.queriesPerSecond()))
                        .put("server_errors_per_second", round(w.queryServerErrorsPerSecond())))
                .put("stream", new JsonObject()
                        .put("connections", (long) gauge("tickstore.stream.connections"))
                        .put("queued", (long) gauge("tickstore.stream.queued")));
    }

    private double gauge(String name, String... tags) {
        Gauge g = registry.find(name).tags(tags).gauge();
        return g == null ? 0 : g.value();
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? round(v) : null;
    }

    /** Three decimals: enough for a rate or a latency in ms, and short JSON. */
    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}

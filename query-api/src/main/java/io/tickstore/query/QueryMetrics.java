package io.tickstore.query;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code tickstore_query_latency_seconds{endpoint, status}}: every reply of the HTTP read API, from
 * the request reaching its route to the reply's last byte written, by route (its path pattern as
 * openapi.json writes it, so the label set stays small) and HTTP status. A histogram on fixed buckets (1 ms .. 10 s), so a
 * dashboard can show p99 per endpoint and an alert can count 5xx replies. One instance per server,
 * shared by the event loops.
 */
public final class QueryMetrics {
    /** Bucket bounds: what a dashboard needs for p50/p99 from sub-millisecond memory reads to timeouts. */
    private static final Duration[] BUCKETS = {
        Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
        Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
        Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Endpoint> endpoints = new ConcurrentHashMap<>();

    public QueryMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Wraps a route's handler so each of its replies is timed under {@code endpoint} (the route's path). */
    public Handler<RoutingContext> timed(String endpoint, Handler<RoutingContext> handler) {
        Endpoint meters = endpoints.computeIfAbsent(endpoint, Endpoint::new);
        return ctx -> {
            long start = System.nanoTime();
            ctx.addEndHandler(done -> meters.record(ctx.response().getStatusCode(), System.nanoTime() - start));
            handler.handle(ctx);
        };
    }

    /** One route's timers, one per status code seen (a handful: 200, 400, 404, 500, 503, 504). */
    private final class Endpoint {
        private final String path;
        private final ConcurrentMap<Integer, Timer> byStatus = new ConcurrentHashMap<>();

        Endpoint(String route) {
            this.path = route.replaceAll(":([a-z_]+)", "{$1}"); // /api/v1/orders/{order_id}, as in openapi.json
        }

        void record(int status, long nanos) {
            byStatus.computeIfAbsent(status, this::timer).record(nanos, TimeUnit.NANOSECONDS);
        }

        private Timer timer(int status) {
            return Timer.builder("tickstore.query.latency")
                    .description("HTTP read API replies: from the request reaching its route to the reply written")
                    .tag("endpoint", path)
                    .tag("status", Integer.toString(status))
                    .serviceLevelObjectives(BUCKETS)
                    .register(registry);
        }
    }
}

package io.tickstore.server.limits;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickstore.config.LimitsConfig;
import io.tickstore.ingest.ws.IngestAdmission;
import io.tickstore.server.auth.AccessControl;
import io.vertx.core.Handler;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per-client limits, the route handler right after {@link AccessControl} (which names the client: its token's
 * name, or {@code addr:IP} without tokens). WebSocket upgrades count against {@code limits.connections_per_client}
 * until their connection closes; other requests against {@code limits.queries_per_client} (a resilience4j
 * Bulkhead, no waiting) until their response ends; both answer 429 with {@code Retry-After} when full. Ingest
 * connections get an {@link IngestAdmission} drawing on the client's resilience4j RateLimiter
 * ({@code limits.ingest_messages_per_s}, one permit a message, no waiting). Open paths (health, console) are
 * not limited. Meters are tagged {@code client} with the token name (or address).
 */
public final class ClientLimits implements Handler<RoutingContext> {
    private final LimitsConfig config;
    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Client> clients = new ConcurrentHashMap<>();

    public ClientLimits(LimitsConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    /** One client's counters and limiters, made on its first request and kept (a token name set is small). */
    private final class Client {
        final String name;
        final AtomicInteger connections = new AtomicInteger();
        final Bulkhead queries;
        final RateLimiter ingest;
        final Counter connectionsRefused;
        final Counter queriesRefused;
        final Counter ingestRefused;
        final IngestAdmission admission;

        Client(String name) {
            this.name = name;
            this.queries = Bulkhead.of("queries-" + name, BulkheadConfig.custom()
                    .maxConcurrentCalls(config.queriesPerClient()).maxWaitDuration(Duration.ZERO).build());
            if (config.ingestMessagesPerSecond() > 0) {
                ingest = RateLimiter.of("ingest-" + name, RateLimiterConfig.custom()
                        .limitForPeriod(config.ingestMessagesPerSecond()).limitRefreshPeriod(Duration.ofSeconds(1))
                        .timeoutDuration(Duration.ZERO).build());
                admission = this::admitIngest;
            } else {
                ingest = null;
                admission = IngestAdmission.UNLIMITED;
            }
            Gauge.builder("tickstore.client.connections", connections, AtomicInteger::get)
                    .description("Open WebSocket connections (ingest and stream) per client: token name, or address")
                    .tag("client", name).register(registry);
            Gauge.builder("tickstore.client.queries.active", queries,
                            b -> config.queriesPerClient() - b.getMetrics().getAvailableConcurrentCalls())
                    .description("HTTP requests running per client").tag("client", name).register(registry);
            connectionsRefused = refused("connections");
            queriesRefused = refused("queries");
            ingestRefused = refused("ingest_rate");
        }

        private Counter refused(String limit) {
            return Counter.builder("tickstore.client.limited")
                    .description("Requests, upgrades or ingest frames refused for a per-client limit, by client and limit")
                    .tag("client", name).tag("limit", limit).register(registry);
        }

        private String admitIngest(int messages) {
            if (messages > config.ingestMessagesPerSecond()) {
                ingestRefused.increment();
                return "rate limit: a frame of " + messages + " messages is more than limits.ingest_messages_per_s = "
                        + config.ingestMessagesPerSecond() + " allows in a second; split it (frame not stored)";
            }
            if (ingest.acquirePermission(messages)) {
                return null;
            }
            ingestRefused.increment();
            return "rate limit: client " + name + " is over limits.ingest_messages_per_s = "
                    + config.ingestMessagesPerSecond() + "; frame not stored, retry within a second";
        }
    }

    @Override
    public void handle(RoutingContext ctx) {
        String name = ctx.get(AccessControl.CLIENT);
        if (name == null || name.equals(AccessControl.OPEN)) {
            ctx.next();
            return;
        }
        Client client = clients.computeIfAbsent(name, Client::new);
        if (isUpgrade(ctx)) {
            if (client.connections.incrementAndGet() > config.connectionsPerClient()) {
                client.connections.decrementAndGet();
                client.connectionsRefused.increment();
                tooMany(ctx, "connections", "client " + name + " already holds limits.connections_per_client = "
                        + config.connectionsPerClient() + " WebSocket connections");
                return;
            }
            releaseOnClose(ctx, client.connections);
            ctx.put(IngestAdmission.CONTEXT_KEY, client.admission);
            ctx.next();
            return;
        }
        if (!client.queries.tryAcquirePermission()) {
            client.queriesRefused.increment();
            tooMany(ctx, "queries", "client " + name + " already has limits.queries_per_client = "
                    + config.queriesPerClient() + " requests running");
            return;
        }
        ctx.addEndHandler(v -> client.queries.onComplete());
        ctx.next();
    }

    /**
     * Gives the connection slot back when the TCP connection closes. The Netty channel is watched (Vert.x's
     * internal view of the connection): after the upgrade, the HTTP connection's own close handler never runs.
     */
    private static void releaseOnClose(RoutingContext ctx, AtomicInteger connections) {
        if (ctx.request().connection() instanceof ConnectionBase c) {
            c.channel().closeFuture().addListener(f -> connections.decrementAndGet());
        } else {
            ctx.request().connection().closeHandler(v -> connections.decrementAndGet());
        }
    }

    private static boolean isUpgrade(RoutingContext ctx) {
        String upgrade = ctx.request().getHeader("Upgrade");
        return upgrade != null && upgrade.equalsIgnoreCase("websocket");
    }

    private static void tooMany(RoutingContext ctx, String limit, String error) {
        StringBuilder body = new StringBuilder(160).append("{\"error\":");
        io.tickstore.store.model.JsonString.append(body, error);
        body.append(",\"limit\":\"").append(limit).append("\"}");
        ctx.response().setStatusCode(429).putHeader("content-type", "application/json").putHeader("retry-after", "1")
                .end(body.toString());
    }
}

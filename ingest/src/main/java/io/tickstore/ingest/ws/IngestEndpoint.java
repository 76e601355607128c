package io.tickstore.ingest.ws;

import io.tickstore.config.IngestConfig;
import io.tickstore.store.pipeline.IngestPipeline;
import io.netty.channel.Channel;
import io.vertx.core.Vertx;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;

/**
 * {@code ws://HOST:PORT/ws/ingest}: upgrades to a WebSocket once the store is ready and while there
 * is room under {@code ingest.max_connections}; otherwise answers 503 with a JSON reason.
 * The frame size limit itself is set on the HTTP server ({@code ingest.max_frame_bytes}).
 */
public final class IngestEndpoint {
    public static final String PATH = "/ws/ingest";

    private final Supplier<IngestPipeline> pipeline;
    private final Supplier<String> notOpen;
    private final IngestConfig config;
    private final IngestMetrics metrics;

    /**
     * {@code pipeline} returns null until the store has finished opening (journal replay), and for good
     * when it failed to; {@code notOpen} says which (the 503's text).
     */
    public IngestEndpoint(Supplier<IngestPipeline> pipeline, Supplier<String> notOpen, IngestConfig config,
                          IngestMetrics metrics) {
        this.pipeline = pipeline;
        this.notOpen = notOpen;
        this.config = config;
        this.metrics = metrics;
    }

    /**
     * The WebSocket frame size the HTTP server should accept: {@code max_frame_bytes}, so Netty's decoder
     * refuses a larger frame from its header, before reading its payload; the connection then closes it
     * with 1009 and a reason. Fragmented messages are added up by the connection itself.
     */
    public static int transportLimit(IngestConfig config) {
        return config.maxFrameBytes();
    }

    public void mount(Router router, Vertx vertx) {
        router.route(PATH).handler(ctx -> upgrade(ctx, vertx));
    }

    private void upgrade(RoutingContext ctx, Vertx vertx) {
        IngestPipeline p = pipeline.get();
        if (p == null) {
            unavailable(ctx, notOpen.get());
            return;
        }
        // The slot is taken before the upgrade, atomically, so concurrent upgrades cannot overshoot.
        if (metrics.connections.incrementAndGet() > config.maxConnections()) {
            metrics.connections.decrementAndGet();
            unavailable(ctx, "too many ingest connections (ingest.max_connections = " + config.maxConnections() + ")");
            return;
        }
        Channel channel = ctx.request().connection() instanceof ConnectionBase c ? c.channel() : null;
        IngestAdmission admission = ctx.get(IngestAdmission.CONTEXT_KEY, IngestAdmission.UNLIMITED);
        ctx.request().toWebSocket()
                .onSuccess(ws -> new IngestConnection(vertx, ws, channel, p, config, metrics, admission).start())
                .onFailure(e -> {
                    metrics.connections.decrementAndGet();
                    if (!ctx.response().ended() && !ctx.response().headWritten()) {
                        ctx.response().setStatusCode(400).putHeader("content-type", "application/json")
                                .end(Acks.error("expected a WebSocket upgrade: " + e.getMessage()));
                    }
                });
    }

    private static void unavailable(RoutingContext ctx, String reason) {
        ctx.response().setStatusCode(503).putHeader("content-type", "application/json")
                .putHeader("retry-after", "1").end(Acks.error(reason));
    }
}

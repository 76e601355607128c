package io.tickstore.server;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tickstore.config.TickstoreConfig;
import io.tickstore.ingest.ws.IngestEndpoint;
import io.tickstore.ingest.ws.IngestMetrics;
import io.tickstore.lifecycle.LifecycleSchedule;
import io.tickstore.query.QueryApi;
import io.tickstore.query.QueryMetrics;
import io.tickstore.query.stream.StreamEndpoint;
import io.tickstore.query.stream.StreamHub;
import io.tickstore.server.auth.AccessControl;
import io.tickstore.server.limits.ClientLimits;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import java.util.function.Supplier;

/**
 * The one HTTP server: ingest WebSocket, live stream WebSocket, query API, status, operations routes,
 * the lifecycle's tiers and admin routes, the OpenAPI description and the browser console on a single
 * port.
 * Deployed once per event loop; Vert.x spreads connections across the instances.
 */
final class HttpVerticle extends VerticleBase {
    private final TickstoreConfig config;
    private final int port;
    private final StoreState state;
    private final PrometheusMeterRegistry registry;
    private final IngestMetrics ingestMetrics;
    private final StreamHub streamHub;
    private final QueryMetrics queryMetrics;
    private final StatusSampler statusSampler;
    private final AccessControl accessControl;
    private final ClientLimits clientLimits;
    private final Supplier<LifecycleSchedule> lifecycle;
    private HttpServer server;

    HttpVerticle(TickstoreConfig config, int port, StoreState state, PrometheusMeterRegistry registry,
                 IngestMetrics ingestMetrics, StreamHub streamHub, QueryMetrics queryMetrics,
                 StatusSampler statusSampler, AccessControl accessControl, ClientLimits clientLimits,
                 Supplier<LifecycleSchedule> lifecycle) {
        this.config = config;
        this.port = port;
        this.state = state;
        this.registry = registry;
        this.ingestMetrics = ingestMetrics;
        this.streamHub = streamHub;
        this.queryMetrics = queryMetrics;
        this.statusSampler = statusSampler;
        this.accessControl = accessControl;
        this.clientLimits = clientLimits;
        this.lifecycle = lifecycle;
    }

    @Override
    public Future<?> start() {
        Router router = router(vertx);
        HttpServerOptions options = new HttpServerOptions()
                .setHost(config.http().host())
                .setPort(port)
                // A frame over ingest.max_frame_bytes is refused by Netty from its header, unread; the ingest
                // connection then closes with 1009 and a reason (it also adds up fragmented messages).
                .setMaxWebSocketFrameSize(IngestEndpoint.transportLimit(config.ingest()))
                .setMaxWebSocketMessageSize(IngestEndpoint.transportLimit(config.ingest()))
                // Room for a documented 1000-symbol list in /api/v1/quotes/latest?symbols=... (default is 4 KiB).
                .setMaxInitialLineLength(128 * 1024)
                .setTcpNoDelay(true)
                // Any offered subprotocol is echoed: browsers send their token as tickstore.bearer.<base64url>
                // (they cannot set headers on an upgrade), and a browser drops a socket whose offer is not echoed.
                .setWebSocketSubProtocols(java.util.List.of("*"));
        if (config.http().tls()) {
            // HTTPS and WSS only on this port; Vert.x reads the PEM files (PKCS#8 or PKCS#1 keys) at listen.
            options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                    .setCertPath(config.http().tlsCert().get().toString())
                    .setKeyPath(config.http().tlsKey().get().toString()));
        }
        server = vertx.createHttpServer(options).requestHandler(router);
        return server.listen();
    }

    /** Every route the server answers; openapi.json describes each (a test holds the two together). */
    Router router(Vertx vertx) {
        Router router = Router.router(vertx);
        router.route().handler(accessControl);
        router.route().handler(clientLimits);
        new IngestEndpoint(state::pipeline, state::notOpenReason, config.ingest(), ingestMetrics).mount(router, vertx);
        new StreamEndpoint(state::store, state::notOpenReason, streamHub).mount(router, vertx);
        new QueryApi(vertx, state::store, state::notOpenReason, config.query(), queryMetrics).mount(router);
        new StatusEndpoint(state, statusSampler, registry).mount(router);
        OperationsRoutes.mount(router, state, registry);
        new LifecycleRoutes(state, lifecycle, config).mount(router, vertx);
        BackupRoute.mount(router, state, config.dataDir(), config.lifecycle().coldDir(config.dataDir()),
                config.lifecycle().s3().bucket());
        OpenApiRoute.mount(router);
        ConsoleRoutes.mount(router);
        return router;
    }

    int actualPort() {
        return server.actualPort();
    }
}

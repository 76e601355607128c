package io.tickstore.server;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.DiskSpaceMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tickstore.config.TickstoreConfig;
import io.tickstore.ingest.ws.IngestMetrics;
import io.tickstore.lifecycle.LifecycleSchedule;
import io.tickstore.lifecycle.s3.S3Tier;
import io.tickstore.store.cold.RemoteColdFiles;
import io.tickstore.query.QueryMetrics;
import io.tickstore.query.stream.StreamHub;
import io.tickstore.server.auth.AccessControl;
import io.tickstore.server.limits.ClientLimits;
import io.tickstore.lifecycle.mirror.PostgresHistory;
import io.tickstore.lifecycle.mirror.PostgresMirrorSink;
import io.tickstore.lifecycle.mirror.PostgresUrl;
import io.tickstore.store.TickStore;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts tickstore: HTTP first (so /health answers and /ready says "starting" during replay), then
 * the store on a worker thread; ingest and queries are served once it is open. {@link #close}
 * stops HTTP, drains the pipeline (every acked frame applied), lets the sinks catch up and closes the
 * store.
 */
public final class Server implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Server.class);
    /** How often the tokens file's modification time is checked. */
    private static final long TOKENS_FILE_POLL_MILLIS = 1000;

    private final TickstoreConfig config;
    private final Vertx vertx;
    private final PrometheusMeterRegistry registry;
    private final StoreState state = new StoreState();
    /** The live stream's routing; told what the hot tier makes queryable once the store is open. */
    private final StreamHub streamHub;
    /** Reads the meters once a second for GET /api/v1/status. */
    private final StatusSampler statusSampler;
    private int port;
    private AccessControl accessControl;
    /** Lifecycle passes (warm to cold), when lifecycle.enabled; started once the store is open. */
    private volatile LifecycleSchedule lifecycle;
    private volatile S3Tier s3;
    /** Hybrid reads from PostgreSQL, when mirror.postgres.serve_reads; set once the store is open. */
    private volatile PostgresHistory postgresHistory;

    private Server(TickstoreConfig config) {
        this.config = config;
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        this.streamHub = new StreamHub(registry);
        this.statusSampler = new StatusSampler(registry);
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(config.http().eventLoops()));
    }

    /**
     * Binds HTTP and begins opening the store. Returns once HTTP listens; {@link #awaitReady}
     * waits for the store.
     */
    public static Server start(TickstoreConfig config) throws Exception {
        Server server = new Server(config);
        try {
            server.startHttp();
        } catch (Exception e) {
            server.vertx.close().await(10, TimeUnit.SECONDS);
            if (server.accessControl != null) {
                server.accessControl.close();
            }
            throw e;
        }
        server.openStoreInBackground();
        return server;
    }

    private void startHttp() throws Exception {
        if (config.http().tlsCert().isPresent() != config.http().tlsKey().isPresent()) {
            throw new io.tickstore.config.ConfigException("http.tls.cert and http.tls.key go together: "
                    + (config.http().tlsCert().isPresent() ? "http.tls.key" : "http.tls.cert") + " is not set");
        }
        accessControl = AccessControl.start(config.auth(), config.http().host(), TOKENS_FILE_POLL_MILLIS);
        AccessControl access = accessControl;
        ClientLimits limits = new ClientLimits(config.limits(), registry);
        IngestMetrics ingestMetrics = new IngestMetrics(registry);
        QueryMetrics queryMetrics = new QueryMetrics(registry);
        // A negative port makes Vert.x pick one free port shared by every instance (http.port = 0).
        int bindPort = config.http().port() == 0 ? -1 : config.http().port();
        java.util.List<HttpVerticle> instances = new java.util.concurrent.CopyOnWriteArrayList<>();
        vertx.deployVerticle(() -> {
                    HttpVerticle v = new HttpVerticle(config, bindPort, state, registry, ingestMetrics, streamHub,
                            queryMetrics, statusSampler, access, limits, this::lifecycle);
                    instances.add(v);
                    return v;
                }, new DeploymentOptions().setInstances(config.http().eventLoops())
                        .setThreadingModel(ThreadingModel.EVENT_LOOP))
                .await(30, TimeUnit.SECONDS);
        port = instances.get(0).actualPort();
        vertx.setPeriodic(1000, id -> statusSampler.sample());
        String http = config.http().tls() ? "https" : "http";
        String ws = config.http().tls() ? "wss" : "ws";
        LOG.info("listening on {}://{}:{} (console /, ingest {}://{}:{}/ws/ingest, stream {}://{}:{}/ws/stream)",
                http, config.http().host(), port, ws, config.http().host(), port, ws, config.http().host(), port);
    }

    private void openStoreInBackground() {
        Thread opener = new Thread(() -> {
            try {
                S3Tier tier = null;
                if (config.lifecycle().s3().enabled()) {
                    // One bucket client, breaker and cache: the passes upload through it, readers fetch through it.
                    tier = S3Tier.open(config.lifecycle().s3(), config.lifecycle().coldDir(config.dataDir()),
                            S3Tier.OPEN_WAIT, registry);
                    s3 = tier;
                    LOG.info("cold tier copied to S3: bucket {}, prefix '{}'{}", config.lifecycle().s3().bucket(),
                            config.lifecycle().s3().prefix(), config.lifecycle().s3().endpoint().isEmpty() ? ""
                                    : " at " + config.lifecycle().s3().endpoint());
                }
                TickStore store = TickStore.open(config, registry, tier == null ? RemoteColdFiles.NONE : tier.cache());
                // Before the store is visible: no stream subscriber can exist without the listener.
                store.setLiveListener(streamHub);
                if (config.mirror().enabled()) {
                    // Optional: PostgreSQL down at start-up does not stop the store; the mirror catches up.
                    store.addSink(new PostgresMirrorSink(config.mirror(), config.portfolio(), registry),
                            PostgresMirrorSink.options(config.mirror()));
                    LOG.info("mirroring into PostgreSQL {} (schema {})",
                            PostgresUrl.redacted(config.mirror().url()), config.mirror().schema());
                }
                if (config.mirror().servesReads()) {
                    // Before the store is visible: a query never sees the readers without it.
                    postgresHistory = new PostgresHistory(config.mirror(), config.query().readerPoolSize(),
                            config.query().timeoutMillis(), registry);
                    store.read().olderFrom(postgresHistory);
                    LOG.info("hybrid reads: ranges before the local tiers' earliest row of their table are answered from PostgreSQL");
                }
                // Free space where the journal lives: an ack needs room in it (disk_free_bytes{volume="journal"}).
                new DiskSpaceMetrics(config.dataDir().resolve(TickStore.JOURNAL_DIR).toFile(),
                        Tags.of("volume", "journal")).bindTo(registry);
                state.opened(store);
                if (config.lifecycle().enabled()) {
                    lifecycle = LifecycleSchedule.start(store, config.lifecycle(), config.dataDir(), registry, tier);
                }
                LOG.info("ready: data in {}", config.dataDir().toAbsolutePath());
            } catch (Throwable e) {
                LOG.error("store failed to open", e);
                state.failedToOpen(e.getMessage() == null ? e.toString() : e.getMessage());
            }
        }, "tickstore-store-open");
        opener.start();
    }

    /** Waits until the store is open; throws if it failed to open or did not within the timeout. */
    public void awaitReady(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (state.store() == null) {
            if (state.failure() != null) {
                throw new IllegalStateException(state.failure());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("store not open after " + timeout + " " + unit);
            }
            Thread.sleep(10);
        }
    }

    /** The bound HTTP port (useful with {@code http.port = 0}). */
    public int port() {
        return port;
    }

    /** The open store, or null while starting. */
    public TickStore store() {
        return state.store();
    }

    /** The lifecycle passes, or null (lifecycle.enabled is false, or the store is not open yet). */
    public LifecycleSchedule lifecycle() {
        return lifecycle;
    }

    /** Why the store is unusable, or null. */
    public String failure() {
        return state.failure();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        TickStore open = state.store();
        if (open != null) {
            open.setLiveListener(null); // the drain below applies; nobody is left to push to
        }
        try {
            vertx.close().await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("stopping HTTP: {}", e.toString());
        }
        PostgresHistory history = postgresHistory;
        if (history != null) {
            history.close();
        }
        LifecycleSchedule passes = lifecycle;
        if (passes != null) {
            passes.close();
        }
        if (accessControl != null) {
            accessControl.close();
        }
        TickStore store = state.store();
        if (store != null) {
            store.close();
        }
        S3Tier tier = s3;
        if (tier != null) {
            tier.close();
        }
        LOG.info("stopped");
    }

}

package io.tickstore.lifecycle.mirror;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickstore.config.MirrorConfig;
import io.tickstore.config.PortfolioConfig;
import io.tickstore.store.journal.Journal;
import io.tickstore.store.sink.JournalBatch;
import io.tickstore.store.sink.Sink;
import io.tickstore.store.sink.SinkOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.sql.Connection;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL mirror: an optional sink that writes every journaled tick, order and fill, and the
 * positions, position changes and portfolio snapshots they make, to PostgreSQL (or TimescaleDB) with
 * vertx-pg-client. Each batch is one transaction holding its rows and the journal index of its last
 * message ({@code journal_applied}); every row is an upsert on its table's key, so a kill at any point
 * loses nothing and doubles nothing.
 *
 * <p>PostgreSQL down or slow: calls go through a {@link MirrorGuard} (retry, circuit breaker), a failed
 * batch is retried by the runner, and the journal keeps what the mirror still needs; past
 * {@code mirror.postgres.max_lag_mb} the runner marks it failed. When PostgreSQL cannot be reached at
 * start-up the mirror starts from the journal's beginning and skips, once connected, what PostgreSQL
 * already holds.
 */
public final class PostgresMirrorSink implements Sink {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresMirrorSink.class);
    public static final String NAME = "postgres";
    /** Longest wait for one transaction (or the start-up state) before it counts as failed. */
    private static final long CALL_TIMEOUT_SECONDS = 30;

    private final PostgresUrl url;
    private final String schema;
    private final PortfolioConfig portfolio;
    private final Vertx vertx;
    private final Pool pool;
    private final MirrorGuard guard;
    private final Map<MirrorApplier.Table, Counter> rowsWritten = new EnumMap<>(MirrorApplier.Table.class);
    private final Counter errors;
    private MirrorApplier applier;
    private volatile long appliedIndex = Journal.NONE;

    public PostgresMirrorSink(MirrorConfig config, PortfolioConfig portfolio, MeterRegistry registry) {
        this(config, portfolio, registry, MirrorGuard.DEFAULT_OPEN_WAIT);
    }

    /**
     * {@code openWait}: how long the breaker stays open before a trial call. The mirror has a Vert.x
     * instance of its own (one event loop), so it keeps writing while the server's HTTP side shuts down.
     */
    public PostgresMirrorSink(MirrorConfig config, PortfolioConfig portfolio, MeterRegistry registry,
                              Duration openWait) {
        if (!config.enabled()) {
            throw new IllegalArgumentException("mirror.postgres.url is none: no mirror to open");
        }
        this.url = PostgresUrl.parse(config.url());
        this.schema = config.schema();
        this.portfolio = portfolio;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1));
        this.pool = PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(1).setConnectionTimeout(10).setConnectionTimeoutUnit(TimeUnit.SECONDS))
                .with(new NetClientOptions().setConnectTimeout(5_000))
                .connectingTo(url.connectOptions(schema).setReconnectAttempts(0))
                .using(vertx)
                .build();
        this.guard = new MirrorGuard(NAME, openWait, registry);
        for (MirrorApplier.Table t : MirrorApplier.Table.values()) {
            rowsWritten.put(t, Counter.builder("tickstore.mirror.rows").tag("table", t.tableName)
                    .description("Rows the PostgreSQL mirror wrote (upserts, committed)").register(registry));
        }
        this.errors = Counter.builder("tickstore.mirror.errors")
                .description("Failed calls of the PostgreSQL mirror (each is retried)").register(registry);
        try {
            applier = guard.call(this::restore);
            appliedIndex = applier.appliedIndex();
        } catch (Exception e) {
            LOG.warn("PostgreSQL mirror: {} not reachable at start-up ({}); it starts from the journal's beginning "
                    + "and skips what PostgreSQL holds once connected", url, e.toString());
        }
    }

    /** The runner options the mirror runs with: optional, bounded by {@code mirror.postgres.max_lag_mb}. */
    public static SinkOptions options(MirrorConfig config) {
        return new SinkOptions(config.maxBatch(), 50, false, config.maxLagMessages());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public long appliedIndex() {
        return appliedIndex;
    }

    @Override
    public void apply(JournalBatch batch) throws Exception {
        if (applier == null) {
            applier = guard.call(this::restore);
            appliedIndex = applier.appliedIndex();
        }
        MirrorApplier a = applier;
        while (batch.next()) {
            a.apply(batch.message(), batch.index());
        }
        if (!a.hasWork()) {
            return;
        }
        a.seal();
        Map<MirrorApplier.Table, Integer> counts = a.pendingRows();
        try {
            guard.call(() -> await(pool.withTransaction(a::write)));
        } catch (Exception e) {
            applier = null; // its books hold the failed batch: restore from PostgreSQL before the retry
            throw e;
        }
        a.committed();
        appliedIndex = a.appliedIndex();
        counts.forEach((t, n) -> rowsWritten.get(t).increment(n));
    }

    private MirrorApplier restore() throws Exception {
        try (Connection c = url.jdbc(null)) {
            MirrorSchema.migrate(c, schema);
            c.setSchema(schema);
            return MirrorApplier.restore(c, portfolio);
        } catch (Exception e) {
            errors.increment();
            throw e;
        }
    }

    private <T> T await(Future<T> f) throws Exception {
        try {
            return f.toCompletionStage().toCompletableFuture().get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            errors.increment();
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (Exception e) {
            errors.increment();
            throw e;
        }
    }

    /** The circuit breaker's state (closed, open, half_open...). */
    public String breakerState() {
        return guard.state().name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public void close() throws Exception {
        try {
            pool.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}

package io.tickstore.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The whole configuration, immutable. Built by {@link ConfigLoader#load} (validated) or {@link #defaults()};
 * components should receive only the part they need.
 *
 * @param http     where the HTTP API and WebSocket endpoints listen
 * @param dataDir  holds {@code tickstore.duckdb} and the journal in {@code journal/}
 * @param journal  the Chronicle journal
 * @param pipeline the Disruptor pipeline
 * @param hot      the hot tier (in memory)
 * @param warm     the warm tier (the DuckDB sink)
 * @param dedupe   the deduplication state's snapshots
 * @param ingest   the ingest WebSocket endpoint
 * @param query     the HTTP query API
 * @param portfolio the portfolio kept from fills
 * @param auth      who may use the endpoints (tokens and scopes)
 * @param limits    what one client may use
 * @param mirror    the optional PostgreSQL mirror
 * @param lifecycle the data lifecycle (warm to cold)
 */
public record TickstoreConfig(
        HttpConfig http,
        Path dataDir,
        JournalConfig journal,
        PipelineConfig pipeline,
        HotConfig hot,
        WarmConfig warm,
        DedupeConfig dedupe,
        IngestConfig ingest,
        QueryConfig query,
        PortfolioConfig portfolio,
        AuthConfig auth,
        LimitsConfig limits,
        MirrorConfig mirror,
        LifecycleConfig lifecycle) {

    public TickstoreConfig {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(journal, "journal");
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(hot, "hot");
        Objects.requireNonNull(warm, "warm");
        Objects.requireNonNull(dedupe, "dedupe");
        Objects.requireNonNull(ingest, "ingest");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(portfolio, "portfolio");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(mirror, "mirror");
        Objects.requireNonNull(lifecycle, "lifecycle");
    }

    /** @return every key at its default, {@code dataDir} = {@code ./data}; touches no file system */
    public static TickstoreConfig defaults() {
        return from(new KeyValues() {
            @Override
            public <T> T get(ConfigKey<T> key) {
                return key.typedDefault();
            }
        });
    }

    /** The one place that maps keys to record components. */
    static TickstoreConfig from(KeyValues values) {
        return new TickstoreConfig(
                new HttpConfig(
                        values.get(ConfigKeys.HTTP_HOST),
                        values.get(ConfigKeys.HTTP_PORT),
                        values.get(ConfigKeys.HTTP_EVENT_LOOPS),
                        values.get(ConfigKeys.HTTP_TLS_CERT),
                        values.get(ConfigKeys.HTTP_TLS_KEY)),
                values.get(ConfigKeys.DATA_DIR),
                new JournalConfig(values.get(ConfigKeys.JOURNAL_ROLL_CYCLE), values.get(ConfigKeys.JOURNAL_RETAIN_CYCLES),
                        values.get(ConfigKeys.JOURNAL_MIN_FREE_MB)),
                new PipelineConfig(
                        values.get(ConfigKeys.PIPELINE_RING_SIZE),
                        values.get(ConfigKeys.PIPELINE_WAIT_STRATEGY)),
                new HotConfig(values.get(ConfigKeys.HOT_MAX_UNSTORED_MB)),
                new WarmConfig(
                        values.get(ConfigKeys.WARM_MAX_BATCH),
                        values.get(ConfigKeys.WARM_COMMIT_INTERVAL_MS),
                        values.get(ConfigKeys.WARM_CHECKPOINT_THRESHOLD_MB),
                        values.get(ConfigKeys.WARM_MAX_LAG_MESSAGES),
                        values.get(ConfigKeys.WARM_YIELD_TO_INGEST_MB)),
                new DedupeConfig(values.get(ConfigKeys.DEDUPE_SNAPSHOT_INTERVAL_S)),
                new IngestConfig(
                        values.get(ConfigKeys.INGEST_MAX_FRAME_BYTES),
                        values.get(ConfigKeys.INGEST_MAX_MESSAGES_PER_FRAME),
                        values.get(ConfigKeys.INGEST_MAX_CONNECTIONS),
                        values.get(ConfigKeys.INGEST_FRAME_TIMEOUT_MS)),
                new QueryConfig(
                        values.get(ConfigKeys.QUERY_READER_POOL_SIZE),
                        values.get(ConfigKeys.QUERY_DEFAULT_LIMIT),
                        values.get(ConfigKeys.QUERY_MAX_LIMIT),
                        values.get(ConfigKeys.QUERY_TIMEOUT_MS),
                        values.get(ConfigKeys.QUERY_BAR_MEMORY_DAYS),
                        values.get(ConfigKeys.QUERY_TICK_MEMORY_MB)),
                new PortfolioConfig(
                        values.get(ConfigKeys.PORTFOLIO_STARTING_CASH),
                        values.get(ConfigKeys.PORTFOLIO_SNAPSHOT_INTERVAL_S)),
                new AuthConfig(
                        values.get(ConfigKeys.AUTH_TOKENS_FILE),
                        values.get(ConfigKeys.AUTH_OPEN_METRICS),
                        values.get(ConfigKeys.AUTH_ALLOW_ANONYMOUS)),
                new LimitsConfig(
                        values.get(ConfigKeys.LIMITS_CONNECTIONS_PER_CLIENT),
                        values.get(ConfigKeys.LIMITS_INGEST_MESSAGES_PER_S),
                        values.get(ConfigKeys.LIMITS_QUERIES_PER_CLIENT)),
                new MirrorConfig(
                        values.get(ConfigKeys.MIRROR_POSTGRES_URL),
                        values.get(ConfigKeys.MIRROR_POSTGRES_SCHEMA),
                        values.get(ConfigKeys.MIRROR_POSTGRES_MAX_LAG_MB),
                        values.get(ConfigKeys.MIRROR_POSTGRES_MAX_BATCH),
                        values.get(ConfigKeys.MIRROR_POSTGRES_SERVE_READS)),
                new LifecycleConfig(
                        values.get(ConfigKeys.LIFECYCLE_ENABLED),
                        values.get(ConfigKeys.LIFECYCLE_SEAL_GRACE_MINUTES),
                        values.get(ConfigKeys.LIFECYCLE_WARM_DAYS),
                        values.get(ConfigKeys.LIFECYCLE_COLD_DIR),
                        values.get(ConfigKeys.LIFECYCLE_INTERVAL_S),
                        values.get(ConfigKeys.LIFECYCLE_ROW_GROUP_ROWS),
                        values.get(ConfigKeys.LIFECYCLE_COLD_RETENTION_DAYS),
                        new S3Config(
                                values.get(ConfigKeys.LIFECYCLE_S3_ENDPOINT),
                                values.get(ConfigKeys.LIFECYCLE_S3_BUCKET),
                                values.get(ConfigKeys.LIFECYCLE_S3_PREFIX),
                                values.get(ConfigKeys.LIFECYCLE_S3_REGION),
                                values.get(ConfigKeys.LIFECYCLE_S3_ACCESS_KEY),
                                values.get(ConfigKeys.LIFECYCLE_S3_SECRET_KEY),
                                values.get(ConfigKeys.LIFECYCLE_S3_PATH_STYLE),
                                values.get(ConfigKeys.LIFECYCLE_S3_CACHE_MB),
                                values.get(ConfigKeys.LIFECYCLE_LOCAL_COLD_DAYS),
                                values.get(ConfigKeys.LIFECYCLE_S3_RETENTION_DAYS))));
    }

    public TickstoreConfig withHttp(HttpConfig http) {
        return new TickstoreConfig(http, dataDir, journal, pipeline, hot, warm, dedupe, ingest, query, portfolio, auth, limits, mirror, lifecycle);
    }

    public TickstoreConfig withDataDir(Path dataDir) {
        return new TickstoreConfig(http, dataDir, journal, pipeline, hot, warm, dedupe, ingest, query, portfolio, auth, limits, mirror, lifecycle);
    }

    public TickstoreConfig withJournal(JournalConfig journal) {
        return new TickstoreConfig(http, dataDir, journal, pipeline, hot, warm, dedupe, ingest, query, portfolio, auth, limits, mirror, lifecycle);
    }

    public TickstoreConfig withPipeline(PipelineConfig pipeline) {
        return new TickstoreConfig(http, dataDir, journal, pipeline, hot, warm, dedupe, ingest, query, portfolio, auth, limits, mirror, lifecycle);
    }

    public TickstoreConfig withHot(HotConfig hot) {
        return new TickstoreConfig(http, dataDir, journal, pipeline, hot, warm, dedupe, ingest, query, portfolio, auth, limits, mirror, lifecycle);
    }

    public TickstoreConfig withWarm(WarmConfig warm) {
        return new TickstoreConfig(http, dataDir, journal, pipeline, hot, warm, dedupe, ingest, query, portfolio, auth, limits, mirror, lifecycle);
    }

    public TickstoreConfig withDedupe(DedupeConfig dedupe) {
        return new TickstoreConfig(http, dataDir, journal, pipeline, hot, warm, dedupe, ingest, query, portfolio, auth, limits, mirror, lifecycle);
    }

    public TickstoreConfig withIngest(IngestConfig ingest) {
        return new TickstoreConfig(http, dataDir, journal, pipeline, hot, warm, dedupe, ingest, query, portfolio, auth, limits, mirror, lifecycle);
    }

    public TickstoreConfig withQuery(QueryConfig query) {
        return new TickstoreConfig(http, dataDir, journal, pipeline, hot, warm, dedupe, ingest, query, portfolio, auth, limits, mirror, lifecycle);
    }

    public TickstoreConfig withPortfolio(PortfolioConfig portfolio) {
        return new TickstoreConfig(http, dataDir, journal, pipeline, hot, warm, dedupe, ingest, query, portfolio, auth, limits, mirror, lifecycle);
    }

    public TickstoreConfig withAuth(AuthConfig auth) {
        return new TickstoreConfig(http, dataDir, journal, pipeline, hot, warm, dedupe, ingest, query, portfolio, auth, limits, mirror, lifecycle);
    }

    public TickstoreConfig withLimits(LimitsConfig limits) {
        return new TickstoreConfig(http, dataDir, journal, pipeline, hot, warm, dedupe, ingest, query, portfolio, auth, limits, mirror, lifecycle);
    }

    public TickstoreConfig withMirror(MirrorConfig mirror) {
        return new TickstoreConfig(http, dataDir, journal, pipeline, hot, warm, dedupe, ingest, query, portfolio, auth, limits, mirror, lifecycle);
    }

    public TickstoreConfig withLifecycle(LifecycleConfig lifecycle) {
        return new TickstoreConfig(http, dataDir, journal, pipeline, hot, warm, dedupe, ingest, query, portfolio, auth, limits, mirror, lifecycle);
    }
}

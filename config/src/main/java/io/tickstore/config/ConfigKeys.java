package io.tickstore.config;

import java.nio.file.Path;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * Every configuration key, one definition each. Adding a key: one constant here, listed in {@link #all()},
 * a record component, and one line in {@code TickstoreConfig.from}.
 */
public final class ConfigKeys {

    /** Most event loops, and the cap on the default of one per available processor. */
    private static final int MAX_EVENT_LOOPS = 64;

    public static final ConfigKey<String> HTTP_HOST = new ConfigKey<>(
            "http.host", "127.0.0.1", ValueRule.host(),
            "Host or IP address the HTTP API and WebSocket endpoints listen on.");
    public static final ConfigKey<Integer> HTTP_PORT = new ConfigKey<>(
            "http.port", "8080", ValueRule.integer(0, 65535),
            "TCP port the HTTP API and WebSocket endpoints listen on; 0 picks a free port.");
    public static final ConfigKey<Integer> HTTP_EVENT_LOOPS = new ConfigKey<>(
            "http.event_loops",
            String.valueOf(Math.min(MAX_EVENT_LOOPS, Runtime.getRuntime().availableProcessors())),
            ValueRule.integer(1, MAX_EVENT_LOOPS),
            "Event loop threads serving HTTP and WebSocket connections.");
    public static final ConfigKey<java.util.Optional<Path>> HTTP_TLS_CERT = new ConfigKey<>(
            "http.tls.cert", "none", ValueRule.optionalFile(),
            "PEM file with the server's certificate chain; set with http.tls.key, the port serves HTTPS and WSS only.");
    public static final ConfigKey<java.util.Optional<Path>> HTTP_TLS_KEY = new ConfigKey<>(
            "http.tls.key", "none", ValueRule.optionalFile(),
            "PEM file with the private key of http.tls.cert (PKCS#8 or PKCS#1, unencrypted).");
    public static final ConfigKey<java.util.Optional<Path>> AUTH_TOKENS_FILE = new ConfigKey<>(
            "auth.tokens_file", "none", ValueRule.optionalFile(),
            "File of access tokens, one a line: NAME SCOPES SHA256_HEX (scopes from ingest, read, admin, comma-separated); "
                    + "re-read when it changes. none = no authentication (refused on a non-loopback http.host unless "
                    + "auth.allow_anonymous = true).");
    public static final ConfigKey<Boolean> AUTH_OPEN_METRICS = new ConfigKey<>(
            "auth.open_metrics", "false", ValueRule.bool(),
            "With a tokens file: true lets /metrics and /ready answer without a token (for a scraper); false asks "
                    + "for the read scope.");
    public static final ConfigKey<Boolean> AUTH_ALLOW_ANONYMOUS = new ConfigKey<>(
            "auth.allow_anonymous", "false", ValueRule.bool(),
            "true lets the server start without a tokens file on a non-loopback http.host: anyone who reaches the port "
                    + "may write and read.");
    public static final ConfigKey<Integer> LIMITS_CONNECTIONS_PER_CLIENT = new ConfigKey<>(
            "limits.connections_per_client", Integer.toString(LimitsConfig.DEFAULT_CONNECTIONS_PER_CLIENT),
            ValueRule.integer(1, 100_000),
            "Concurrent WebSocket connections (ingest and stream together) one client may hold: per token name, or per "
                    + "remote address without a tokens file; one more is answered 429.");
    public static final ConfigKey<Integer> LIMITS_INGEST_MESSAGES_PER_S = new ConfigKey<>(
            "limits.ingest_messages_per_s", "0", ValueRule.integer(0, 100_000_000),
            "Ingest messages a second one client may send over all its connections; a frame over it gets an error "
                    + "reply and is not stored. 0 = no limit.");
    public static final ConfigKey<Integer> LIMITS_QUERIES_PER_CLIENT = new ConfigKey<>(
            "limits.queries_per_client", Integer.toString(LimitsConfig.DEFAULT_QUERIES_PER_CLIENT),
            ValueRule.integer(1, 100_000),
            "HTTP requests one client may have running at once; one more is answered 429 with Retry-After.");
    public static final ConfigKey<Path> DATA_DIR = new ConfigKey<>(
            "data.dir", "./data", ValueRule.directory(),
            "Directory holding tickstore.duckdb and the Chronicle journal in journal/.");
    public static final ConfigKey<JournalRollCycle> JOURNAL_ROLL_CYCLE = new ConfigKey<>(
            "journal.roll_cycle", "daily", ValueRule.oneOf(JournalRollCycle.values(), JournalRollCycle::configValue),
            "How often the Chronicle journal starts a new file.");
    public static final ConfigKey<Integer> JOURNAL_RETAIN_CYCLES = new ConfigKey<>(
            "journal.retain_cycles", Integer.toString(JournalConfig.DEFAULT_RETAIN_CYCLES), ValueRule.integer(-1, 1_000_000),
            "Journal files (roll cycles) kept before the one holding the lowest index every sink has applied "
                    + "(DuckDB, the deduplication snapshot, and any optional sink still followed); older ones are "
                    + "deleted at start-up and then every minute; -1 keeps the whole journal.");
    public static final ConfigKey<Integer> JOURNAL_MIN_FREE_MB = new ConfigKey<>(
            "journal.min_free_mb", Integer.toString(JournalConfig.DEFAULT_MIN_FREE_MB), ValueRule.integer(1, 1_048_576),
            "MiB the journal's file system must keep free. Below it every ingest frame gets an error reply naming "
                    + "the problem (nothing of it is journaled or acked) until space returns; then ingest resumes by "
                    + "itself. Keep it above twice ingest.max_frame_bytes plus what other writers to that file "
                    + "system may write in 10 ms.");
    public static final ConfigKey<Integer> PIPELINE_RING_SIZE = new ConfigKey<>(
            "pipeline.ring_size", "65536", ValueRule.powerOfTwo(1024, 4_194_304),
            "Disruptor ring slots, one per message.");
    public static final ConfigKey<WaitStrategyKind> PIPELINE_WAIT_STRATEGY = new ConfigKey<>(
            "pipeline.wait_strategy", "blocking",
            ValueRule.oneOf(WaitStrategyKind.values(), WaitStrategyKind::configValue),
            "How the journaller and hot applier threads wait for work: blocking uses the least CPU;"
                    + " sleeping and yielding cut latency but burn CPU.");
    public static final ConfigKey<Integer> WARM_MAX_BATCH = new ConfigKey<>(
            "warm.max_batch", Integer.toString(WarmConfig.DEFAULT_MAX_BATCH), ValueRule.integer(1, 1_048_576),
            "Most journal messages the DuckDB sink stores in one transaction.");
    public static final ConfigKey<Integer> WARM_COMMIT_INTERVAL_MS = new ConfigKey<>(
            "warm.commit_interval_ms", Integer.toString(WarmConfig.DEFAULT_COMMIT_INTERVAL_MILLIS),
            ValueRule.integer(0, 60_000),
            "Once the DuckDB sink has caught up with the journal, how long it lets new messages gather before it "
                    + "stores them in one transaction (0 = at once). A sink that is behind stores full batches at once. "
                    + "Queries never wait for it: the hot tier answers from the moment a message is journaled.");
    public static final ConfigKey<Integer> WARM_CHECKPOINT_THRESHOLD_MB = new ConfigKey<>(
            "warm.checkpoint_threshold_mb", Integer.toString(WarmConfig.DEFAULT_CHECKPOINT_THRESHOLD_MB),
            ValueRule.integer(1, 65_536),
            "DuckDB checkpoints its write-ahead log into the database file past this many MiB. Larger: fewer "
                    + "checkpoints (each rewrites partly filled row groups, stalling the sink), but each takes longer "
                    + "and reopening after a crash replays a longer log.");
    public static final ConfigKey<Long> WARM_MAX_LAG_MESSAGES = new ConfigKey<>(
            "warm.max_lag_messages", Long.toString(WarmConfig.DEFAULT_MAX_LAG_MESSAGES),
            ValueRule.longInteger(1, 1_000_000_000_000L),
            "Journaled messages the DuckDB sink may be behind before ingest is held back (backpressure, with the "
                    + "reason in /ready) until it catches up.");
    public static final ConfigKey<Integer> WARM_YIELD_TO_INGEST_MB = new ConfigKey<>(
            "warm.yield_to_ingest_mb", Integer.toString(WarmConfig.DEFAULT_YIELD_TO_INGEST_MB),
            ValueRule.integer(0, 1_048_576),
            "While ingest is busy, the DuckDB sink holds its batches back, leaving the processors to ingest and "
                    + "queries, until the hot tier holds this many MiB for it (at most half of hot.max_unstored_mb) "
                    + "or it has held back for 60 s; then it stores as usual. 0 = never hold back.");
    public static final ConfigKey<Integer> HOT_MAX_UNSTORED_MB = new ConfigKey<>(
            "hot.max_unstored_mb", Integer.toString(HotConfig.DEFAULT_MAX_UNSTORED_MB), ValueRule.integer(1, 1_048_576),
            "MiB the hot tier may hold for messages DuckDB has not stored yet (ticks in tick memory, late ticks, "
                    + "orders, fills, position changes, snapshots); past it ingest is held back (backpressure, with the "
                    + "reason in /ready) until DuckDB catches up: never an out-of-memory, never a lost ack.");
    public static final ConfigKey<Integer> DEDUPE_SNAPSHOT_INTERVAL_S = new ConfigKey<>(
            "dedupe.snapshot_interval_s", Integer.toString(DedupeConfig.DEFAULT_SNAPSHOT_INTERVAL_SECONDS),
            ValueRule.integer(1, 86_400),
            "Seconds between two snapshots of the deduplication state (tick sequence numbers per feed, trade ids, "
                    + "order states) while messages arrive; one is also taken at a clean shutdown. Start-up loads the "
                    + "latest and replays the journal after it; the journal keeps what it needs.");
    public static final ConfigKey<Integer> INGEST_MAX_FRAME_BYTES = new ConfigKey<>(
            "ingest.max_frame_bytes", "1048576", ValueRule.integer(1024, 67_108_864),
            "Largest ingest frame accepted, in bytes (a fragmented message counts all its fragments); a larger one "
                    + "closes the connection with code 1009 as soon as its size is known, without buffering it.");
    public static final ConfigKey<Integer> INGEST_MAX_MESSAGES_PER_FRAME = new ConfigKey<>(
            "ingest.max_messages_per_frame", "10000",
            ValueRule.integer(1, 100_000).noting("at most pipeline.ring_size / 2"),
            "Most JSON objects in one frame's array.");
    public static final ConfigKey<Integer> INGEST_MAX_CONNECTIONS = new ConfigKey<>(
            "ingest.max_connections", "1024", ValueRule.integer(1, 100_000),
            "Most concurrent ingest WebSocket connections.");
    public static final ConfigKey<Integer> INGEST_FRAME_TIMEOUT_MS = new ConfigKey<>(
            "ingest.frame_timeout_ms", Integer.toString(IngestConfig.DEFAULT_FRAME_TIMEOUT_MILLIS),
            ValueRule.integer(100, 600_000),
            "Longest an ingest frame may take to arrive once its first bytes have; a frame still incomplete after "
                    + "it (a stalled or trickling client) closes the connection with code 1008. An idle connection "
                    + "between frames is not affected.");
    public static final ConfigKey<Integer> QUERY_READER_POOL_SIZE = new ConfigKey<>(
            "query.reader_pool_size",
            String.valueOf(Math.max(1, Math.min(64, Runtime.getRuntime().availableProcessors() / 2))),
            ValueRule.integer(1, 64),
            "DuckDB reader connections in the query pool, and query worker threads; the default, half the "
                    + "processors, leaves the other half to ingest.");
    public static final ConfigKey<Integer> QUERY_DEFAULT_LIMIT = new ConfigKey<>(
            "query.default_limit", "1000", ValueRule.integer(1, 1_000_000).noting("at most query.max_limit"),
            "Rows returned by an HTTP query that gives no limit.");
    public static final ConfigKey<Integer> QUERY_MAX_LIMIT = new ConfigKey<>(
            "query.max_limit", "10000", ValueRule.integer(1, 1_000_000),
            "Largest limit an HTTP query may ask for.");
    public static final ConfigKey<Integer> QUERY_TIMEOUT_MS = new ConfigKey<>(
            "query.timeout_ms", "10000", ValueRule.integer(100, 600_000),
            "Per-query timeout in milliseconds.");

    public static final ConfigKey<Integer> QUERY_BAR_MEMORY_DAYS = new ConfigKey<>(
            "query.bar_memory_days", Integer.toString(QueryConfig.DEFAULT_BAR_MEMORY_DAYS), ValueRule.integer(0, 3660),
            "Days of stored bars per series (back from its latest bar) also kept in memory, so bar queries in that "
                    + "range need no DuckDB scan (about 80 bytes a bar); 0 = none.");
    public static final ConfigKey<Integer> QUERY_TICK_MEMORY_MB = new ConfigKey<>(
            "query.tick_memory_mb", Integer.toString(QueryConfig.DEFAULT_TICK_MEMORY_MB), ValueRule.integer(0, 1_048_576),
            "MiB of the newest stored ticks also kept in memory, outside the Java heap (80-95 bytes a tick; the oldest "
                    + "are dropped first, across feeds), so tick queries from there on need no DuckDB scan; 0 = none. "
                    + "At most a quarter of the machine's physical memory is used (start-up logs when it caps the value).");
    public static final ConfigKey<java.math.BigDecimal> PORTFOLIO_STARTING_CASH = new ConfigKey<>(
            "portfolio.starting_cash", "0", ValueRule.amount("1000000000000"),
            "Cash before the first fill; portfolio cash = this + sells - buys - commission - fees.");
    public static final ConfigKey<Integer> PORTFOLIO_SNAPSHOT_INTERVAL_S = new ConfigKey<>(
            "portfolio.snapshot_interval_s", "300", ValueRule.integer(0, 86_400),
            "Seconds between intraday portfolio snapshots, aligned to UTC midnight (an end-of-day snapshot is "
                    + "taken at each UTC midnight); 0 = no snapshots.");
    public static final ConfigKey<String> MIRROR_POSTGRES_URL = new ConfigKey<>(
            "mirror.postgres.url", "none", ValueRule.postgresUrl(),
            "PostgreSQL (or TimescaleDB) the mirror writes ticks, orders, trades, positions and portfolio snapshots "
                    + "to, tailing the journal, e.g. postgresql://postgres@127.0.0.1:5432/tickstore; none = no mirror. "
                    + "See docs/postgres.md.");
    public static final ConfigKey<String> MIRROR_POSTGRES_SCHEMA = new ConfigKey<>(
            "mirror.postgres.schema", MirrorConfig.DEFAULT_SCHEMA, ValueRule.sqlIdentifier(),
            "PostgreSQL schema holding the mirror's tables (created, with its tables, by the mirror's migrations).");
    public static final ConfigKey<Integer> MIRROR_POSTGRES_MAX_LAG_MB = new ConfigKey<>(
            "mirror.postgres.max_lag_mb", Integer.toString(MirrorConfig.DEFAULT_MAX_LAG_MB), ValueRule.integer(1, 1_048_576),
            "MiB of journal (counted as " + MirrorConfig.JOURNAL_BYTES_PER_MESSAGE + " bytes a message) the mirror may "
                    + "be behind, e.g. while PostgreSQL is down, before it is marked failed in /ready and the metrics; "
                    + "the journal then stops keeping files for it and ingest goes on (see docs/postgres.md, resync).");
    public static final ConfigKey<Integer> MIRROR_POSTGRES_MAX_BATCH = new ConfigKey<>(
            "mirror.postgres.max_batch", Integer.toString(MirrorConfig.DEFAULT_MAX_BATCH), ValueRule.integer(1, 1_048_576),
            "Most journal messages the mirror writes to PostgreSQL in one transaction.");
    public static final ConfigKey<Boolean> MIRROR_POSTGRES_SERVE_READS = new ConfigKey<>(
            "mirror.postgres.serve_reads", "false", ValueRule.bool(),
            "Hybrid reads: a ticks, bars, orders, fills, position history or portfolio snapshots query whose range "
                    + "starts before the earliest row of its table the local tiers (hot, warm, cold) hold is answered "
                    + "for that part from the mirror's tables, behind its own circuit breaker (open: such queries "
                    + "answer 503 naming postgres). Needs mirror.postgres.url.");
    public static final ConfigKey<Boolean> LIFECYCLE_ENABLED = new ConfigKey<>(
            "lifecycle.enabled", "false", ValueRule.bool(),
            "Whether lifecycle passes run (at start-up, then every lifecycle.interval_s): sealed partitions older than "
                    + "lifecycle.warm_days move from DuckDB to Parquet files under lifecycle.cold_dir.");
    public static final ConfigKey<Integer> LIFECYCLE_SEAL_GRACE_MINUTES = new ConfigKey<>(
            "lifecycle.seal_grace_minutes", Integer.toString(LifecycleConfig.DEFAULT_SEAL_GRACE_MINUTES),
            ValueRule.integer(0, 10_080),
            "A partition (table, exchange, UTC day) is sealed once its day is over plus this many minutes; only "
                    + "sealed partitions move.");
    public static final ConfigKey<Integer> LIFECYCLE_WARM_DAYS = new ConfigKey<>(
            "lifecycle.warm_days", Integer.toString(LifecycleConfig.DEFAULT_WARM_DAYS), ValueRule.integer(0, 36_500),
            "UTC days kept in DuckDB, counted back from the earlier of the wall clock and the newest tick; older "
                    + "sealed days move to the cold tier.");
    public static final ConfigKey<Path> LIFECYCLE_COLD_DIR = new ConfigKey<>(
            "lifecycle.cold_dir", LifecycleConfig.DEFAULT_COLD_DIR, ValueRule.directory(),
            "Directory of the cold tier's Parquet files (Hive layout TABLE/exchange=X/date=YYYY-MM-DD/); a relative "
                    + "path is under data.dir.");
    public static final ConfigKey<Integer> LIFECYCLE_INTERVAL_S = new ConfigKey<>(
            "lifecycle.interval_s", Integer.toString(LifecycleConfig.DEFAULT_INTERVAL_SECONDS),
            ValueRule.integer(1, 86_400),
            "Seconds between two lifecycle passes.");
    public static final ConfigKey<Integer> LIFECYCLE_ROW_GROUP_ROWS = new ConfigKey<>(
            "lifecycle.row_group_rows", Integer.toString(LifecycleConfig.DEFAULT_ROW_GROUP_ROWS),
            ValueRule.integer(1024, 10_000_000),
            "Rows per Parquet row group in cold files (sorted by symbol, so a one-symbol range reads few groups).");
    public static final ConfigKey<Integer> LIFECYCLE_COLD_RETENTION_DAYS = new ConfigKey<>(
            "lifecycle.cold_retention_days", "0", ValueRule.integer(0, 36_500),
            "Cold partitions whose UTC day is older than this many days, counted back from the earlier of the wall "
                    + "clock and the newest tick, are dropped (whole partitions, files deleted); 0 keeps them forever.");
    public static final ConfigKey<String> LIFECYCLE_S3_ENDPOINT = new ConfigKey<>(
            "lifecycle.s3.endpoint", ValueRule.NONE, ValueRule.optionalUrl(),
            "URL of an S3-compatible store (MinIO, s3proxy, Ceph), e.g. http://127.0.0.1:9000; none = AWS S3 in "
                    + "lifecycle.s3.region.");
    public static final ConfigKey<String> LIFECYCLE_S3_BUCKET = new ConfigKey<>(
            "lifecycle.s3.bucket", ValueRule.NONE, ValueRule.optionalBucket(),
            "Bucket (existing) the cold tier's partitions are uploaded to; none = no S3 copy. See docs/lifecycle.md.");
    public static final ConfigKey<String> LIFECYCLE_S3_PREFIX = new ConfigKey<>(
            "lifecycle.s3.prefix", S3Config.DEFAULT_PREFIX, ValueRule.objectPrefix(),
            "Key prefix of the uploaded objects (PREFIX/TABLE/exchange=X/date=YYYY-MM-DD/vN.parquet); none = the bucket's "
                    + "root. One server per bucket and prefix.");
    public static final ConfigKey<String> LIFECYCLE_S3_REGION = new ConfigKey<>(
            "lifecycle.s3.region", S3Config.DEFAULT_REGION, ValueRule.region(),
            "Region requests are signed for (any value for most S3-compatible stores).");
    public static final ConfigKey<String> LIFECYCLE_S3_ACCESS_KEY = new ConfigKey<>(
            "lifecycle.s3.access_key", ValueRule.NONE, ValueRule.optionalText(),
            "Access key id, with lifecycle.s3.secret_key; none = the AWS SDK's default credential chain (environment, "
                    + "~/.aws, instance profile).");
    public static final ConfigKey<String> LIFECYCLE_S3_SECRET_KEY = new ConfigKey<>(
            "lifecycle.s3.secret_key", ValueRule.NONE, ValueRule.optionalText(),
            "Secret access key of lifecycle.s3.access_key; none = the default credential chain.");
    public static final ConfigKey<String> LIFECYCLE_S3_PATH_STYLE = new ConfigKey<>(
            "lifecycle.s3.path_style", "auto", ValueRule.autoBool(),
            "Path-style requests (endpoint/bucket/key), as most S3-compatible stores need; auto = true when "
                    + "lifecycle.s3.endpoint is set, else false.");
    public static final ConfigKey<Integer> LIFECYCLE_S3_CACHE_MB = new ConfigKey<>(
            "lifecycle.s3.cache_mb", Integer.toString(S3Config.DEFAULT_CACHE_MB), ValueRule.integer(1, 1_048_576),
            "MiB of local disk (under lifecycle.cold_dir/.s3-cache) holding files of S3-only partitions that queries "
                    + "fetched; least recently used files go first.");
    public static final ConfigKey<Integer> LIFECYCLE_LOCAL_COLD_DAYS = new ConfigKey<>(
            "lifecycle.local_cold_days", Integer.toString(S3Config.DEFAULT_LOCAL_COLD_DAYS), ValueRule.integer(0, 36_500),
            "With S3: UTC days an uploaded and verified partition keeps its local file, counted back from the earlier of "
                    + "the wall clock and the newest tick; older ones are then read from S3 (0 = drop at upload).");
    public static final ConfigKey<Integer> LIFECYCLE_S3_RETENTION_DAYS = new ConfigKey<>(
            "lifecycle.s3_retention_days", "0", ValueRule.integer(0, 36_500),
            "With S3: partitions whose UTC day is older than this many days (same reference) are dropped, manifest row "
                    + "first, then the object; 0 keeps them forever.");

    private static final List<ConfigKey<?>> ALL = List.of(
            HTTP_HOST, HTTP_PORT, HTTP_EVENT_LOOPS, HTTP_TLS_CERT, HTTP_TLS_KEY,
            AUTH_TOKENS_FILE, AUTH_OPEN_METRICS, AUTH_ALLOW_ANONYMOUS,
            LIMITS_CONNECTIONS_PER_CLIENT, LIMITS_INGEST_MESSAGES_PER_S, LIMITS_QUERIES_PER_CLIENT,
            DATA_DIR,
            JOURNAL_ROLL_CYCLE, JOURNAL_RETAIN_CYCLES, JOURNAL_MIN_FREE_MB,
            PIPELINE_RING_SIZE, PIPELINE_WAIT_STRATEGY,
            HOT_MAX_UNSTORED_MB,
            WARM_MAX_BATCH, WARM_COMMIT_INTERVAL_MS, WARM_CHECKPOINT_THRESHOLD_MB, WARM_MAX_LAG_MESSAGES,
            WARM_YIELD_TO_INGEST_MB,
            DEDUPE_SNAPSHOT_INTERVAL_S,
            INGEST_MAX_FRAME_BYTES, INGEST_MAX_MESSAGES_PER_FRAME, INGEST_MAX_CONNECTIONS, INGEST_FRAME_TIMEOUT_MS,
            QUERY_READER_POOL_SIZE, QUERY_DEFAULT_LIMIT, QUERY_MAX_LIMIT, QUERY_TIMEOUT_MS, QUERY_BAR_MEMORY_DAYS,
            QUERY_TICK_MEMORY_MB,
            PORTFOLIO_STARTING_CASH, PORTFOLIO_SNAPSHOT_INTERVAL_S,
            MIRROR_POSTGRES_URL, MIRROR_POSTGRES_SCHEMA, MIRROR_POSTGRES_MAX_LAG_MB, MIRROR_POSTGRES_MAX_BATCH,
            MIRROR_POSTGRES_SERVE_READS,
            LIFECYCLE_ENABLED, LIFECYCLE_SEAL_GRACE_MINUTES, LIFECYCLE_WARM_DAYS, LIFECYCLE_COLD_DIR, LIFECYCLE_INTERVAL_S,
            LIFECYCLE_ROW_GROUP_ROWS, LIFECYCLE_COLD_RETENTION_DAYS,
            LIFECYCLE_S3_ENDPOINT, LIFECYCLE_S3_BUCKET, LIFECYCLE_S3_PREFIX, LIFECYCLE_S3_REGION, LIFECYCLE_S3_ACCESS_KEY,
            LIFECYCLE_S3_SECRET_KEY, LIFECYCLE_S3_PATH_STYLE, LIFECYCLE_S3_CACHE_MB, LIFECYCLE_LOCAL_COLD_DAYS,
            LIFECYCLE_S3_RETENTION_DAYS);

    /**
     * A key whose value may not exceed a limit derived from another key.
     *
     * @param key       the bounded key
     * @param limitKey  the key the limit is derived from
     * @param limit     the limit, given the value of {@code limitKey}
     * @param limitText how the limit reads in an error, e.g. {@code pipeline.ring_size / 2}
     */
    record UpperBound(ConfigKey<Integer> key, ConfigKey<Integer> limitKey, IntUnaryOperator limit, String limitText) {
    }

    /** Keys of earlier versions, each with the key that replaced it: named in the error, never silently ignored. */
    static final java.util.Map<String, String> RENAMED = java.util.Map.of(
            "pipeline.writer_max_batch", "warm.max_batch",
            "pipeline.commit_interval_ms", "warm.commit_interval_ms",
            "pipeline.checkpoint_threshold_mb", "warm.checkpoint_threshold_mb",
            "pipeline.backlog_commit_interval_ms", "nothing (the DuckDB sink stores full batches whenever it is behind)");

    /** Checked after every key is valid on its own, in this order. */
    static final List<UpperBound> UPPER_BOUNDS = List.of(
            new UpperBound(INGEST_MAX_MESSAGES_PER_FRAME, PIPELINE_RING_SIZE, ring -> ring / 2,
                    "pipeline.ring_size / 2"),
            new UpperBound(QUERY_DEFAULT_LIMIT, QUERY_MAX_LIMIT, max -> max, "query.max_limit"));

    private ConfigKeys() {
    }

    /** @return every key, in documentation order; immutable */
    public static List<ConfigKey<?>> all() {
        return ALL;
    }
}

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
    public static final ConfigKey<Path> DATA_DIR = new ConfigKey<>(
            "data.dir", "./data", ValueRule.directory(),
            "Directory holding tickstore.duckdb and the Chronicle journal in journal/.");
    public static final ConfigKey<JournalRollCycle> JOURNAL_ROLL_CYCLE = new ConfigKey<>(
            "journal.roll_cycle", "daily", ValueRule.oneOf(JournalRollCycle.values(), JournalRollCycle::configValue),
            "How often the Chronicle journal starts a new file.");
    public static final ConfigKey<Integer> JOURNAL_RETAIN_CYCLES = new ConfigKey<>(
            "journal.retain_cycles", Integer.toString(JournalConfig.DEFAULT_RETAIN_CYCLES), ValueRule.integer(-1, 1_000_000),
            "Journal files (roll cycles) kept before the one holding the last message committed to DuckDB; older "
                    + "ones, every message of which is in DuckDB, are deleted at start-up and then every minute; "
                    + "-1 keeps the whole journal.");
    public static final ConfigKey<Integer> PIPELINE_RING_SIZE = new ConfigKey<>(
            "pipeline.ring_size", "65536", ValueRule.powerOfTwo(1024, 4_194_304),
            "Disruptor ring slots, one per message.");
    public static final ConfigKey<WaitStrategyKind> PIPELINE_WAIT_STRATEGY = new ConfigKey<>(
            "pipeline.wait_strategy", "blocking",
            ValueRule.oneOf(WaitStrategyKind.values(), WaitStrategyKind::configValue),
            "How the journaller and writer threads wait for work: blocking uses the least CPU;"
                    + " sleeping and yielding cut latency but burn CPU.");
    public static final ConfigKey<Integer> PIPELINE_WRITER_MAX_BATCH = new ConfigKey<>(
            "pipeline.writer_max_batch", Integer.toString(PipelineConfig.DEFAULT_WRITER_MAX_BATCH),
            ValueRule.integer(1, 1_048_576), "Most messages committed in one DuckDB transaction.");
    public static final ConfigKey<Integer> PIPELINE_COMMIT_INTERVAL_MS = new ConfigKey<>(
            "pipeline.commit_interval_ms", Integer.toString(PipelineConfig.DEFAULT_COMMIT_INTERVAL_MILLIS),
            ValueRule.integer(0, 10_000),
            "Least time between two DuckDB commits while messages keep arriving (group commit; 0 = commit every "
                    + "Disruptor batch). Acks never wait for it; it bounds how stale queries can be.");
    public static final ConfigKey<Integer> PIPELINE_CHECKPOINT_THRESHOLD_MB = new ConfigKey<>(
            "pipeline.checkpoint_threshold_mb", Integer.toString(PipelineConfig.DEFAULT_CHECKPOINT_THRESHOLD_MB),
            ValueRule.integer(1, 65_536),
            "DuckDB checkpoints its write-ahead log into the database file past this many MiB. Larger: fewer "
                    + "checkpoints (each rewrites indexes and partly filled row groups, stalling the writer), "
                    + "but each takes longer and reopening after a crash replays a longer log.");
    public static final ConfigKey<Integer> PIPELINE_BACKLOG_COMMIT_INTERVAL_MS = new ConfigKey<>(
            "pipeline.backlog_commit_interval_ms",
            Integer.toString(PipelineConfig.DEFAULT_BACKLOG_COMMIT_INTERVAL_MILLIS), ValueRule.integer(0, 60_000),
            "While the writer is behind the journal (more than 1/64 of the ring journaled and not yet applied, or "
                    + "more than 1/4 of it pending in one transaction), "
                    + "least time between two DuckDB commits: bigger transactions catch up faster. The larger of "
                    + "this and pipeline.commit_interval_ms applies; queries may be this stale while ingest outruns "
                    + "the writer.");
    public static final ConfigKey<Integer> INGEST_MAX_FRAME_BYTES = new ConfigKey<>(
            "ingest.max_frame_bytes", "1048576", ValueRule.integer(1024, 67_108_864),
            "Largest WebSocket text frame accepted; a larger frame closes the connection with code 1009.");
    public static final ConfigKey<Integer> INGEST_MAX_MESSAGES_PER_FRAME = new ConfigKey<>(
            "ingest.max_messages_per_frame", "10000",
            ValueRule.integer(1, 100_000).noting("at most pipeline.ring_size / 2"),
            "Most JSON objects in one frame's array.");
    public static final ConfigKey<Integer> INGEST_MAX_CONNECTIONS = new ConfigKey<>(
            "ingest.max_connections", "1024", ValueRule.integer(1, 100_000),
            "Most concurrent ingest WebSocket connections.");
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

    private static final List<ConfigKey<?>> ALL = List.of(
            HTTP_HOST, HTTP_PORT, HTTP_EVENT_LOOPS,
            DATA_DIR,
            JOURNAL_ROLL_CYCLE, JOURNAL_RETAIN_CYCLES,
            PIPELINE_RING_SIZE, PIPELINE_WAIT_STRATEGY, PIPELINE_WRITER_MAX_BATCH,
            PIPELINE_COMMIT_INTERVAL_MS, PIPELINE_CHECKPOINT_THRESHOLD_MB, PIPELINE_BACKLOG_COMMIT_INTERVAL_MS,
            INGEST_MAX_FRAME_BYTES, INGEST_MAX_MESSAGES_PER_FRAME, INGEST_MAX_CONNECTIONS,
            QUERY_READER_POOL_SIZE, QUERY_DEFAULT_LIMIT, QUERY_MAX_LIMIT, QUERY_TIMEOUT_MS, QUERY_BAR_MEMORY_DAYS,
            QUERY_TICK_MEMORY_MB,
            PORTFOLIO_STARTING_CASH, PORTFOLIO_SNAPSHOT_INTERVAL_S);

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

package io.tickstore.config;

/**
 * The warm tier: the DuckDB sink, which tails the journal and stores every message in
 * {@code tickstore.duckdb}.
 *
 * @param maxBatch              most messages in one DuckDB transaction
 * @param commitIntervalMillis  once caught up with the journal, how long the sink lets new messages
 *                              gather before it stores them in one transaction (a sink that is behind
 *                              stores full batches at once)
 * @param checkpointThresholdMb DuckDB checkpoints its write-ahead log into the database file once it
 *                              grows past this many MiB
 * @param maxLagMessages        journaled messages DuckDB may be behind before ingest is held back
 */
public record WarmConfig(int maxBatch, int commitIntervalMillis, int checkpointThresholdMb, long maxLagMessages) {
    public static final int DEFAULT_MAX_BATCH = 65_536;
    public static final int DEFAULT_COMMIT_INTERVAL_MILLIS = 100;
    public static final int DEFAULT_CHECKPOINT_THRESHOLD_MB = 256;
    public static final long DEFAULT_MAX_LAG_MESSAGES = 50_000_000L;

    public WarmConfig withMaxBatch(int maxBatch) {
        return new WarmConfig(maxBatch, commitIntervalMillis, checkpointThresholdMb, maxLagMessages);
    }

    public WarmConfig withCommitIntervalMillis(int commitIntervalMillis) {
        return new WarmConfig(maxBatch, commitIntervalMillis, checkpointThresholdMb, maxLagMessages);
    }

    public WarmConfig withCheckpointThresholdMb(int checkpointThresholdMb) {
        return new WarmConfig(maxBatch, commitIntervalMillis, checkpointThresholdMb, maxLagMessages);
    }

    public WarmConfig withMaxLagMessages(long maxLagMessages) {
        return new WarmConfig(maxBatch, commitIntervalMillis, checkpointThresholdMb, maxLagMessages);
    }
}

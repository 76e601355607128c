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
 * @param yieldToIngestMb       while ingest is busy, the sink holds its batches back (leaving the
 *                              processors to ingest) until the hot tier holds this many MiB for it (at
 *                              most half of {@code hot.max_unstored_mb}) or 60 s have passed; 0 = never
 */
public record WarmConfig(int maxBatch, int commitIntervalMillis, int checkpointThresholdMb, long maxLagMessages,
                         int yieldToIngestMb) {
    public static final int DEFAULT_MAX_BATCH = 524_288;
    public static final int DEFAULT_YIELD_TO_INGEST_MB = 512;
    public static final int DEFAULT_COMMIT_INTERVAL_MILLIS = 100;
    public static final int DEFAULT_CHECKPOINT_THRESHOLD_MB = 256;
    public static final long DEFAULT_MAX_LAG_MESSAGES = 50_000_000L;

    /** With the default {@code yieldToIngestMb}. */
    public WarmConfig(int maxBatch, int commitIntervalMillis, int checkpointThresholdMb, long maxLagMessages) {
        this(maxBatch, commitIntervalMillis, checkpointThresholdMb, maxLagMessages, DEFAULT_YIELD_TO_INGEST_MB);
    }

    public WarmConfig withMaxBatch(int maxBatch) {
        return new WarmConfig(maxBatch, commitIntervalMillis, checkpointThresholdMb, maxLagMessages, yieldToIngestMb);
    }

    public WarmConfig withCommitIntervalMillis(int commitIntervalMillis) {
        return new WarmConfig(maxBatch, commitIntervalMillis, checkpointThresholdMb, maxLagMessages, yieldToIngestMb);
    }

    public WarmConfig withCheckpointThresholdMb(int checkpointThresholdMb) {
        return new WarmConfig(maxBatch, commitIntervalMillis, checkpointThresholdMb, maxLagMessages, yieldToIngestMb);
    }

    public WarmConfig withMaxLagMessages(long maxLagMessages) {
        return new WarmConfig(maxBatch, commitIntervalMillis, checkpointThresholdMb, maxLagMessages, yieldToIngestMb);
    }

    public WarmConfig withYieldToIngestMb(int yieldToIngestMb) {
        return new WarmConfig(maxBatch, commitIntervalMillis, checkpointThresholdMb, maxLagMessages, yieldToIngestMb);
    }
}

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
 * @param barBatch              most messages whose OHLCV bars the sink folds in memory before it writes
 *                              them (with the rows of the transaction that reaches it); a batch that
 *                              reaches the journal's end writes them at once; 1 = with every transaction
 */
public record WarmConfig(int maxBatch, int commitIntervalMillis, int checkpointThresholdMb, long maxLagMessages,
                         int yieldToIngestMb, int barBatch) {
    public static final int DEFAULT_MAX_BATCH = 524_288;
    public static final int DEFAULT_YIELD_TO_INGEST_MB = 512;
    public static final int DEFAULT_COMMIT_INTERVAL_MILLIS = 100;
    public static final int DEFAULT_CHECKPOINT_THRESHOLD_MB = 256;
    public static final long DEFAULT_MAX_LAG_MESSAGES = 50_000_000L;
    public static final int DEFAULT_BAR_BATCH = 524_288;

    /** With the default {@code barBatch}. */
    public WarmConfig(int maxBatch, int commitIntervalMillis, int checkpointThresholdMb, long maxLagMessages,
                      int yieldToIngestMb) {
        this(maxBatch, commitIntervalMillis, checkpointThresholdMb, maxLagMessages, yieldToIngestMb, DEFAULT_BAR_BATCH);
    }

    /** With the default {@code yieldToIngestMb}. */
    public WarmConfig(int maxBatch, int commitIntervalMillis, int checkpointThresholdMb, long maxLagMessages) {
        this(maxBatch, commitIntervalMillis, checkpointThresholdMb, maxLagMessages, DEFAULT_YIELD_TO_INGEST_MB);
    }

    public WarmConfig withMaxBatch(int maxBatch) {
        return new WarmConfig(maxBatch, commitIntervalMillis, checkpointThresholdMb, maxLagMessages, yieldToIngestMb,
                barBatch);
    }

    public WarmConfig withCommitIntervalMillis(int commitIntervalMillis) {
        return new WarmConfig(maxBatch, commitIntervalMillis, checkpointThresholdMb, maxLagMessages, yieldToIngestMb,
                barBatch);
    }

    public WarmConfig withCheckpointThresholdMb(int checkpointThresholdMb) {
        return new WarmConfig(maxBatch, commitIntervalMillis, checkpointThresholdMb, maxLagMessages, yieldToIngestMb,
                barBatch);
    }

    public WarmConfig withMaxLagMessages(long maxLagMessages) {
        return new WarmConfig(maxBatch, commitIntervalMillis, checkpointThresholdMb, maxLagMessages, yieldToIngestMb,
                barBatch);
    }

    public WarmConfig withYieldToIngestMb(int yieldToIngestMb) {
        return new WarmConfig(maxBatch, commitIntervalMillis, checkpointThresholdMb, maxLagMessages, yieldToIngestMb,
                barBatch);
    }

    public WarmConfig withBarBatch(int barBatch) {
        return new WarmConfig(maxBatch, commitIntervalMillis, checkpointThresholdMb, maxLagMessages, yieldToIngestMb,
                barBatch);
    }
}

package io.tickstore.config;

import java.util.Objects;

/**
 * The Disruptor pipeline between ingest, journal and store.
 *
 * @param ringSize             ring slots, one per message; a power of two
 * @param waitStrategy         how the journaller and writer threads wait for work
 * @param writerMaxBatch       most messages committed in one DuckDB transaction
 * @param commitIntervalMillis least time between two writer commits while messages keep arriving
 *                             (group commit); 0 commits at the end of every Disruptor batch
 * @param checkpointThresholdMb DuckDB checkpoints its write-ahead log into the database file once
 *                             it grows past this many MiB
 */
public record PipelineConfig(int ringSize, WaitStrategyKind waitStrategy, int writerMaxBatch, int commitIntervalMillis,
                             int checkpointThresholdMb) {

    public static final int DEFAULT_COMMIT_INTERVAL_MILLIS = 20;
    public static final int DEFAULT_CHECKPOINT_THRESHOLD_MB = 256;

    public PipelineConfig {
        Objects.requireNonNull(waitStrategy, "waitStrategy");
    }

    /** With the default commit interval and checkpoint threshold. */
    public PipelineConfig(int ringSize, WaitStrategyKind waitStrategy, int writerMaxBatch) {
        this(ringSize, waitStrategy, writerMaxBatch, DEFAULT_COMMIT_INTERVAL_MILLIS, DEFAULT_CHECKPOINT_THRESHOLD_MB);
    }

    /** With the default checkpoint threshold. */
    public PipelineConfig(int ringSize, WaitStrategyKind waitStrategy, int writerMaxBatch, int commitIntervalMillis) {
        this(ringSize, waitStrategy, writerMaxBatch, commitIntervalMillis, DEFAULT_CHECKPOINT_THRESHOLD_MB);
    }

    public PipelineConfig withRingSize(int ringSize) {
        return new PipelineConfig(ringSize, waitStrategy, writerMaxBatch, commitIntervalMillis, checkpointThresholdMb);
    }

    public PipelineConfig withWaitStrategy(WaitStrategyKind waitStrategy) {
        return new PipelineConfig(ringSize, waitStrategy, writerMaxBatch, commitIntervalMillis, checkpointThresholdMb);
    }

    public PipelineConfig withWriterMaxBatch(int writerMaxBatch) {
        return new PipelineConfig(ringSize, waitStrategy, writerMaxBatch, commitIntervalMillis, checkpointThresholdMb);
    }

    public PipelineConfig withCheckpointThresholdMb(int checkpointThresholdMb) {
        return new PipelineConfig(ringSize, waitStrategy, writerMaxBatch, commitIntervalMillis, checkpointThresholdMb);
    }

    public PipelineConfig withCommitIntervalMillis(int commitIntervalMillis) {
        return new PipelineConfig(ringSize, waitStrategy, writerMaxBatch, commitIntervalMillis, checkpointThresholdMb);
    }
}

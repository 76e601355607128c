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
 * @param backlogCommitIntervalMillis while the writer is behind the journal, least time between two
 *                             commits (bigger transactions catch up faster); the larger of this and
 *                             {@code commitIntervalMillis} applies
 */
public record PipelineConfig(int ringSize, WaitStrategyKind waitStrategy, int writerMaxBatch, int commitIntervalMillis,
                             int checkpointThresholdMb, int backlogCommitIntervalMillis) {

    public static final int DEFAULT_WRITER_MAX_BATCH = 65_536;
    public static final int DEFAULT_COMMIT_INTERVAL_MILLIS = 20;
    public static final int DEFAULT_CHECKPOINT_THRESHOLD_MB = 256;
    public static final int DEFAULT_BACKLOG_COMMIT_INTERVAL_MILLIS = 500;

    public PipelineConfig {
        Objects.requireNonNull(waitStrategy, "waitStrategy");
    }

    /** With the default commit interval and checkpoint threshold. */
    public PipelineConfig(int ringSize, WaitStrategyKind waitStrategy, int writerMaxBatch) {
        this(ringSize, waitStrategy, writerMaxBatch, DEFAULT_COMMIT_INTERVAL_MILLIS, DEFAULT_CHECKPOINT_THRESHOLD_MB,
                DEFAULT_BACKLOG_COMMIT_INTERVAL_MILLIS);
    }

    /** With the default checkpoint threshold and backlog commit interval. */
    public PipelineConfig(int ringSize, WaitStrategyKind waitStrategy, int writerMaxBatch, int commitIntervalMillis) {
        this(ringSize, waitStrategy, writerMaxBatch, commitIntervalMillis, DEFAULT_CHECKPOINT_THRESHOLD_MB,
                DEFAULT_BACKLOG_COMMIT_INTERVAL_MILLIS);
    }

    /** With the default backlog commit interval. */
    public PipelineConfig(int ringSize, WaitStrategyKind waitStrategy, int writerMaxBatch, int commitIntervalMillis,
                          int checkpointThresholdMb) {
        this(ringSize, waitStrategy, writerMaxBatch, commitIntervalMillis, checkpointThresholdMb,
                DEFAULT_BACKLOG_COMMIT_INTERVAL_MILLIS);
    }

    public PipelineConfig withRingSize(int ringSize) {
        return new PipelineConfig(ringSize, waitStrategy, writerMaxBatch, commitIntervalMillis, checkpointThresholdMb,
                backlogCommitIntervalMillis);
    }

    public PipelineConfig withWaitStrategy(WaitStrategyKind waitStrategy) {
        return new PipelineConfig(ringSize, waitStrategy, writerMaxBatch, commitIntervalMillis, checkpointThresholdMb,
                backlogCommitIntervalMillis);
    }

    public PipelineConfig withWriterMaxBatch(int writerMaxBatch) {
        return new PipelineConfig(ringSize, waitStrategy, writerMaxBatch, commitIntervalMillis, checkpointThresholdMb,
                backlogCommitIntervalMillis);
    }

    public PipelineConfig withCheckpointThresholdMb(int checkpointThresholdMb) {
        return new PipelineConfig(ringSize, waitStrategy, writerMaxBatch, commitIntervalMillis, checkpointThresholdMb,
                backlogCommitIntervalMillis);
    }

    public PipelineConfig withCommitIntervalMillis(int commitIntervalMillis) {
        return new PipelineConfig(ringSize, waitStrategy, writerMaxBatch, commitIntervalMillis, checkpointThresholdMb,
                backlogCommitIntervalMillis);
    }

    public PipelineConfig withBacklogCommitIntervalMillis(int backlogCommitIntervalMillis) {
        return new PipelineConfig(ringSize, waitStrategy, writerMaxBatch, commitIntervalMillis, checkpointThresholdMb,
                backlogCommitIntervalMillis);
    }
}

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
 */
public record PipelineConfig(int ringSize, WaitStrategyKind waitStrategy, int writerMaxBatch, int commitIntervalMillis) {

    public static final int DEFAULT_COMMIT_INTERVAL_MILLIS = 20;

    public PipelineConfig {
        Objects.requireNonNull(waitStrategy, "waitStrategy");
    }

    /** With the default commit interval. */
    public PipelineConfig(int ringSize, WaitStrategyKind waitStrategy, int writerMaxBatch) {
        this(ringSize, waitStrategy, writerMaxBatch, DEFAULT_COMMIT_INTERVAL_MILLIS);
    }

    public PipelineConfig withRingSize(int ringSize) {
        return new PipelineConfig(ringSize, waitStrategy, writerMaxBatch, commitIntervalMillis);
    }

    public PipelineConfig withWaitStrategy(WaitStrategyKind waitStrategy) {
        return new PipelineConfig(ringSize, waitStrategy, writerMaxBatch, commitIntervalMillis);
    }

    public PipelineConfig withWriterMaxBatch(int writerMaxBatch) {
        return new PipelineConfig(ringSize, waitStrategy, writerMaxBatch, commitIntervalMillis);
    }

    public PipelineConfig withCommitIntervalMillis(int commitIntervalMillis) {
        return new PipelineConfig(ringSize, waitStrategy, writerMaxBatch, commitIntervalMillis);
    }
}

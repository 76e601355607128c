package io.tickstore.config;

import java.util.Objects;

/**
 * The Disruptor pipeline between ingest, journal and store.
 *
 * @param ringSize       ring slots, one per message; a power of two
 * @param waitStrategy   how the journaller and writer threads wait for work
 * @param writerMaxBatch most messages committed in one DuckDB transaction
 */
public record PipelineConfig(int ringSize, WaitStrategyKind waitStrategy, int writerMaxBatch) {

    public PipelineConfig {
        Objects.requireNonNull(waitStrategy, "waitStrategy");
    }

    public PipelineConfig withRingSize(int ringSize) {
        return new PipelineConfig(ringSize, waitStrategy, writerMaxBatch);
    }

    public PipelineConfig withWaitStrategy(WaitStrategyKind waitStrategy) {
        return new PipelineConfig(ringSize, waitStrategy, writerMaxBatch);
    }

    public PipelineConfig withWriterMaxBatch(int writerMaxBatch) {
        return new PipelineConfig(ringSize, waitStrategy, writerMaxBatch);
    }
}

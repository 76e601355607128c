package io.tickstore.config;

import java.util.Objects;

/**
 * The Disruptor ring between ingest, the journal and the hot tier.
 *
 * @param ringSize     ring slots, one per message; a power of two
 * @param waitStrategy how the journaller and hot applier threads wait for work
 */
public record PipelineConfig(int ringSize, WaitStrategyKind waitStrategy) {

    public PipelineConfig {
        Objects.requireNonNull(waitStrategy, "waitStrategy");
    }

    public PipelineConfig withRingSize(int ringSize) {
        return new PipelineConfig(ringSize, waitStrategy);
    }

    public PipelineConfig withWaitStrategy(WaitStrategyKind waitStrategy) {
        return new PipelineConfig(ringSize, waitStrategy);
    }
}

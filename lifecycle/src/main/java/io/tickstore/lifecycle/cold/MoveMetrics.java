package io.tickstore.lifecycle.cold;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * The {@code tickstore_lifecycle_*} counters of warm to cold moves (see docs/metrics.md); what each tier
 * holds is {@link io.tickstore.lifecycle.tiers.TierMetrics}.
 */
public final class MoveMetrics {
    private final Counter partitions;
    private final Counter rows;
    private final Counter bytes;
    private final Counter lateRows;
    private final Counter failures;
    private final Counter dropped;
    private final Timer seconds;

    public MoveMetrics(MeterRegistry registry) {
        partitions = Counter.builder("tickstore.lifecycle.partitions.moved")
                .description("partitions moved from DuckDB to the cold tier (a rewrite with late rows counts again)")
                .register(registry);
        rows = Counter.builder("tickstore.lifecycle.moved.rows")
                .description("rows moved from DuckDB to the cold tier").register(registry);
        bytes = Counter.builder("tickstore.lifecycle.moved.bytes")
                .description("bytes of Parquet written by moves").register(registry);
        lateRows = Counter.builder("tickstore.lifecycle.late.rows")
                .description("rows that arrived for a partition already in the cold tier, merged into its next version")
                .register(registry);
        failures = Counter.builder("tickstore.lifecycle.move.failures")
                .description("moves that failed (the partition stays in DuckDB; the next pass retries)")
                .register(registry);
        dropped = Counter.builder("tickstore.lifecycle.partitions.dropped")
                .description("cold partitions dropped by retention (lifecycle.cold_retention_days)").register(registry);
        seconds = Timer.builder("tickstore.lifecycle.move").description("time to move one partition")
                .register(registry);
    }

    void moved(long rowCount, long byteCount, long lateRowCount, long nanos) {
        partitions.increment();
        rows.increment(rowCount);
        bytes.increment(byteCount);
        lateRows.increment(lateRowCount);
        seconds.record(nanos, TimeUnit.NANOSECONDS);
    }

    void dropped(int partitionCount) {
        dropped.increment(partitionCount);
    }

    void failed() {
        failures.increment();
    }
}

package io.tickstore.lifecycle.tiers;

import io.tickstore.store.read.Tier;
import java.time.LocalDate;
import java.util.List;

/**
 * What one tier holds: its partitions and their totals. {@code bytes}: the tier's size (warm: the
 * DuckDB file and its write-ahead log, every table; cold: the current Parquet files; hot: tick memory).
 * {@code oldest}, {@code newest}: the first and last day of its partitions, null when it has none. The
 * hot tier is not partitioned (it holds each feed's newest ticks, also stored warm once DuckDB has
 * them): no partitions, its ticks as {@code rows}.
 */
public record TierContents(Tier tier, List<TierPartition> partitions, long rows, long bytes, LocalDate oldest,
                           LocalDate newest) {
}

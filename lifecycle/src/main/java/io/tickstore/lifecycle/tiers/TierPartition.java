package io.tickstore.lifecycle.tiers;

import java.time.LocalDate;

/**
 * One partition (table, exchange, UTC day) as a tier holds it. {@code bytes}: its size in that tier, or
 * null where the tier does not keep a partition's bytes apart (DuckDB stores every day of a table
 * together). {@code state}: warm {@code open} (its day is not sealed yet), {@code sealed} (kept warm by
 * {@code lifecycle.warm_days}) or {@code due} (the next pass moves it, late rows of a cold partition
 * included); cold {@code cold}.
 */
public record TierPartition(String table, String exchange, LocalDate day, long rows, Long bytes, String state) {
}

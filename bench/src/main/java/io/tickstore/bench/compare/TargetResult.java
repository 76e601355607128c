package io.tickstore.bench.compare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** What one target did in a run: ingest times, query timings, the checked answers, or why it failed. */
public final class TargetResult {
    final String key;
    final String name;
    String version;
    String failure;
    List<String> setup = List.of();
    String loadBefore = "?";
    String loadAfter = "?";
    /** Seconds from the first tick read to the last ack, and to queries seeing every tick; NaN if not reached. */
    double ackedSeconds = Double.NaN;
    double queryableSeconds = Double.NaN;
    /** Seconds to the data being stored in the target's database where that comes after queryable; else NaN. */
    double storedSeconds = Double.NaN;
    final Map<Query.Kind, long[]> nanos = new EnumMap<>(Query.Kind.class);
    /** Unmeasured runs per query between the checked and the measured ones. */
    final Map<Query.Kind, Integer> warmupRuns = new EnumMap<>(Query.Kind.class);
    final Map<Query.Kind, List<Answer>> checked = new EnumMap<>(Query.Kind.class);
    /** Bytes the ticks take in the target's storage after the load, or -1 when not measured. */
    long storedBytes = -1;
    /** With a lifecycle pass (tickstore, --lifecycle-warm-days): what it did; else null. */
    TickstoreTarget.ColdMove coldMove;
    /** With a lifecycle pass: the checked answers before it, compared with {@link #checked} (after it). */
    final Map<Query.Kind, List<Answer>> checkedBeforeMove = new EnumMap<>(Query.Kind.class);
    /** Measured times per query and X-Tickstore-Tiers value (targets that report tiers). */
    final Map<Query.Kind, Map<String, List<Long>>> tierNanos = new EnumMap<>(Query.Kind.class);

    TargetResult(String key, String name) {
        this.key = key;
        this.name = name;
        this.version = name;
        for (Query.Kind k : Query.Kind.values()) {
            checked.put(k, new ArrayList<>());
        }
    }

    public String name() {
        return name;
    }

    /** Why the target failed, or null. */
    public String failure() {
        return failure;
    }

    public double ackedSeconds() {
        return ackedSeconds;
    }

    public double queryableSeconds() {
        return queryableSeconds;
    }

    public double storedSeconds() {
        return storedSeconds;
    }

    /** Median of the measured runs in ns, or -1 when the query was not measured. */
    public long medianNanos(Query.Kind k) {
        return percentile(nanos.get(k), 0.5);
    }

    /** p99 (nearest rank) of the measured runs in ns, or -1. */
    public long p99Nanos(Query.Kind k) {
        return percentile(nanos.get(k), 0.99);
    }

    public int warmupRuns(Query.Kind k) {
        return warmupRuns.getOrDefault(k, 0);
    }

    public int runs(Query.Kind k) {
        long[] v = nanos.get(k);
        return v == null ? 0 : v.length;
    }

    /** Nearest-rank percentile: the smallest value with at least {@code p} of the values at or below it. */
    static long percentile(long[] values, double p) {
        if (values == null || values.length == 0) {
            return -1;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}

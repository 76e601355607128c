package io.tickstore.lifecycle.tiers;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickstore.store.read.Tier;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The {@code tickstore_lifecycle_tier_*} gauges: what the warm and cold tiers hold, per {@code tier}
 * label, as of the last lifecycle pass (see docs/metrics.md). The hot tier has its own gauges
 * ({@code tickstore_tick_memory_*}); moves and failures are {@code MoveMetrics}' counters.
 */
public final class TierMetrics {
    private final Map<Tier, AtomicReference<TierContents>> last = new EnumMap<>(Tier.class);

    public TierMetrics(MeterRegistry registry) {
        for (Tier tier : List.of(Tier.WARM, Tier.COLD)) {
            AtomicReference<TierContents> held = new AtomicReference<>(new TierContents(tier, List.of(), 0, 0, null, null));
            last.put(tier, held);
            Gauge.builder("tickstore.lifecycle.tier.partitions", held, h -> h.get().partitions().size())
                    .tag("tier", tier.label()).description("partitions (table, exchange, UTC day) the tier holds")
                    .register(registry);
            Gauge.builder("tickstore.lifecycle.tier.rows", held, h -> h.get().rows())
                    .tag("tier", tier.label()).description("rows of those partitions").register(registry);
            Gauge.builder("tickstore.lifecycle.tier.bytes", held, h -> h.get().bytes())
                    .tag("tier", tier.label()).description("bytes the tier takes on disk (warm: the DuckDB file and its write-ahead log)")
                    .register(registry);
            Gauge.builder("tickstore.lifecycle.tier.oldest.day.seconds", held, h -> daySeconds(h.get().oldest()))
                    .tag("tier", tier.label()).description("start of the tier's oldest partition day (epoch seconds)")
                    .register(registry);
            Gauge.builder("tickstore.lifecycle.tier.newest.day.seconds", held, h -> daySeconds(h.get().newest()))
                    .tag("tier", tier.label()).description("start of the tier's newest partition day (epoch seconds)")
                    .register(registry);
        }
    }

    /** Takes a listing's warm and cold contents (others are ignored). */
    public void update(List<TierContents> tiers) {
        for (TierContents t : tiers) {
            AtomicReference<TierContents> held = last.get(t.tier());
            if (held != null) {
                held.set(t);
            }
        }
    }

    private static double daySeconds(LocalDate day) {
        return day == null ? Double.NaN : day.toEpochDay() * 86_400.0;
    }
}

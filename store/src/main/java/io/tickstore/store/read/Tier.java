package io.tickstore.store.read;

import java.util.Locale;
import java.util.Set;

/**
 * The tiers rows are read from, in the order the {@code X-Tickstore-Tiers} header and
 * {@code GET /api/v1/tiers} list them: newest data first. A new tier is one more constant here.
 *
 * <p>A store-side reader tells its caller which tiers the rows of its answer came from (a set of
 * these), so the HTTP layer can say so without knowing where rows live.
 */
public enum Tier {
    /** The in-memory hot tier: tick and bar memory, and rows of messages DuckDB has not stored yet. */
    HOT,
    /** DuckDB. */
    WARM,
    /** Parquet files under {@code lifecycle.cold_dir}, named by the manifest. */
    COLD;

    /** The lower-case name, as the header and the JSON say it. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code tiers} comma-separated in tier order ({@code hot,warm,cold}); empty when none. */
    public static String list(Set<Tier> tiers) {
        StringBuilder out = new StringBuilder(16);
        for (Tier t : values()) {
            if (tiers.contains(t)) {
                out.append(out.length() == 0 ? "" : ",").append(t.text());
            }
        }
        return out.toString();
    }
}

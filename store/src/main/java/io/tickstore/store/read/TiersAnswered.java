package io.tickstore.store.read;

import java.util.EnumSet;
import java.util.StringJoiner;

/**
 * Which tiers answered one read, filled by the store-side readers as they read: the
 * {@code X-Tickstore-Tiers} header of the reply (e.g. {@code postgres,warm,hot}). One per request.
 */
public final class TiersAnswered {
    private final EnumSet<Tier> tiers = EnumSet.noneOf(Tier.class);

    public void add(Tier tier) {
        tiers.add(tier);
    }

    public boolean contains(Tier tier) {
        return tiers.contains(tier);
    }

    /** The header value: the tiers in order from the oldest data to the newest, comma-separated ("" when none). */
    public String header() {
        StringJoiner out = new StringJoiner(",");
        for (Tier t : new Tier[] {Tier.POSTGRES, Tier.S3, Tier.COLD, Tier.WARM, Tier.HOT}) {
            if (tiers.contains(t)) {
                out.add(t.label());
            }
        }
        return out.toString();
    }
}

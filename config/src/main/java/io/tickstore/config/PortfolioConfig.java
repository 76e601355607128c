package io.tickstore.config;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The portfolio the store keeps from fills.
 *
 * @param startingCash           cash before the first fill (exact, at most 8 fraction digits)
 * @param snapshotIntervalSeconds intraday portfolio snapshots every this many seconds, aligned to
 *                               UTC midnight; 0 turns snapshots (intraday and end-of-day) off
 */
public record PortfolioConfig(BigDecimal startingCash, int snapshotIntervalSeconds) {

    public PortfolioConfig {
        Objects.requireNonNull(startingCash, "startingCash");
    }

    public PortfolioConfig withStartingCash(BigDecimal startingCash) {
        return new PortfolioConfig(startingCash, snapshotIntervalSeconds);
    }

    public PortfolioConfig withSnapshotIntervalSeconds(int snapshotIntervalSeconds) {
        return new PortfolioConfig(startingCash, snapshotIntervalSeconds);
    }
}

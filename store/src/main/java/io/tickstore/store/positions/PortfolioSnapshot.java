package io.tickstore.store.positions;

import java.math.BigDecimal;

/** One row of {@code portfolio_snapshots}; {@code time} in epoch microseconds, amounts exact. */
public record PortfolioSnapshot(long time, String type, BigDecimal cash, BigDecimal positionsValue, BigDecimal equity,
                                BigDecimal totalPnl, BigDecimal dailyPnl, int openPositions, int longPositions,
                                int shortPositions, BigDecimal peakEquity, BigDecimal maxDrawdown) {
}

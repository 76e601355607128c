package io.tickstore.store.positions;

import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.Int128;
import io.tickstore.store.model.Side;
import io.tickstore.store.model.TradeRecord;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.duckdb.DuckDBAppender;

/**
 * The portfolio the store writer keeps from fills: cash = starting cash + sells − buys − commission
 * − fees (exact), and snapshots on a schedule: every {@code interval} seconds from each UTC
 * midnight ("intraday"), and at each UTC midnight ("eod"). A snapshot values each position at its
 * latest trade price (its last fill price if the symbol has no trade tick), so
 * equity = cash + Σ quantity × price; total PnL = equity − starting cash; daily PnL = equity − the
 * last eod equity (starting cash before the first); max drawdown = the largest fall of equity from
 * an earlier peak, over all snapshots. Times missed while the store was down are not filled in.
 * Writer thread only.
 */
public final class Portfolio {
    private static final long DAY = 86_400_000_000L;

    private final BigDecimal startingCash;
    private final long intervalMicros;
    /** Units of 1e-16. */
    private final Int128 cash = new Int128();
    private BigDecimal lastEodEquity;
    private BigDecimal peakEquity;
    private BigDecimal maxDrawdown = BigDecimal.ZERO;
    private long nextSnapshotAt = Long.MIN_VALUE;

    public Portfolio(BigDecimal startingCash, int intervalSeconds) {
        this.startingCash = startingCash;
        this.intervalMicros = intervalSeconds * 1_000_000L;
        this.cash.set(startingCash, 16);
        this.lastEodEquity = startingCash;
    }

    public void onFill(TradeRecord t) {
        cash.addProduct(t.quantity, t.side == Side.SELL ? t.price : -t.price);
        long charges = (t.commission == Decimal8.NULL ? 0 : t.commission) + (t.fees == Decimal8.NULL ? 0 : t.fees);
        cash.addProduct(charges, -Decimal8.SCALE);
    }

    public BigDecimal cash() {
        return cash.toBigDecimal(16);
    }

    /** Cash now less the starting cash: what fills moved (exact, 16 decimals). */
    public BigDecimal cashFlows() {
        return cash().subtract(startingCash);
    }

    /** The first snapshot time still to come ({@code Long.MIN_VALUE} before the first snapshot ever). */
    public long nextSnapshotAt() {
        return nextSnapshotAt;
    }

    /** Start-up: the cash now (starting cash plus stored cash flows), and the last snapshot (or null values if none). */
    public void restore(BigDecimal cashNow, Long lastSnapshotTime, BigDecimal lastEod, BigDecimal peak,
                        BigDecimal drawdown) {
        cash.set(cashNow, 16);
        if (lastEod != null) {
            lastEodEquity = lastEod;
        }
        peakEquity = peak;
        if (drawdown != null) {
            maxDrawdown = drawdown;
        }
        if (lastSnapshotTime != null) {
            nextSnapshotAt = nextBoundaryAfter(lastSnapshotTime);
        }
    }

    /**
     * The snapshot rows due at {@code nowMicros}: when a UTC midnight was crossed since the last
     * snapshot, an "eod" row labelled with it; then, if a later boundary is due, an "intraday" row
     * labelled with the latest boundary at or before now (times in between are not filled in). Empty
     * when none is due. {@code latestTradePrice} gives a feed's latest trade price in Decimal8 units,
     * or null.
     */
    public List<PortfolioSnapshot> snapshotIfDue(long nowMicros, PositionBook positions,
                                                 BiFunction<String, String, Long> latestTradePrice) {
        if (intervalMicros == 0) {
            return List.of();
        }
        if (nextSnapshotAt == Long.MIN_VALUE) {
            // The first mark ever: the snapshot of the boundary it was journaled for is due.
            nextSnapshotAt = latestBoundaryAtOrBefore(nowMicros);
        }
        if (nowMicros < nextSnapshotAt) {
            return List.of();
        }
        long lastMidnight = Math.floorDiv(nowMicros, DAY) * DAY;
        long latest = latestBoundaryAtOrBefore(nowMicros);
        List<PortfolioSnapshot> out = new ArrayList<>(2);
        if (lastMidnight >= nextSnapshotAt) {
            out.add(snapshot(lastMidnight, true, positions, latestTradePrice));
        }
        if (latest > lastMidnight) {
            out.add(snapshot(latest, false, positions, latestTradePrice));
        }
        nextSnapshotAt = nextBoundaryAfter(nowMicros);
        return out;
    }

    private PortfolioSnapshot snapshot(long at, boolean eod, PositionBook positions,
                                       BiFunction<String, String, Long> latestTradePrice) {
        Int128 value = new Int128();
        int open = 0;
        int longs = 0;
        int shorts = 0;
        for (Position p : positions.all()) {
            if (p.quantity == 0) {
                continue;
            }
            open++;
            if (p.quantity > 0) {
                longs++;
            } else {
                shorts++;
            }
            Long latest = latestTradePrice.apply(p.exchange, p.symbol);
            long price = latest == null || latest == Decimal8.NULL ? p.lastFillPrice : latest;
            value.addProduct(p.quantity, price);
        }
        BigDecimal positionsValue = value.toBigDecimal(16);
        BigDecimal cashNow = cash.toBigDecimal(16);
        BigDecimal equity = cashNow.add(positionsValue);
        if (peakEquity == null || equity.compareTo(peakEquity) > 0) {
            peakEquity = equity;
        }
        BigDecimal drawdown = peakEquity.subtract(equity);
        if (drawdown.compareTo(maxDrawdown) > 0) {
            maxDrawdown = drawdown;
        }
        PortfolioSnapshot row = new PortfolioSnapshot(at, eod ? "eod" : "intraday", cashNow, positionsValue,
                equity.setScale(16), equity.subtract(startingCash).setScale(16),
                equity.subtract(lastEodEquity).setScale(16), open, longs, shorts, peakEquity.setScale(16),
                maxDrawdown.setScale(16));
        if (eod) {
            lastEodEquity = equity;
        }
        return row;
    }

    /** Appends one {@code portfolio_snapshots} row, in column order. */
    public static void append(DuckDBAppender stage, PortfolioSnapshot s) throws SQLException {
        stage.beginRow();
        stage.appendEpochMicros(s.time());
        stage.append(s.type());
        stage.append(s.cash());
        stage.append(s.positionsValue());
        stage.append(s.equity());
        stage.append(s.totalPnl());
        stage.append(s.dailyPnl());
        stage.append(s.openPositions());
        stage.append(s.longPositions());
        stage.append(s.shortPositions());
        stage.append(s.peakEquity());
        stage.append(s.maxDrawdown());
        stage.endRow();
    }

    /** The latest snapshot time at or before {@code t} (a UTC midnight counts). */
    long latestBoundaryAtOrBefore(long t) {
        long dayStart = Math.floorDiv(t, DAY) * DAY;
        return dayStart + (t - dayStart) / intervalMicros * intervalMicros;
    }

    /** The first snapshot time after {@code t}: the interval grid restarts at every UTC midnight. */
    public long nextBoundaryAfter(long t) {
        long dayStart = Math.floorDiv(t, DAY) * DAY;
        long k = (t - dayStart) / intervalMicros + 1;
        long candidate = dayStart + k * intervalMicros;
        return Math.min(candidate, dayStart + DAY);
    }
}

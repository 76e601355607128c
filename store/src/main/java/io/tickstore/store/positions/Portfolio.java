package io.tickstore.store.positions;

import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.Int128;
import io.tickstore.store.model.Side;
import io.tickstore.store.model.TradeRecord;
import java.math.BigDecimal;
import java.sql.SQLException;
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

    /** Start-up: the cash from every stored fill, and the last snapshot (or null values if none). */
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
     * Appends the snapshot rows due at {@code nowMicros} to {@code stage}: when a UTC midnight was
     * crossed since the last snapshot, an "eod" row labelled with it; then, if a later boundary is
     * due, an "intraday" row labelled with the latest boundary at or before now (times in between
     * are not filled in). Returns whether any row was appended. {@code latestTradePrice} gives a
     * feed's latest trade price in Decimal8 units, or null.
     */
    public boolean snapshotIfDue(long nowMicros, PositionBook positions,
                                 BiFunction<String, String, Long> latestTradePrice, DuckDBAppender stage)
            throws SQLException {
        if (intervalMicros == 0) {
            return false;
        }
        if (nextSnapshotAt == Long.MIN_VALUE) {
            nextSnapshotAt = nextBoundaryAfter(nowMicros);
            return false;
        }
        if (nowMicros < nextSnapshotAt) {
            return false;
        }
        long lastMidnight = Math.floorDiv(nowMicros, DAY) * DAY;
        long latest = latestBoundaryAtOrBefore(nowMicros);
        if (lastMidnight >= nextSnapshotAt) {
            append(lastMidnight, true, positions, latestTradePrice, stage);
        }
        if (latest > lastMidnight) {
            append(latest, false, positions, latestTradePrice, stage);
        }
        nextSnapshotAt = nextBoundaryAfter(nowMicros);
        return true;
    }

    private void append(long at, boolean eod, PositionBook positions, BiFunction<String, String, Long> latestTradePrice,
                        DuckDBAppender stage) throws SQLException {
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
        stage.beginRow();
        stage.appendEpochMicros(at);
        stage.append(eod ? "eod" : "intraday");
        stage.append(cashNow);
        stage.append(positionsValue);
        stage.append(equity.setScale(16));
        stage.append(equity.subtract(startingCash).setScale(16));
        stage.append(equity.subtract(lastEodEquity).setScale(16));
        stage.append(open);
        stage.append(longs);
        stage.append(shorts);
        stage.append(peakEquity.setScale(16));
        stage.append(maxDrawdown.setScale(16));
        stage.endRow();
        if (eod) {
            lastEodEquity = equity;
        }
    }

    /** The latest snapshot time at or before {@code t} (a UTC midnight counts). */
    long latestBoundaryAtOrBefore(long t) {
        long dayStart = Math.floorDiv(t, DAY) * DAY;
        return dayStart + (t - dayStart) / intervalMicros * intervalMicros;
    }

    /** The first snapshot time after {@code t}: the interval grid restarts at every UTC midnight. */
    long nextBoundaryAfter(long t) {
        long dayStart = Math.floorDiv(t, DAY) * DAY;
        long k = (t - dayStart) / intervalMicros + 1;
        long candidate = dayStart + k * intervalMicros;
        return Math.min(candidate, dayStart + DAY);
    }
}

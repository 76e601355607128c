package io.tickstore.store.positions;

import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.TradeRecord;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import org.duckdb.DuckDBAppender;

/**
 * Every position, kept by the store writer from fills in journal order (see {@link Position} for
 * the arithmetic); changed positions are written whole at commit, and each fill adds a row to
 * {@code position_snapshots}. Writer thread only.
 */
public final class PositionBook {
    private final HashMap<String, Position> positions = new HashMap<>();
    private final ArrayList<Position> dirty = new ArrayList<>();

    /** Folds a fill in and appends its history row; returns the position. */
    public Position onFill(TradeRecord t, long journalIndex, DuckDBAppender history) throws SQLException {
        String strategy = t.strategyId == null ? "" : t.strategyId;
        Position p = position(t.exchange, t.symbol, strategy);
        p.fill(t.side, t.quantity, t.price, t.commission, t.fees);
        if (t.executedAt > p.updatedAt) {
            p.updatedAt = t.executedAt;
        }
        p.journalIndex = journalIndex;
        if (!p.dirty) {
            p.dirty = true;
            dirty.add(p);
        }
        history.beginRow();
        history.append(p.exchange);
        history.append(p.symbol);
        history.append(p.strategyId);
        history.appendEpochMicros(t.executedAt);
        history.append(t.tradeId);
        history.append(t.side.text());
        history.appendDecimal(t.quantity);
        history.appendDecimal(t.price);
        history.append(p.side());
        history.appendDecimal(p.quantity);
        decimalOrNull(history, p.averageEntryPrice);
        history.append(p.realizedPnl());
        history.append(journalIndex);
        history.endRow();
        return p;
    }

    public boolean hasWork() {
        return !dirty.isEmpty();
    }

    /** Appends every changed position, whole, in {@code positions} column order. */
    public int stage(DuckDBAppender stage) throws SQLException {
        for (Position p : dirty) {
            stage.beginRow();
            stage.append(p.exchange);
            stage.append(p.symbol);
            stage.append(p.strategyId);
            stage.append(p.side());
            stage.appendDecimal(p.quantity);
            decimalOrNull(stage, p.averageEntryPrice);
            stage.append(p.realizedPnl());
            stage.append(p.fees());
            stage.append(p.fillCount);
            stage.appendDecimal(p.lastFillPrice);
            stage.appendEpochMicros(p.updatedAt);
            stage.append(p.journalIndex);
            stage.endRow();
        }
        return dirty.size();
    }

    /** The positions this batch changed, as committed; call after the commit, before {@link #committed}. */
    public List<PositionUpdate> updates() {
        List<PositionUpdate> out = new ArrayList<>(dirty.size());
        for (Position p : dirty) {
            out.add(PositionUpdate.of(p));
        }
        return out;
    }

    public void committed() {
        for (Position p : dirty) {
            p.dirty = false;
        }
        dirty.clear();
    }

    public Collection<Position> all() {
        return positions.values();
    }

    /** Start-up: a stored position. */
    public void restore(String exchange, String symbol, String strategy, long quantity, long averageEntryPrice,
                        java.math.BigDecimal realizedPnl, java.math.BigDecimal fees, long fillCount,
                        long lastFillPrice, long updatedAt, long journalIndex) {
        Position p = position(exchange, symbol, strategy);
        p.quantity = quantity;
        p.averageEntryPrice = averageEntryPrice;
        p.realizedPnl.set(realizedPnl, 16);
        p.fees.set(fees, 16);
        p.fillCount = fillCount;
        p.lastFillPrice = lastFillPrice;
        p.updatedAt = updatedAt;
        p.journalIndex = journalIndex;
    }

    private Position position(String exchange, String symbol, String strategy) {
        String key = exchange + '\u0000' + symbol + '\u0000' + strategy;
        Position p = positions.get(key);
        if (p == null) {
            p = new Position(exchange, symbol, strategy);
            positions.put(key, p);
        }
        return p;
    }

    private static void decimalOrNull(DuckDBAppender a, long v) throws SQLException {
        if (v == Decimal8.NULL) {
            a.appendNull();
        } else {
            a.appendDecimal(v);
        }
    }
}

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
 * Every position, kept from fills in journal order (see {@link Position} for the arithmetic). Each
 * tier that needs positions keeps its own book: the hot tier (what queries and the live stream see)
 * and the DuckDB sink (which writes changed positions whole at commit, and a
 * {@code position_snapshots} row per fill). One thread per book.
 */
public final class PositionBook {
    private final HashMap<String, Position> positions = new HashMap<>();
    private final ArrayList<Position> dirty = new ArrayList<>();

    /** Folds a fill in; returns the change it made (the position right after it). */
    public PositionChange onFill(TradeRecord t, long journalIndex) {
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
        return PositionChange.of(p, t, journalIndex);
    }

    /** Appends one {@code position_snapshots} row, in column order. */
    public static void appendChange(DuckDBAppender history, PositionChange c) throws SQLException {
        history.beginRow();
        history.append(c.exchange());
        history.append(c.symbol());
        history.append(c.strategyId());
        history.appendEpochMicros(c.time());
        history.append(c.tradeId());
        history.append(c.fillSide());
        history.appendDecimal(c.fillQuantity());
        history.appendDecimal(c.fillPrice());
        history.append(c.side());
        history.appendDecimal(c.quantity());
        decimalOrNull(history, c.averageEntryPrice());
        history.append(c.realizedPnl());
        history.append(c.journalIndex());
        history.endRow();
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

    /** The positions changed since the last {@link #committed}, as they are now. */
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

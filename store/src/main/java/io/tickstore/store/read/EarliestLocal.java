package io.tickstore.store.read;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Per {@link HistoryTable}, the earliest time (its time column, epoch microseconds; {@code Long.MAX_VALUE}:
 * no row) the local tiers (hot, warm DuckDB, cold Parquet) hold: where hybrid reads split a range between
 * {@link OlderHistory} and the local tiers. Each table has its own: the local tiers may hold orders from
 * another day than ticks. Kept, not scanned per query: {@link #load}ed from DuckDB and the cold manifest at
 * open and after cold retention drops partitions, lowered by every row the hot tier applies ({@link #seen}).
 */
public final class EarliestLocal {
    /** The manifest's min_time is its file's verified minimum: no file is read (it may be only in S3). */
    private static final String EARLIEST_COLD =
            "SELECT epoch_us(min(min_time)) FROM cold_partitions WHERE table_name = ?";

    private final AtomicLongArray earliest = new AtomicLongArray(HistoryTable.values().length);

    public EarliestLocal() {
        for (HistoryTable t : HistoryTable.values()) {
            earliest.set(t.ordinal(), Long.MAX_VALUE);
        }
    }

    /** The earliest time of {@code table} the local tiers hold, or {@code Long.MAX_VALUE} when they hold none. */
    public long get(HistoryTable table) {
        return earliest.get(table.ordinal());
    }

    /** A row of {@code table} at {@code time} is now held locally. */
    public void seen(HistoryTable table, long time) {
        int i = table.ordinal();
        long e = earliest.get(i);
        while (time < e && !earliest.compareAndSet(i, e, time)) {
            e = earliest.get(i);
        }
    }

    /**
     * Sets every table's from what DuckDB and the cold tier (the manifest's {@code min_time}) hold, on a
     * connection of that database; {@code coldDir} is not read.
     */
    public void load(Connection duckDb, Path coldDir) throws SQLException {
        for (HistoryTable t : HistoryTable.values()) {
            reload(duckDb, t);
        }
    }

    /**
     * Sets {@code table}'s alone from what DuckDB and the cold manifest hold, after retention dropped some
     * of it: the other tables keep theirs (and what their hot tier lowered them by meanwhile).
     */
    public void reload(Connection duckDb, HistoryTable table) throws SQLException {
        long found = Long.MAX_VALUE;
        try (Statement s = duckDb.createStatement();
             ResultSet rs = s.executeQuery("SELECT epoch_us(min(" + table.timeColumn() + ")) FROM " + table.tableName())) {
            if (rs.next() && rs.getObject(1) != null) {
                found = rs.getLong(1);
            }
        }
        try (PreparedStatement s = duckDb.prepareStatement(EARLIEST_COLD)) {
            s.setString(1, table.tableName());
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next() && rs.getObject(1) != null) {
                    found = Math.min(found, rs.getLong(1));
                }
            }
        }
        earliest.set(table.ordinal(), found);
    }
}

package io.tickstore.store.read;

import io.tickstore.store.cold.ColdTable;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The earliest tick timestamp the local tiers (hot, warm DuckDB, cold Parquet) hold, in epoch
 * microseconds ({@code Long.MAX_VALUE}: none): where hybrid reads split a range between
 * {@link OlderHistory} and the local tiers. Kept, not scanned per query: {@link #load}ed from DuckDB and
 * the cold manifest at open and after cold retention drops partitions, lowered by every tick the hot
 * tier applies ({@link #seen}).
 */
public final class EarliestTick {
    /** The manifest's min_time is its file's verified minimum: no file is read (it may be only in S3). */
    private static final String EARLIEST_COLD = "SELECT epoch_us(min(min_time)) FROM cold_partitions WHERE table_name = '"
            + ColdTable.MARKET_TICKS.tableName() + "'";

    private final AtomicLong earliest = new AtomicLong(Long.MAX_VALUE);

    /** The earliest local tick time, or {@code Long.MAX_VALUE} when the local tiers hold no tick. */
    public long get() {
        return earliest.get();
    }

    /** A tick at {@code timestamp} is now held locally. */
    public void seen(long timestamp) {
        long e = earliest.get();
        while (timestamp < e && !earliest.compareAndSet(e, timestamp)) {
            e = earliest.get();
        }
    }

    /**
     * Sets it from what DuckDB ({@code market_ticks}) and the cold tier (the manifest's {@code min_time})
     * hold, on a connection of that database; {@code coldDir} is not read.
     */
    public void load(Connection duckDb, Path coldDir) throws SQLException {
        long found = Long.MAX_VALUE;
        try (Statement s = duckDb.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT epoch_us(min(timestamp)) FROM market_ticks")) {
                if (rs.next() && rs.getObject(1) != null) {
                    found = rs.getLong(1);
                }
            }
            try (ResultSet rs = s.executeQuery(EARLIEST_COLD)) {
                if (rs.next() && rs.getObject(1) != null) {
                    found = Math.min(found, rs.getLong(1));
                }
            }
        }
        earliest.set(found);
    }
}

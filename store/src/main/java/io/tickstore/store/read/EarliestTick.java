package io.tickstore.store.read;

import io.tickstore.store.cold.ColdLayout;
import io.tickstore.store.cold.ColdTable;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The earliest tick timestamp the local tiers (hot, warm DuckDB, cold Parquet) hold, in epoch
 * microseconds ({@code Long.MAX_VALUE}: none): where hybrid reads split a range between
 * {@link OlderHistory} and the local tiers. Kept, not scanned per query: {@link #load}ed from DuckDB and
 * the cold manifest at open and after cold retention drops partitions, lowered by every tick the hot
 * tier applies ({@link #seen}).
 */
public final class EarliestTick {
    private static final String EARLIEST_COLD_FILES = "SELECT path FROM cold_partitions WHERE table_name = '"
            + ColdTable.MARKET_TICKS.tableName() + "' AND day = (SELECT min(day) FROM cold_partitions WHERE table_name = '"
            + ColdTable.MARKET_TICKS.tableName() + "')";

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
     * Sets it from what DuckDB ({@code market_ticks}) and the cold tier (the files of the manifest's
     * earliest day, whose Parquet statistics answer the min) hold, on a connection of that database.
     */
    public void load(Connection duckDb, Path coldDir) throws SQLException {
        long found = Long.MAX_VALUE;
        try (Statement s = duckDb.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT epoch_us(min(timestamp)) FROM market_ticks")) {
                if (rs.next() && rs.getObject(1) != null) {
                    found = rs.getLong(1);
                }
            }
            List<Path> files = new ArrayList<>();
            try (ResultSet rs = s.executeQuery(EARLIEST_COLD_FILES)) {
                while (rs.next()) {
                    files.add(ColdLayout.resolve(coldDir.toAbsolutePath(), rs.getString(1)));
                }
            }
            if (!files.isEmpty()) {
                try (ResultSet rs = s.executeQuery("SELECT epoch_us(min(timestamp)) FROM " + ColdLayout.readParquet(files))) {
                    if (rs.next() && rs.getObject(1) != null) {
                        found = Math.min(found, rs.getLong(1));
                    }
                }
            }
        }
        earliest.set(found);
    }
}

package io.tickstore.lifecycle.retention;

import io.tickstore.lifecycle.cold.Partition;
import io.tickstore.store.cold.ColdTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Retention of the cold tier ({@code lifecycle.cold_retention_days}): whole partitions whose UTC day is
 * older than the newest N days, counted back from a reference the caller gives (the earlier of the
 * wall clock and the newest row, so one row stamped 2100 deletes nothing). A drop deletes the
 * manifest rows and retires their files in one transaction; the files go once no reader's snapshot can
 * name them. Partitions still warm are not touched: they move first, then age out here.
 */
public final class ColdRetention {
    private static final long DAY_MICROS = 86_400_000_000L;
    private static final String DUE_SQL = "SELECT exchange, day, path FROM cold_partitions WHERE table_name = ? "
            + "AND day < ? ORDER BY day, exchange";

    private final Connection connection;
    private final int days;

    /** {@code days}: 0 keeps everything. */
    public ColdRetention(Connection connection, int days) {
        this.connection = connection;
        this.days = days;
    }

    /** The cold partitions of {@code table} past retention at {@code referenceMicros} (none when days is 0). */
    public List<Partition> due(ColdTable table, long referenceMicros) throws SQLException {
        List<Partition> out = new ArrayList<>();
        for (Due d : dueRows(table, referenceMicros)) {
            out.add(d.partition);
        }
        return out;
    }

    /** Drops what {@link #due} lists, in one transaction; returns it. */
    public List<Partition> drop(ColdTable table, long referenceMicros) throws SQLException {
        List<Partition> dropped = new ArrayList<>();
        try (Statement s = connection.createStatement()) {
            s.execute("BEGIN TRANSACTION");
            boolean committed = false;
            try {
                for (Due d : dueRows(table, referenceMicros)) {
                    try (PreparedStatement del = connection.prepareStatement(
                            "DELETE FROM cold_partitions WHERE table_name = ? AND exchange = ? AND day = ?")) {
                        del.setString(1, table.tableName());
                        del.setString(2, d.partition.exchange());
                        del.setObject(3, d.partition.day());
                        del.executeUpdate();
                    }
                    try (PreparedStatement retire = connection.prepareStatement(
                            "INSERT INTO cold_files_retired VALUES (?, now()::TIMESTAMP)")) {
                        retire.setString(1, d.path);
                        retire.executeUpdate();
                    }
                    dropped.add(d.partition);
                }
                s.execute("COMMIT");
                committed = true;
            } finally {
                if (!committed) {
                    s.execute("ROLLBACK");
                }
            }
        }
        return dropped;
    }

    private List<Due> dueRows(ColdTable table, long referenceMicros) throws SQLException {
        List<Due> out = new ArrayList<>();
        if (days == 0) {
            return out;
        }
        LocalDate keepFrom = LocalDate.ofEpochDay(Math.floorDiv(referenceMicros, DAY_MICROS) - days + 1);
        try (PreparedStatement s = connection.prepareStatement(DUE_SQL)) {
            s.setString(1, table.tableName());
            s.setObject(2, keepFrom);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Due(new Partition(table, rs.getString(1), rs.getObject(2, LocalDate.class)),
                            rs.getString(3)));
                }
            }
        }
        return out;
    }

    private record Due(Partition partition, String path) {
    }
}

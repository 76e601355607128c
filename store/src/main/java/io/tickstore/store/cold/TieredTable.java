package io.tickstore.store.cold;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A table read across the warm and cold tiers: the FROM source a store-side reader uses instead of the
 * bare table name. The manifest ({@code cold_partitions}) is read in the caller's transaction, the
 * same snapshot as the warm rows, and a move inserts the manifest row and deletes the warm rows in one
 * transaction: so each row is read from exactly one tier, whenever the read happens relative to a
 * move. A file a later version replaced stays on disk a while ({@code cold_files_retired}) for
 * snapshots that still name it.
 */
public final class TieredTable {
    private static final String MANIFEST_SQL = "SELECT p.path, o.state = 's3-only', o.object_key, o.bytes, o.sha256 "
            + "FROM cold_partitions p LEFT JOIN cold_objects o ON o.path = p.path WHERE p.table_name = ? "
            + "AND p.exchange = ? AND p.day >= CAST(make_timestamp(?) AS DATE) "
            + "AND p.day <= CAST(make_timestamp(?) AS DATE)"; // no ORDER BY: a quarter of its time; sorted below

    private final ColdTable table;
    private final Path coldDir;
    private final RemoteColdFiles remote;

    /** Without an S3 copy. */
    public TieredTable(ColdTable table, Path coldDir) {
        this(table, coldDir, RemoteColdFiles.NONE);
    }

    /** {@code remote}: where the files of S3-only partitions come from. */
    public TieredTable(ColdTable table, Path coldDir, RemoteColdFiles remote) {
        this.table = table;
        this.coldDir = coldDir.toAbsolutePath();
        this.remote = remote;
    }

    /**
     * A FROM source, and the boolean expressions a select list adds to tell per row whether it was read
     * from a cold file ({@code false} when no cold file is read) and whether that file is a partition's
     * held only in S3, read through the local object cache ({@code false} when none is read).
     */
    public record Source(String from, String fromCold, String fromS3) {
    }

    /**
     * The FROM source for the rows of {@code exchange} with {@code from <= time < to} (epoch microseconds,
     * already clamped to what DuckDB accepts), as of {@code c}'s transaction: the bare table when no cold
     * partition overlaps, else a subquery with the table's columns and {@code from_cold} and
     * {@code from_s3} columns (aliased as the table) that adds the cold files of the overlapping days. The
     * caller's WHERE still filters the range. The SQL depends only on the files read, so a caller may keep
     * the statement for the next read of the same days. A partition
     * only in S3 is fetched into the local cache first ({@link ColdObjectUnavailableException} when it
     * cannot be).
     */
    public Source source(Connection c, String exchange, long from, long to) throws SQLException {
        Source warmOnly = new Source(table.tableName(), "false", "false");
        if (to <= from) {
            return warmOnly;
        }
        List<Path> local = new ArrayList<>();
        List<Path> fromS3 = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(MANIFEST_SQL)) {
            s.setString(1, table.tableName());
            s.setString(2, exchange);
            s.setLong(3, from);
            s.setLong(4, to - 1);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    if (rs.getBoolean(2)) {
                        fromS3.add(remote.local(new ColdObject(rs.getString(1), rs.getString(3), rs.getLong(4),
                                rs.getString(5))));
                    } else {
                        local.add(ColdLayout.resolve(coldDir, rs.getString(1)));
                    }
                }
            }
        }
        if (local.isEmpty() && fromS3.isEmpty()) {
            return warmOnly;
        }
        local.sort(null); // the same days give the same SQL, which a caller may have kept prepared
        fromS3.sort(null);
        StringBuilder union = new StringBuilder("(SELECT ").append(table.warmColumns())
                .append(", false AS from_cold, false AS from_s3 FROM ").append(table.tableName());
        if (!local.isEmpty()) {
            union.append(" UNION ALL SELECT ").append(table.fileAsWarm(exchange))
                    .append(", true AS from_cold, false AS from_s3 FROM ").append(ColdLayout.readParquet(local));
        }
        if (!fromS3.isEmpty()) {
            union.append(" UNION ALL SELECT ").append(table.fileAsWarm(exchange))
                    .append(", true AS from_cold, true AS from_s3 FROM ").append(ColdLayout.readParquet(fromS3));
        }
        union.append(") AS ").append(table.tableName());
        return new Source(union.toString(), "from_cold", "from_s3");
    }
}

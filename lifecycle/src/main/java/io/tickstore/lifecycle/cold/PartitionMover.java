package io.tickstore.lifecycle.cold;

import io.tickstore.store.cold.ColdLayout;
import io.tickstore.store.cold.ColdObject;
import io.tickstore.store.cold.RemoteColdFiles;
import io.tickstore.store.cold.ColdTable;
import io.tickstore.store.cold.SqlLiteral;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves one partition from the warm tier (DuckDB) to the cold tier, on the mover's own connection to
 * the store's database (beside the DuckDB sink's, which keeps appending meanwhile).
 *
 * <p>Everything happens in one DuckDB transaction: the rows are read from its snapshot, written to
 * {@code vN.parquet.tmp} with {@code COPY}, flushed and renamed to {@code vN.parquet}, re-read and
 * matched against the snapshot (rows, min/max time, checksum), then the manifest row is inserted and
 * exactly the snapshot's rows deleted, and the transaction commits. Rows the sink appends meanwhile are
 * not in the snapshot, so they stay warm (late rows: the next move merges them into version N+1).
 * The commit is the one moment the partition changes tier: a kill -9 before it leaves it warm (its
 * file is in no manifest and start-up deletes it), after it cold.
 */
public final class PartitionMover {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionMover.class);
    private static final String MANIFEST_ROW = "SELECT version, p.path, rows, epoch_us(min_time), epoch_us(max_time), "
            + "CAST(checksum AS VARCHAR), o.state = 's3-only', o.object_key, o.bytes, o.sha256 FROM cold_partitions p "
            + "LEFT JOIN cold_objects o ON o.path = p.path WHERE table_name = ? AND exchange = ? AND day = ?";
    private static final String INSERT_MANIFEST = "INSERT INTO cold_partitions VALUES (?, ?, ?, ?, ?, ?, ?, "
            + "make_timestamp(?), make_timestamp(?), CAST(? AS HUGEINT), now()::TIMESTAMP)";

    private static final java.util.regex.Pattern VERSION = java.util.regex.Pattern.compile("v([0-9]+)\\.parquet");

    private final Connection connection;
    private final Path coldDir;
    private final int rowGroupRows;
    private final MoveMetrics metrics;
    private final MoveStep pauseAfter;
    private final RemoteColdFiles remote;

    /** {@code connection}: the mover's own connection on the store's database, used by this thread only. */
    public PartitionMover(Connection connection, Path coldDir, int rowGroupRows, MoveMetrics metrics) {
        this(connection, coldDir, rowGroupRows, metrics, RemoteColdFiles.NONE);
    }

    /** {@code remote}: where the current version of a partition only in S3 is fetched from, to merge late rows. */
    public PartitionMover(Connection connection, Path coldDir, int rowGroupRows, MoveMetrics metrics,
                          RemoteColdFiles remote) {
        this.connection = connection;
        this.coldDir = coldDir.toAbsolutePath();
        this.rowGroupRows = rowGroupRows;
        this.metrics = metrics;
        this.pauseAfter = MoveStep.pauseStep();
        this.remote = remote;
    }

    /** What one move did. */
    public record Moved(Partition partition, int version, long rows, long lateRows, long bytes, String path) {
    }

    /** Moves the partition's warm rows into its next cold version; null when it has none. */
    public Moved move(Partition p) throws SQLException, IOException {
        long start = System.nanoTime();
        ColdTable table = p.table();
        String warmRows = " FROM " + table.tableName() + " WHERE exchange = " + SqlLiteral.quote(p.exchange()) + " AND "
                + table.timeColumn() + " >= make_timestamp(" + p.startMicros() + ") AND " + table.timeColumn()
                + " < make_timestamp(" + p.endMicros() + ")";
        Path temporary = null;
        Path file = null;
        boolean committed = false;
        try (Statement s = connection.createStatement()) {
            s.execute("BEGIN TRANSACTION");
            try {
                ContentSummary warm = summary(s, "SELECT " + table.contentSummary() + warmRows);
                if (warm.rows() == 0) {
                    return null;
                }
                Previous previous = previous(p);
                int version = Math.max(previous == null ? 0 : previous.version, retiredVersion(p)) + 1;
                String relative = ColdLayout.relativePath(table, p.exchange(), p.day(), version);
                file = ColdLayout.resolve(coldDir, relative);
                temporary = file.resolveSibling(file.getFileName() + ColdLayout.TEMPORARY_SUFFIX);
                Files.createDirectories(file.getParent());
                Files.deleteIfExists(temporary);
                Files.deleteIfExists(file);
                String source = "SELECT " + table.warmAsFile() + warmRows;
                if (previous != null) {
                    source += " UNION ALL SELECT * FROM " + ColdLayout.readParquet(List.of(previous.file));
                }
                s.execute("COPY (" + source + " ORDER BY " + table.sortOrder() + ") TO "
                        + SqlLiteral.quote(temporary.toString()) + " (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE "
                        + rowGroupRows + ")");
                reached(MoveStep.WRITTEN, p);
                force(temporary);
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
                force(file.getParent());
                reached(MoveStep.RENAMED, p);
                ContentSummary expected = previous == null ? warm : warm.plus(previous.summary);
                ContentSummary written = summary(s, "SELECT " + table.contentSummary() + " FROM "
                        + ColdLayout.readParquet(List.of(file)));
                if (!written.equals(expected)) {
                    throw new IllegalStateException("partition " + p + ": the written file " + file
                            + " does not match the rows it was written from: expected " + expected + ", read " + written);
                }
                reached(MoveStep.VERIFIED, p);
                long bytes = Files.size(file);
                record(p, previous, version, relative, written, bytes);
                reached(MoveStep.RECORDED, p);
                int deleted = s.executeUpdate("DELETE" + warmRows);
                if (deleted != warm.rows()) {
                    throw new IllegalStateException("partition " + p + ": deleted " + deleted + " warm rows, expected "
                            + warm.rows());
                }
                if (table == ColdTable.MARKET_TICKS) {
                    // The day's stored bars go with its ticks: readers build a cold day's bars from its ticks.
                    s.executeUpdate("DELETE FROM ohlcv_bars WHERE exchange = " + SqlLiteral.quote(p.exchange())
                            + " AND bucket_start >= make_timestamp(" + p.startMicros() + ") AND bucket_start < make_timestamp("
                            + p.endMicros() + ")");
                }
                reached(MoveStep.DELETED, p);
                s.execute("COMMIT");
                committed = true;
                reached(MoveStep.COMMITTED, p);
                long late = previous == null ? 0 : warm.rows();
                metrics.moved(warm.rows(), bytes, late, System.nanoTime() - start);
                LOG.info("moved {} to the cold tier: version {}, {} rows ({} late), {} bytes, in {} ms", p, version,
                        written.rows(), late, bytes, (System.nanoTime() - start) / 1_000_000);
                return new Moved(p, version, written.rows(), late, bytes, relative);
            } finally {
                if (!committed) {
                    rollback(s);
                    deleteQuietly(temporary);
                    deleteQuietly(file);
                }
            }
        }
    }

    private static ContentSummary summary(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return ContentSummary.read(rs);
        }
    }

    /** The partition's current cold version, as the manifest in this transaction says; null if none. */
    private Previous previous(Partition p) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(MANIFEST_ROW)) {
            s.setString(1, p.table().tableName());
            s.setString(2, p.exchange());
            s.setObject(3, p.day());
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Path file = rs.getBoolean(7)
                        ? remote.local(new ColdObject(rs.getString(2), rs.getString(8), rs.getLong(9), rs.getString(10)))
                        : ColdLayout.resolve(coldDir, rs.getString(2));
                return new Previous(rs.getInt(1), rs.getString(2), file,
                        new ContentSummary(rs.getLong(3), rs.getLong(4), rs.getLong(5),
                                new java.math.BigInteger(rs.getString(6))));
            }
        }
    }

    /**
     * The highest version among the partition's retired files (0 if none): a new version never takes
     * the name of a file waiting to be deleted (after retention dropped the partition, late rows start
     * it again).
     */
    private int retiredVersion(Partition p) throws SQLException {
        String prefix = ColdLayout.relativePath(p.table(), p.exchange(), p.day(), 0);
        prefix = prefix.substring(0, prefix.lastIndexOf('/') + 1);
        int highest = 0;
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT path FROM cold_files_retired WHERE starts_with(path, ?)")) {
            s.setString(1, prefix);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    java.util.regex.Matcher m = VERSION.matcher(rs.getString(1).substring(prefix.length()));
                    if (m.matches()) {
                        highest = Math.max(highest, Integer.parseInt(m.group(1)));
                    }
                }
            }
        }
        return highest;
    }

    private void record(Partition p, Previous previous, int version, String relative, ContentSummary written, long bytes)
            throws SQLException {
        if (previous != null) {
            try (PreparedStatement s = connection.prepareStatement(
                    "DELETE FROM cold_partitions WHERE table_name = ? AND exchange = ? AND day = ?")) {
                s.setString(1, p.table().tableName());
                s.setString(2, p.exchange());
                s.setObject(3, p.day());
                s.executeUpdate();
            }
            try (PreparedStatement s = connection.prepareStatement(
                    "INSERT INTO cold_files_retired VALUES (?, now()::TIMESTAMP)")) {
                s.setString(1, previous.relative);
                s.executeUpdate();
            }
        }
        try (PreparedStatement s = connection.prepareStatement(INSERT_MANIFEST)) {
            s.setString(1, p.table().tableName());
            s.setString(2, p.exchange());
            s.setObject(3, p.day());
            s.setInt(4, version);
            s.setString(5, relative);
            s.setLong(6, written.rows());
            s.setLong(7, bytes);
            s.setLong(8, written.minTime());
            s.setLong(9, written.maxTime());
            s.setString(10, written.checksum().toString());
            s.executeUpdate();
        }
    }

    private void reached(MoveStep step, Partition p) {
        step.reached(pauseAfter, p);
    }

    /** Flushes a file (or directory) to disk. */
    private static void force(Path path) throws IOException {
        try (FileChannel c = FileChannel.open(path, StandardOpenOption.READ)) {
            c.force(true);
        }
    }

    private static void rollback(Statement s) {
        try {
            s.execute("ROLLBACK");
        } catch (SQLException e) {
            // no transaction open (it committed, or BEGIN failed)
        }
    }

    private static void deleteQuietly(Path path) {
        if (path == null) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("could not delete {} after a failed move: {} (start-up deletes it)", path, e.toString());
        }
    }

    private record Previous(int version, String relative, Path file, ContentSummary summary) {
    }
}

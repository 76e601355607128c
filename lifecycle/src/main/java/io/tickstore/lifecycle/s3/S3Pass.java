package io.tickstore.lifecycle.s3;

import io.tickstore.config.S3Config;
import io.tickstore.lifecycle.cold.MoveStep;
import io.tickstore.lifecycle.cold.Partition;
import io.tickstore.store.cold.ColdLayout;
import io.tickstore.store.cold.ColdTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The S3 part of a lifecycle pass, on the mover's connection and thread. In order:
 * <ol>
 *   <li>abort incomplete multipart uploads under the prefix (left by a kill -9 mid-upload);</li>
 *   <li>delete the objects of {@code cold_objects} rows whose file left the manifest (a newer version
 *       replaced it, or retention dropped it), then the rows;</li>
 *   <li>delete the local files of S3-only partitions once no reader's snapshot can still name them;</li>
 *   <li>upload every {@code local} cold partition, oldest first: SHA-256 of the file, PUT (or multipart)
 *       with it as metadata, verify (size, metadata, content re-read), then insert its row
 *       ({@code uploaded}) — the first moment it counts as in S3;</li>
 *   <li>set {@code s3-only} on uploaded partitions older than {@code local_cold_days};</li>
 *   <li>S3 retention: drop partitions in S3 older than {@code s3_retention_days} from the manifest
 *       (their objects go at step 2 of the next pass).</li>
 * </ol>
 * Days count back from the reference the pass gives (min(wall clock, newest data)). When S3 fails or the
 * breaker is open the rest is skipped ({@link Result#paused}); nothing local changes, and the schedule
 * retries with backoff. Crash tests pause at {@link MoveStep#UPLOADED}, {@link MoveStep#UPLOAD_VERIFIED},
 * {@link MoveStep#UPLOAD_RECORDED} and {@link MoveStep#LOCAL_DROPPED}.
 */
public final class S3Pass {
    private static final Logger LOG = LoggerFactory.getLogger(S3Pass.class);
    private static final long DAY_MICROS = 86_400_000_000L;

    private final Connection connection;
    private final Path coldDir;
    private final S3Config config;
    private final S3Bucket bucket;
    private final S3Metrics metrics;
    private final MoveStep pauseAfter = MoveStep.pauseStep();

    /** The day retention and local_cold_days count back from, per table (epoch microseconds). */
    public interface Reference {
        long micros(ColdTable table) throws SQLException;
    }

    /** What the S3 part of a pass did; {@code paused}: S3 failed or was unreachable, the rest waits. */
    public record Result(List<String> uploaded, List<Partition> localDropped, List<Partition> dropped,
                         int objectsDeleted, boolean paused, String failure) {
    }

    public S3Pass(Connection connection, Path coldDir, S3Config config, S3Bucket bucket, S3Metrics metrics) {
        this.connection = connection;
        this.coldDir = coldDir.toAbsolutePath();
        this.config = config;
        this.bucket = bucket;
        this.metrics = metrics;
    }

    /**
     * Runs the S3 steps. {@code localKeepMicros}: an S3-only partition's local file is deleted once it has
     * been S3-only this long (0 right after start-up, when no reader holds an old snapshot).
     */
    public Result run(Reference reference, long localKeepMicros) throws SQLException {
        List<String> uploaded = new ArrayList<>();
        List<Partition> localDropped = new ArrayList<>();
        List<Partition> dropped = new ArrayList<>();
        int deleted = 0;
        try {
            deleteLocalCopies(localKeepMicros);
            if (!bucket.permitsCalls()) {
                return new Result(uploaded, localDropped, dropped, deleted, true, "circuit breaker open");
            }
            bucket.abortIncompleteUploads();
            deleted = deleteReplacedObjects();
            for (Local l : localPartitions()) {
                upload(l);
                uploaded.add(l.path);
            }
            for (ColdTable table : ColdTable.values()) {
                long ref = reference.micros(table);
                if (config.retentionDays() > 0) {
                    dropped.addAll(dropPastRetention(table, keepFrom(ref, config.retentionDays())));
                }
                localDropped.addAll(dropLocal(table, keepFrom(ref, config.localColdDays())));
            }
            if (!dropped.isEmpty()) {
                deleted += deleteReplacedObjects();
            }
            if (localKeepMicros == 0) {
                deleteLocalCopies(0);
            }
            return new Result(uploaded, localDropped, dropped, deleted, false, null);
        } catch (SQLException e) {
            throw e;
        } catch (Exception e) {
            metrics.failed();
            LOG.warn("S3 (bucket {}): {}; uploads pause and are retried with backoff, local reads are unaffected",
                    bucket.name(), e.toString());
            return new Result(uploaded, localDropped, dropped, deleted, true, e.toString());
        } finally {
            refreshMetrics();
        }
    }

    /** Days before this one (epoch day of the reference, minus days, plus one) are due. */
    private static LocalDate keepFrom(long referenceMicros, int days) {
        return LocalDate.ofEpochDay(Math.floorDiv(referenceMicros, DAY_MICROS) - days + 1);
    }

    private void upload(Local l) throws Exception {
        Path file = ColdLayout.resolve(coldDir, l.path);
        long bytes = Files.size(file);
        String sha256 = S3Bucket.sha256(file);
        String key = bucket.key(l.path);
        bucket.put(key, file, sha256);
        MoveStep.UPLOADED.reached(pauseAfter, l.partition);
        bucket.verify(key, bytes, sha256);
        MoveStep.UPLOAD_VERIFIED.reached(pauseAfter, l.partition);
        try (PreparedStatement s = connection.prepareStatement(
                "INSERT INTO cold_objects VALUES (?, ?, ?, ?, 'uploaded', now()::TIMESTAMP, NULL)")) {
            s.setString(1, l.path);
            s.setString(2, key);
            s.setLong(3, bytes);
            s.setString(4, sha256);
            s.executeUpdate();
        }
        metrics.uploaded(bytes);
        MoveStep.UPLOAD_RECORDED.reached(pauseAfter, l.partition);
        LOG.info("uploaded {} to s3://{}/{} ({} bytes, sha256 {}), verified", l.partition, bucket.name(), key, bytes,
                sha256);
    }

    /** Cold partitions with no S3 copy yet, oldest day first. */
    private List<Local> localPartitions() throws SQLException {
        List<Local> out = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT table_name, exchange, day, p.path FROM cold_partitions p "
                     + "WHERE NOT EXISTS (SELECT 1 FROM cold_objects o WHERE o.path = p.path) ORDER BY day, table_name, "
                     + "exchange")) {
            while (rs.next()) {
                out.add(new Local(new Partition(table(rs.getString(1)), rs.getString(2),
                        rs.getObject(3, LocalDate.class)), rs.getString(4)));
            }
        }
        return out;
    }

    /** Uploaded partitions of {@code table} before {@code keepFrom} become S3-only, one commit each. */
    private List<Partition> dropLocal(ColdTable table, LocalDate keepFrom) throws SQLException {
        List<Partition> out = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement("SELECT exchange, day, p.path FROM cold_partitions p "
                + "JOIN cold_objects o ON o.path = p.path WHERE table_name = ? AND o.state = 'uploaded' AND day < ? "
                + "ORDER BY day, exchange")) {
            s.setString(1, table.tableName());
            s.setObject(2, keepFrom);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Partition p = new Partition(table, rs.getString(1), rs.getObject(2, LocalDate.class));
                    try (PreparedStatement u = connection.prepareStatement("UPDATE cold_objects SET state = 's3-only', "
                            + "local_dropped_at = now()::TIMESTAMP WHERE path = ?")) {
                        u.setString(1, rs.getString(3));
                        u.executeUpdate();
                    }
                    metrics.localDropped();
                    MoveStep.LOCAL_DROPPED.reached(pauseAfter, p);
                    out.add(p);
                }
            }
        }
        return out;
    }

    /** Deletes local files of S3-only partitions that have been S3-only at least {@code keepMicros}. */
    private void deleteLocalCopies(long keepMicros) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT path FROM cold_objects WHERE state = 's3-only' "
                + "AND local_dropped_at <= now()::TIMESTAMP - to_microseconds(?)")) {
            s.setLong(1, keepMicros);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Path file = ColdLayout.resolve(coldDir, rs.getString(1));
                    try {
                        if (Files.deleteIfExists(file)) {
                            LOG.info("deleted the local copy {}: the partition is in S3 only", file);
                        }
                    } catch (java.io.IOException e) {
                        LOG.warn("could not delete {}: {}; the next pass retries", file, e.toString());
                    }
                }
            }
        }
    }

    /** Deletes the objects whose file is no longer in the manifest, then their rows; returns how many. */
    private int deleteReplacedObjects() throws Exception {
        List<String[]> gone = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT path, object_key FROM cold_objects o WHERE NOT EXISTS "
                     + "(SELECT 1 FROM cold_partitions p WHERE p.path = o.path)")) {
            while (rs.next()) {
                gone.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        for (String[] g : gone) {
            bucket.delete(g[1]);
            try (PreparedStatement s = connection.prepareStatement("DELETE FROM cold_objects WHERE path = ?")) {
                s.setString(1, g[0]);
                s.executeUpdate();
            }
            metrics.objectDeleted();
            LOG.info("deleted s3://{}/{}: its partition was replaced or dropped", bucket.name(), g[1]);
        }
        return gone.size();
    }

    /**
     * Drops partitions of {@code table} in S3 older than {@code keepFrom} from the manifest (one transaction);
     * their local files are retired like replaced ones, their objects deleted by the next pass.
     */
    private List<Partition> dropPastRetention(ColdTable table, LocalDate keepFrom) throws SQLException {
        List<Partition> out = new ArrayList<>();
        try (Statement tx = connection.createStatement()) {
            tx.execute("BEGIN TRANSACTION");
            boolean committed = false;
            try {
                List<String> paths = new ArrayList<>();
                try (PreparedStatement s = connection.prepareStatement("SELECT exchange, day, p.path FROM cold_partitions p "
                        + "JOIN cold_objects o ON o.path = p.path WHERE table_name = ? AND day < ? ORDER BY day, exchange")) {
                    s.setString(1, table.tableName());
                    s.setObject(2, keepFrom);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            out.add(new Partition(table, rs.getString(1), rs.getObject(2, LocalDate.class)));
                            paths.add(rs.getString(3));
                        }
                    }
                }
                for (String path : paths) {
                    try (PreparedStatement d = connection.prepareStatement("DELETE FROM cold_partitions WHERE path = ?")) {
                        d.setString(1, path);
                        d.executeUpdate();
                    }
                    try (PreparedStatement r = connection.prepareStatement(
                            "INSERT INTO cold_files_retired VALUES (?, now()::TIMESTAMP)")) {
                        r.setString(1, path);
                        r.executeUpdate();
                    }
                }
                tx.execute("COMMIT");
                committed = true;
            } finally {
                if (!committed) {
                    tx.execute("ROLLBACK");
                }
            }
        }
        if (!out.isEmpty()) {
            LOG.info("S3 retention ({} days) dropped {} partitions of {}", config.retentionDays(), out.size(),
                    table.tableName());
        }
        return out;
    }

    private void refreshMetrics() throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FILTER (WHERE state = 'uploaded'), "
                     + "count(*) FILTER (WHERE state = 's3-only') FROM cold_objects o WHERE EXISTS "
                     + "(SELECT 1 FROM cold_partitions p WHERE p.path = o.path)")) {
            rs.next();
            metrics.partitions(rs.getLong(1), rs.getLong(2));
        }
    }

    private static ColdTable table(String name) {
        for (ColdTable t : ColdTable.values()) {
            if (t.tableName().equals(name)) {
                return t;
            }
        }
        throw new IllegalStateException("cold_partitions names an unknown table " + name);
    }

    private record Local(Partition partition, String path) {
    }
}

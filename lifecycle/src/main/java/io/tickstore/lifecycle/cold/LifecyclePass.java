package io.tickstore.lifecycle.cold;

import io.tickstore.config.LifecycleConfig;
import io.tickstore.lifecycle.retention.ColdRetention;
import io.tickstore.lifecycle.s3.S3Pass;
import io.tickstore.lifecycle.s3.S3Tier;
import io.tickstore.store.cold.RemoteColdFiles;
import io.tickstore.store.cold.ColdTable;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One lifecycle pass: clean up, then move every partition that is due from the warm tier to the cold
 * tier, oldest first. A partition is due when it is sealed (its UTC day ended at least
 * {@code seal_grace_minutes} ago by the wall clock) and older than the {@code warm_days} newest days,
 * counted back from the earlier of the wall clock and the newest stored row (so a row stamped in the
 * far future moves nothing early). A partition already cold with warm rows (late rows) is due again:
 * its next version merges them. Then cold partitions past {@code cold_retention_days} (counted back
 * from the same reference) are dropped. With S3, the moves are followed by the S3 steps ({@link S3Pass}):
 * uploads, dropping local copies after {@code local_cold_days}, S3 retention. Runs on one thread; a failed
 * move leaves its partition warm and the pass goes on with the next.
 */
public final class LifecyclePass {
    private static final Logger LOG = LoggerFactory.getLogger(LifecyclePass.class);
    private static final long DAY_MICROS = 86_400_000_000L;
    /** Replaced files are kept this long for reader snapshots that may still name them. */
    private static final long RETIRED_KEEP_MICROS = 10 * 60 * 1_000_000L;

    private final Connection connection;
    private final LifecycleConfig config;
    private final Clock clock;
    private final PartitionMover mover;
    private final ColdCleanup cleanup;
    private final MoveMetrics metrics;
    private final ColdRetention retention;
    private final S3Pass s3;
    private volatile S3Pass.Result lastS3;
    private boolean first = true;

    /**
     * @param connection the mover's own connection on the store's database
     * @param coldDir    the cold directory (resolved against the data directory)
     */
    public LifecyclePass(Connection connection, LifecycleConfig config, java.nio.file.Path coldDir, Clock clock,
                         MoveMetrics metrics) {
        this(connection, config, coldDir, clock, metrics, null);
    }

    /** {@code s3}: the cold tier's S3 copy (uploads after the moves of each pass), or null for none. */
    public LifecyclePass(Connection connection, LifecycleConfig config, java.nio.file.Path coldDir, Clock clock,
                         MoveMetrics metrics, S3Tier s3) {
        this.connection = connection;
        this.config = config;
        this.clock = clock;
        this.metrics = metrics;
        this.mover = new PartitionMover(connection, coldDir, config.rowGroupRows(), metrics,
                s3 == null ? RemoteColdFiles.NONE : s3.cache());
        this.cleanup = new ColdCleanup(connection, coldDir);
        this.retention = new ColdRetention(connection, config.coldRetentionDays());
        this.s3 = s3 == null ? null : new S3Pass(connection, coldDir, s3.config(), s3.bucket(), s3.metrics());
    }

    /** What the S3 part of the last pass did; null without S3 or before the first pass. */
    public S3Pass.Result lastS3() {
        return lastS3;
    }

    /** What a pass did. */
    public record Result(List<PartitionMover.Moved> moved, List<String> failed, List<Partition> dropped) {
    }

    /** Told how a pass goes (a command line's progress bar). */
    public interface Listener {
        /** The pass will try to move {@code partitions} partitions. */
        void starting(int partitions);

        /** One partition was moved, or failed ({@code moved} null), or had no warm rows left. */
        void done(Partition partition, PartitionMover.Moved moved);
    }

    private static final Listener SILENT = new Listener() {
        @Override
        public void starting(int partitions) {
        }

        @Override
        public void done(Partition partition, PartitionMover.Moved moved) {
        }
    };

    /** Runs one pass. */
    public Result run() throws SQLException, IOException {
        return run(SILENT);
    }

    /** Runs one pass, telling {@code listener} as it goes. */
    public synchronized Result run(Listener listener) throws SQLException, IOException {
        long keep = first ? 0 : RETIRED_KEEP_MICROS;
        cleanup.run(keep);
        first = false;
        List<PartitionMover.Moved> moved = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        List<Partition> due = due();
        listener.starting(due.size());
        for (Partition p : due) {
            PartitionMover.Moved m = null;
            try {
                m = mover.move(p);
                if (m != null) {
                    moved.add(m);
                }
            } catch (SQLException | IOException | RuntimeException e) {
                metrics.failed();
                failed.add(p + ": " + e.getMessage());
                LOG.warn("moving {} to the cold tier failed; it stays in DuckDB and the next pass retries", p, e);
            }
            listener.done(p, m);
        }
        if (s3 != null) {
            lastS3 = s3.run(this::reference, keep);
        }
        List<Partition> dropped = new ArrayList<>();
        for (ColdTable table : ColdTable.values()) {
            dropped.addAll(retention.drop(table, reference(table)));
        }
        metrics.dropped(dropped.size());
        refreshTierMetrics();
        return new Result(moved, failed, dropped);
    }

    /** The partitions due to move now, oldest day first. */
    public List<Partition> due() throws SQLException {
        long now = clock.millis() * 1000L;
        List<Partition> out = new ArrayList<>();
        for (ColdTable table : ColdTable.values()) {
            long reference = reference(table);
            long keepFrom = (Math.floorDiv(reference, DAY_MICROS) - config.warmDays() + 1) * DAY_MICROS;
            long sealedBefore = Math.floorDiv(now - config.sealGraceMinutes() * 60_000_000L, DAY_MICROS) * DAY_MICROS;
            long before = Math.min(keepFrom, sealedBefore);
            String t = table.timeColumn();
            try (PreparedStatement s = connection.prepareStatement("SELECT exchange, CAST(" + t + " AS DATE) AS day FROM "
                    + table.tableName() + " WHERE " + t + " < make_timestamp(?) GROUP BY ALL ORDER BY day, exchange")) {
                s.setLong(1, before);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Partition(table, rs.getString(1), rs.getObject(2, LocalDate.class)));
                    }
                }
            }
        }
        return out;
    }

    /** The cold partitions retention would drop now (after the moves due now). */
    public List<Partition> retentionDue() throws SQLException {
        List<Partition> out = new ArrayList<>();
        for (ColdTable table : ColdTable.values()) {
            out.addAll(retention.due(table, reference(table)));
        }
        return out;
    }

    /** The time warm_days and retention count back from: the earlier of the wall clock and the newest row. */
    private long reference(ColdTable table) throws SQLException {
        long now = clock.millis() * 1000L;
        long newest = newest(table);
        return Math.min(now, newest == Long.MIN_VALUE ? now : newest);
    }

    /** The newest time of the table's rows in either tier (epoch microseconds), or Long.MIN_VALUE. */
    private long newest(ColdTable table) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("WITH w AS (SELECT max(" + table.timeColumn() + ") AS t FROM "
                + table.tableName() + "), c AS (SELECT max(max_time) AS t FROM cold_partitions WHERE table_name = ?) "
                + "SELECT epoch_us(greatest(coalesce(w.t, c.t), coalesce(c.t, w.t))) FROM w, c")) {
            s.setString(1, table.tableName());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                long v = rs.getLong(1);
                return rs.wasNull() ? Long.MIN_VALUE : v;
            }
        }
    }

    private void refreshTierMetrics() throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), coalesce(sum(bytes), 0) FROM cold_partitions")) {
            rs.next();
            metrics.coldTier(rs.getLong(1), rs.getLong(2));
        }
    }
}

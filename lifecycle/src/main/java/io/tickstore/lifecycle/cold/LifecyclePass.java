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
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One lifecycle pass: clean up, then move every partition that is due ({@link MoveRule}) from the warm
 * tier to the cold tier, oldest first. A partition already cold with warm rows (late rows) is due again:
 * its next version merges them. Then cold partitions past {@code cold_retention_days} (counted back
 * from the same reference) are dropped. With S3, the moves are followed by the S3 steps ({@link S3Pass}):
 * uploads, dropping local copies after {@code local_cold_days}, S3 retention. Runs on one thread; a failed
 * move leaves its partition warm and the pass goes on with the next.
 */
public final class LifecyclePass {
    private static final Logger LOG = LoggerFactory.getLogger(LifecyclePass.class);
    /** Replaced files are kept this long for reader snapshots that may still name them. */
    private static final long RETIRED_KEEP_MICROS = 10 * 60 * 1_000_000L;

    private final Connection connection;
    private final MoveRule rule;
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
        this.rule = new MoveRule(config, clock);
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
        return new Result(moved, failed, dropped);
    }

    /** The partitions due to move now, oldest day first. */
    public List<Partition> due() throws SQLException {
        List<Partition> out = new ArrayList<>();
        for (ColdTable table : ColdTable.values()) {
            long before = rule.dueBefore(connection, table);
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

    private long reference(ColdTable table) throws SQLException {
        return rule.reference(connection, table);
    }
}

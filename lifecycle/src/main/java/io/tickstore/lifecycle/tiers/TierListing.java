package io.tickstore.lifecycle.tiers;

import io.tickstore.config.LifecycleConfig;
import io.tickstore.lifecycle.cold.MoveRule;
import io.tickstore.store.cold.ColdTable;
import io.tickstore.store.read.Tier;
import io.tickstore.store.ticks.TickHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * What each tier holds ({@code GET /api/v1/tiers}, the {@code tickstore_lifecycle_tier_*} metrics): the
 * partitions of every table that moves between tiers ({@link ColdTable}), warm from the table itself,
 * cold from the manifest, read on one connection (the caller's transaction makes it one snapshot: a
 * move inserts its manifest row and deletes its warm rows in one transaction, so no partition is
 * counted twice or missed). Warm partition states follow the pass's own rule ({@link MoveRule}).
 */
public final class TierListing {
    private static final String COLD_SQL = "SELECT table_name, exchange, day, rows, bytes FROM cold_partitions "
            + "ORDER BY day, table_name, exchange";

    private final MoveRule rule;
    private final Path database;

    /** {@code database}: the DuckDB file, whose size (with its write-ahead log) is the warm tier's bytes. */
    public TierListing(LifecycleConfig config, Path database, Clock clock) {
        this.rule = new MoveRule(config, clock);
        this.database = database;
    }

    /** Hot, warm and cold, in {@link Tier} order; {@code memory}: the hot tier's tick memory. */
    public List<TierContents> list(Connection c, TickHistory memory) throws SQLException {
        List<TierContents> out = new ArrayList<>();
        out.add(new TierContents(Tier.HOT, List.of(), memory.ticks(), memory.bytes(), null, null));
        out.add(warm(c));
        out.add(cold(c));
        return out;
    }

    /** Warm and cold only (the metrics: the hot tier has its own). */
    public List<TierContents> stored(Connection c) throws SQLException {
        return List.of(warm(c), cold(c));
    }

    private TierContents warm(Connection c) throws SQLException {
        List<TierPartition> partitions = new ArrayList<>();
        for (ColdTable table : ColdTable.values()) {
            long dueBefore = rule.dueBefore(c, table);
            String t = table.timeColumn();
            try (PreparedStatement s = c.prepareStatement("SELECT exchange, CAST(" + t + " AS DATE) AS day, count(*) "
                    + "FROM " + table.tableName() + " GROUP BY ALL ORDER BY day, exchange")) {
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        LocalDate day = rs.getObject(2, LocalDate.class);
                        String state = day.toEpochDay() * 86_400_000_000L < dueBefore ? "due"
                                : rule.sealed(day) ? "sealed" : "open";
                        partitions.add(new TierPartition(table.tableName(), rs.getString(1), day, rs.getLong(3), null,
                                state));
                    }
                }
            }
        }
        return contents(Tier.WARM, partitions, fileBytes(database) + fileBytes(database.resolveSibling(
                database.getFileName() + ".wal")));
    }

    private static TierContents cold(Connection c) throws SQLException {
        List<TierPartition> partitions = new ArrayList<>();
        long bytes = 0;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(COLD_SQL)) {
            while (rs.next()) {
                partitions.add(new TierPartition(rs.getString(1), rs.getString(2), rs.getObject(3, LocalDate.class),
                        rs.getLong(4), rs.getLong(5), "cold"));
                bytes += rs.getLong(5);
            }
        }
        return contents(Tier.COLD, partitions, bytes);
    }

    private static long fileBytes(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0; // a log file checkpointed away meanwhile
        }
    }

    private static TierContents contents(Tier tier, List<TierPartition> partitions, long bytes) {
        long rows = 0;
        LocalDate oldest = null;
        LocalDate newest = null;
        for (TierPartition p : partitions) {
            rows += p.rows();
            oldest = oldest == null || p.day().isBefore(oldest) ? p.day() : oldest;
            newest = newest == null || p.day().isAfter(newest) ? p.day() : newest;
        }
        return new TierContents(tier, partitions, rows, bytes, oldest, newest);
    }
}

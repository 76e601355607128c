package io.tickstore.lifecycle.cold;

import io.tickstore.config.LifecycleConfig;
import io.tickstore.store.cold.ColdTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;

/**
 * When a warm partition is due to move, in one place for the pass that moves it and for the listing
 * that reports it ({@code GET /api/v1/tiers}): its UTC day ended at least {@code seal_grace_minutes}
 * ago by the wall clock (sealed) and it is older than the {@code warm_days} newest days, counted back
 * from the reference, the earlier of the wall clock and the newest stored row (so a row stamped in the
 * far future moves nothing early).
 */
public final class MoveRule {
    private static final long DAY_MICROS = 86_400_000_000L;

    private final LifecycleConfig config;
    private final Clock clock;

    public MoveRule(LifecycleConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** Now by the wall clock, epoch microseconds. */
    public long nowMicros() {
        return clock.millis() * 1000L;
    }

    /** Partitions of {@code table} whose day starts before this (epoch microseconds) are due. */
    public long dueBefore(Connection c, ColdTable table) throws SQLException {
        long keepFrom = (Math.floorDiv(reference(c, table), DAY_MICROS) - config.warmDays() + 1) * DAY_MICROS;
        return Math.min(keepFrom, sealedBefore());
    }

    /** Days before this one (epoch microseconds) are sealed. */
    public long sealedBefore() {
        return Math.floorDiv(nowMicros() - config.sealGraceMinutes() * 60_000_000L, DAY_MICROS) * DAY_MICROS;
    }

    /** Whether {@code day} is sealed now. */
    public boolean sealed(LocalDate day) {
        return day.toEpochDay() * DAY_MICROS < sealedBefore();
    }

    /** The time warm_days and retention count back from: the earlier of the wall clock and the newest row. */
    public long reference(Connection c, ColdTable table) throws SQLException {
        long now = nowMicros();
        long newest = newest(c, table);
        return Math.min(now, newest == Long.MIN_VALUE ? now : newest);
    }

    /** The newest time of the table's rows in either tier (epoch microseconds), or Long.MIN_VALUE. */
    private static long newest(Connection c, ColdTable table) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("WITH w AS (SELECT max(" + table.timeColumn() + ") AS t FROM "
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
}

package io.tickstore.lifecycle.mirror;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mirror's versioned migrations in its PostgreSQL schema, recorded in {@code mirror_migrations};
 * each runs in its own transaction, under an advisory lock so that two processes never migrate at once.
 * Version 2 makes {@code market_ticks} a TimescaleDB hypertable where the {@code timescaledb} extension
 * is available, and gives it a BRIN index on {@code timestamp} otherwise. Version 3 adds DuckDB's
 * {@code make_timestamp(micros)}, so the store's readers' queries run here unchanged, indexes on the
 * time columns of orders and position_snapshots, and byte order (collation C) for orders.order_id, the
 * orders' tie-break (hybrid reads).
 */
public final class MirrorSchema {
    private static final Logger LOG = LoggerFactory.getLogger(MirrorSchema.class);
    private static final int LATEST = 3;

    private MirrorSchema() {
    }

    /** Creates {@code schema} if absent and brings it up to date; returns the versions applied now. */
    public static List<Integer> migrate(Connection c, String schema) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(hashtext('tickstore-mirror-migrate'))");
            s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
            s.execute("SET LOCAL search_path TO " + schema);
            s.execute("CREATE TABLE IF NOT EXISTS mirror_migrations (version integer PRIMARY KEY, "
                    + "description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
            int current;
            try (ResultSet rs = s.executeQuery("SELECT coalesce(max(version), 0) FROM mirror_migrations")) {
                rs.next();
                current = rs.getInt(1);
            }
            if (current > LATEST) {
                throw new SQLException("mirror schema " + schema + " is version " + current
                        + " but this build knows versions up to " + LATEST + "; use a newer tickstore");
            }
            List<Integer> applied = new ArrayList<>();
            if (current < 1) {
                s.execute(load("db/mirror/V1__mirror_tables.sql"));
                record(c, 1, "mirror tables");
                applied.add(1);
            }
            if (current < 2) {
                record(c, 2, timeIndex(s));
                applied.add(2);
            }
            if (current < 3) {
                s.execute(load("db/mirror/V3__hybrid_reads.sql"));
                record(c, 3, "hybrid reads: make_timestamp(bigint) as DuckDB's, time indexes on orders and "
                        + "position_snapshots, orders.order_id in byte order");
                applied.add(3);
            }
            c.commit();
            if (!applied.isEmpty()) {
                LOG.info("mirror schema {}: applied migrations {}", schema, applied);
            }
            return applied;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /** True when the server can create the {@code timescaledb} extension. */
    public static boolean timescaleAvailable(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'")) {
            return rs.next();
        }
    }

    private static String timeIndex(Statement s) throws SQLException {
        if (timescaleAvailable(s)) {
            s.execute("CREATE EXTENSION IF NOT EXISTS timescaledb");
            s.execute("SELECT create_hypertable('market_ticks', 'timestamp', migrate_data => true)");
            return "market_ticks as a TimescaleDB hypertable";
        }
        s.execute("CREATE INDEX market_ticks_timestamp_brin ON market_ticks USING brin (timestamp)");
        return "BRIN index on market_ticks.timestamp (no timescaledb extension)";
    }

    private static void record(Connection c, int version, String description) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO mirror_migrations (version, description) VALUES (?, ?)")) {
            p.setInt(1, version);
            p.setString(2, description);
            p.execute();
        }
    }

    private static String load(String resource) {
        try (InputStream in = MirrorSchema.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("mirror migration missing from the build: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read mirror migration " + resource, e);
        }
    }
}

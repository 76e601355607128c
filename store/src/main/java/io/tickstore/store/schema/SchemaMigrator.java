package io.tickstore.store.schema;

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
 * Applies the versioned migrations a database has not seen yet, each in its own transaction, and
 * records them in {@code schema_migrations}. A database newer than this build is refused.
 */
public final class SchemaMigrator {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

    /** Every migration, in version order. Add new ones at the end; never edit a released one. */
    public static final List<Migration> MIGRATIONS = List.of(
            new Migration(1, "initial schema", "db/migration/V1__initial_schema.sql"),
            new Migration(2, "continuous OHLCV bars", "db/migration/V2__continuous_bars.sql"),
            new Migration(3, "positions and portfolio", "db/migration/V3__positions_and_portfolio.sql"),
            new Migration(4, "bars without a key index, completeness computed on read",
                    "db/migration/V4__bars_without_key_index.sql"),
            new Migration(5, "feed and portfolio state kept by the DuckDB sink",
                    "db/migration/V5__sink_state.sql"),
            new Migration(6, "the cold tier's manifest", "db/migration/V6__cold_partitions.sql"),
            new Migration(7, "the cold tier's objects in S3", "db/migration/V7__cold_objects.sql"));

    private SchemaMigrator() {
    }

    /** Brings the schema up to date; returns the versions applied now. */
    public static List<Integer> migrate(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                    + "version INTEGER PRIMARY KEY, description VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)");
        }
        int current = currentVersion(connection);
        int latest = MIGRATIONS.get(MIGRATIONS.size() - 1).version();
        if (current > latest) {
            throw new SQLException("database schema is version " + current + " but this build knows versions up to "
                    + latest + "; use a newer tickstore");
        }
        List<Integer> applied = new ArrayList<>();
        for (Migration m : MIGRATIONS) {
            if (m.version() <= current) {
                continue;
            }
            apply(connection, m);
            applied.add(m.version());
            LOG.info("applied schema migration V{} ({})", m.version(), m.description());
        }
        return applied;
    }

    public static int currentVersion(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT coalesce(max(version), 0) FROM schema_migrations")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void apply(Connection connection, Migration m) throws SQLException {
        String script = load(m.resource());
        try (Statement s = connection.createStatement()) {
            s.execute("BEGIN TRANSACTION");
            try {
                s.execute(script);
                try (PreparedStatement p = connection.prepareStatement(
                        "INSERT INTO schema_migrations VALUES (?, ?, now()::TIMESTAMP)")) {
                    p.setInt(1, m.version());
                    p.setString(2, m.description());
                    p.execute();
                }
                s.execute("COMMIT");
            } catch (SQLException e) {
                s.execute("ROLLBACK");
                throw new SQLException("schema migration V" + m.version() + " (" + m.description() + ") failed: "
                        + e.getMessage(), e);
            }
        }
    }

    private static String load(String resource) {
        try (InputStream in = SchemaMigrator.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("migration script missing from the build: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read migration script " + resource, e);
        }
    }
}

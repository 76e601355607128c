package io.tickstore.lifecycle.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstore.config.MirrorConfig;
import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.EpochMicros;
import io.tickstore.store.read.BackendUnavailableException;
import io.tickstore.store.read.WhereClause;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link PostgresHistory#rows} against the machine's real PostgreSQL: migration 3 gives the mirror
 * DuckDB's {@code make_timestamp(micros)}, exact to the microsecond over the whole accepted range (and
 * before 1970), so a store reader's own query and {@link WhereClause} (range, cursor) select the same rows
 * there; a backend that cannot answer throws {@link BackendUnavailableException} naming postgres.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PostgresHistoryRowsTest {
    private final MirrorFixture pg = new MirrorFixture();

    @AfterEach
    void tearDown() throws Exception {
        pg.close();
    }

    @Test
    void makeTimestampIsDuckDbsAndExact() throws Exception {
        try (Connection c = pg.url.jdbc(null)) {
            assertEquals(List.of(1, 2, 3), MirrorSchema.migrate(c, pg.schema));
        }
        assertEquals("hybrid reads: make_timestamp(bigint) as DuckDB's, time indexes on orders and position_snapshots, "
                + "orders.order_id in byte order", pg.pgText("SELECT description FROM mirror_migrations WHERE version = 3"));
        // Orders' tie-break compares bytes, as DuckDB does, whatever the database's default collation.
        assertEquals("C", pg.pgText("SELECT collation_name FROM information_schema.columns WHERE table_schema = '"
                + pg.schema + "' AND table_name = 'orders' AND column_name = 'order_id'"));
        pg.pgExecute("INSERT INTO orders (order_id, exchange, symbol, side, order_type, time_in_force, quantity, status, "
                + "filled_quantity, created_at, updated_at, journal_index) SELECT id, 'X', 'S', 'buy', 'limit', 'day', 1, "
                + "'submitted', 0, make_timestamp(0), make_timestamp(0), 0 FROM unnest(ARRAY['a1', 'B-1', 'a-2', 'b-1']) id");
        assertEquals("B-1,a-2,a1,b-1", pg.pgText("SELECT string_agg(order_id, ',' ORDER BY order_id) FROM orders"));
        assertEquals("a-2,a1,b-1,B-1", pg.pgText("SELECT string_agg(order_id, ',' ORDER BY order_id COLLATE \"en-US-x-icu\") "
                + "FROM orders"), "the order a language collation would give, which the column's collation avoids");
        long[] times = {0, 1, 999_999, 1_000_001, 1_704_153_600_123_457L, 1_704_153_600_999_999L,
                EpochMicros.MAX_ACCEPTED_EXCLUSIVE - 1, EpochMicros.MAX_ACCEPTED_EXCLUSIVE, -1, -1_500_001, -86_400_000_000L};
        try (Connection c = pg.url.jdbc(pg.schema);
             PreparedStatement s = c.prepareStatement("SELECT epoch_us(make_timestamp(?)), "
                     + "to_char(make_timestamp(?) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US')")) {
            for (long t : times) {
                s.setLong(1, t);
                s.setLong(2, t);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    assertEquals(t, rs.getLong(1), "epoch_us(make_timestamp(" + t + "))");
                    if (t >= 0) {
                        String iso = EpochMicros.toIso(t);
                        assertTrue(iso.startsWith(rs.getString(2).substring(0, 19)), t + ": " + iso + " vs " + rs.getString(2));
                        assertEquals(t % 1_000_000, Long.parseLong(rs.getString(2).substring(20)), "microseconds of " + t);
                    }
                }
            }
        }
    }

    @Test
    void aReadersQueryAndConditionsSelectTheSameRowsInTheMirror() throws Exception {
        try (Connection c = pg.url.jdbc(null)) {
            MirrorSchema.migrate(c, pg.schema);
        }
        long t = 1_704_153_600_000_001L;
        for (int i = 0; i < 5; i++) {
            pg.pgExecute("INSERT INTO trades (trade_id, exchange, symbol, side, quantity, price, executed_at, journal_index) "
                    + "VALUES ('t-" + i + "', 'X', 'S', 'buy', 0.00000001, 42000.12345678, make_timestamp(" + (t + i / 2)
                    + "), " + (100 + i) + ")");
        }
        WhereClause where = new WhereClause().timeWithin("executed_at", t, t + 2).equal("exchange", "X")
                .after("executed_at", t, "journal_index", 101L);
        String sql = "SELECT trade_id, price, quantity, epoch_us(executed_at) FROM trades" + where.text()
                + " ORDER BY executed_at, journal_index LIMIT ?";
        try (PostgresHistory history = new PostgresHistory(pg.config().withServeReads(true), 2, 5_000,
                new SimpleMeterRegistry())) {
            List<String> rows = history.rows(sql, where, 10, rs -> rs.getString(1) + " "
                    + Decimal8.toString(Decimal8.fromBigDecimal(rs.getBigDecimal(2))) + " "
                    + Decimal8.toString(Decimal8.fromBigDecimal(rs.getBigDecimal(3))) + " " + rs.getLong(4));
            // t-0 and t-1 at t (t-1 is the cursor's), t-2 and t-3 at t + 1; t-4 at t + 2 is past the range.
            assertEquals(List.of("t-2 42000.12345678 0.00000001 " + (t + 1), "t-3 42000.12345678 0.00000001 " + (t + 1)), rows);
            assertEquals(1, history.rows(sql, where, 1, rs -> rs.getString(1)).size(), "the limit is bound last");
        }
        try (PostgresHistory down = new PostgresHistory(pg.config().withUrl("postgresql://postgres@127.0.0.1:1/test")
                .withServeReads(true), 1, 5_000, new SimpleMeterRegistry())) {
            BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                    () -> down.rows(sql, where, 10, rs -> rs.getString(1)));
            assertEquals("postgres", e.backend());
        }
    }
}

package io.tickstore.lifecycle.mirror;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickstore.config.MirrorConfig;
import io.tickstore.store.bars.BarState;
import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.EpochMicros;
import io.tickstore.store.model.TickRecord;
import io.tickstore.store.read.BackendUnavailableException;
import io.tickstore.store.read.OlderHistory;
import io.tickstore.store.read.StoredRowMapper;
import io.tickstore.store.read.Tier;
import io.tickstore.store.read.WhereClause;
import io.tickstore.store.ticks.TickHistory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Hybrid reads ({@code mirror.postgres.serve_reads}): the mirror's tables answering the part of a range
 * before the earliest row the local tiers hold of that table, by the local rules: from {@code market_ticks}
 * ticks in (timestamp, sequence_number) order and bars built from the trade ticks by
 * {@link BarState#addTrade}, whose order is (timestamp, sequence_number, journal_index); from
 * {@code orders}, {@code trades}, {@code position_snapshots} and {@code portfolio_snapshots} the local
 * readers' own queries and mappers ({@link #rows}; migration 3 gives the mirror DuckDB's
 * {@code make_timestamp}). Exact: numeric(18,8) read as BigDecimal into {@link Decimal8}.
 *
 * <p>Behind a circuit breaker of its own ({@code resilience4j_circuitbreaker_state{name="postgres_reads"}}),
 * separate from the mirror's writes and without retry: a read that fails, or finds the breaker open,
 * throws {@link BackendUnavailableException} at once (the query answers 503 naming postgres). JDBC
 * connections (worker threads block anyway), at most {@code poolSize}, each statement with the query
 * timeout; a connection that failed is closed, not reused.
 */
public final class PostgresHistory implements OlderHistory, AutoCloseable {
    public static final String BREAKER_NAME = "postgres_reads";

    private static final String TICKS_SQL = "SELECT epoch_us(timestamp), sequence_number, bid_price, ask_price, bid_size, "
            + "ask_size, last_price, last_size, volume, conditions, tape FROM market_ticks "
            + "WHERE exchange = ? AND symbol = ? AND timestamp >= ? AND timestamp < ? "
            + "AND (timestamp, sequence_number) > (?, ?) ORDER BY timestamp, sequence_number LIMIT ?";
    /** Trade ticks by bucket (floor division, also before 1970), for the first {@code ?} buckets. */
    private static final String TRADES_SQL = "WITH src AS (SELECT epoch_us(timestamp) AS t, sequence_number, journal_index, "
            + "last_price, last_size FROM market_ticks WHERE exchange = ? AND symbol = ? AND last_price IS NOT NULL "
            + "AND timestamp >= ? AND timestamp < ?), "
            + "bucketed AS (SELECT t - (((t % ?) + ?) % ?) AS target, t, sequence_number, journal_index, last_price, "
            + "last_size FROM src), "
            + "page AS (SELECT DISTINCT target FROM bucketed ORDER BY target LIMIT ?) "
            + "SELECT target, t, sequence_number, journal_index, last_price, last_size FROM bucketed "
            + "WHERE target <= (SELECT max(target) FROM page)";

    private final PostgresUrl url;
    private final String schema;
    private final int queryTimeoutSeconds;
    private final MirrorGuard guard;
    private final BlockingQueue<Connection> idle;

    /** {@code poolSize}: most connections kept; {@code queryTimeoutMillis}: each statement's timeout. */
    public PostgresHistory(MirrorConfig config, int poolSize, int queryTimeoutMillis, Duration openWait,
                           MeterRegistry registry) {
        if (!config.enabled()) {
            throw new IllegalArgumentException("mirror.postgres.url is none: no PostgreSQL to read from");
        }
        this.url = PostgresUrl.parse(config.url());
        this.schema = config.schema();
        this.queryTimeoutSeconds = Math.max(1, (queryTimeoutMillis + 999) / 1000);
        this.guard = new MirrorGuard(BREAKER_NAME, openWait, registry, 1);
        this.idle = new ArrayBlockingQueue<>(poolSize);
    }

    public PostgresHistory(MirrorConfig config, int poolSize, int queryTimeoutMillis, MeterRegistry registry) {
        this(config, poolSize, queryTimeoutMillis, MirrorGuard.DEFAULT_OPEN_WAIT, registry);
    }

    @Override
    public Tier tier() {
        return Tier.POSTGRES;
    }

    @Override
    public void ticks(String exchange, String symbol, long from, long to, long afterTime, long afterSequence, int max,
                      TickHistory.Ticks out) throws SQLException {
        out.size = 0;
        if (to <= from) {
            return;
        }
        read(c -> {
            try (PreparedStatement s = c.prepareStatement(TICKS_SQL)) {
                s.setQueryTimeout(queryTimeoutSeconds);
                s.setString(1, exchange);
                s.setString(2, symbol);
                s.setObject(3, time(from));
                s.setObject(4, time(to));
                s.setObject(5, time(afterTime));
                s.setLong(6, afterSequence);
                s.setInt(7, max);
                TickRecord t = new TickRecord();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        t.timestamp = rs.getLong(1);
                        t.sequenceNumber = rs.getLong(2);
                        t.bidPrice = Decimal8.fromNullable(rs.getBigDecimal(3));
                        t.askPrice = Decimal8.fromNullable(rs.getBigDecimal(4));
                        t.bidSize = Decimal8.fromNullable(rs.getBigDecimal(5));
                        t.askSize = Decimal8.fromNullable(rs.getBigDecimal(6));
                        t.lastPrice = Decimal8.fromNullable(rs.getBigDecimal(7));
                        t.lastSize = Decimal8.fromNullable(rs.getBigDecimal(8));
                        t.volume = Decimal8.fromNullable(rs.getBigDecimal(9));
                        t.conditions = rs.getString(10);
                        t.tape = rs.getString(11);
                        out.add(t);
                    }
                }
            }
            return null;
        });
    }

    @Override
    public TreeMap<Long, BarState> barsFromTrades(String exchange, String symbol, long micros, long from, long to,
                                                  int buckets) throws SQLException {
        TreeMap<Long, BarState> found = new TreeMap<>();
        if (to <= from || buckets <= 0) {
            return found;
        }
        return read(c -> {
            try (PreparedStatement s = c.prepareStatement(TRADES_SQL)) {
                s.setQueryTimeout(queryTimeoutSeconds);
                s.setString(1, exchange);
                s.setString(2, symbol);
                s.setObject(3, time(from));
                s.setObject(4, time(to));
                s.setLong(5, micros);
                s.setLong(6, micros);
                s.setLong(7, micros);
                s.setInt(8, buckets);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        long target = rs.getLong(1);
                        BarState b = found.get(target);
                        if (b == null) {
                            b = new BarState();
                            b.clear(target);
                            found.put(target, b);
                        }
                        b.addTrade(Decimal8.fromBigDecimal(rs.getBigDecimal(5)), Decimal8.fromBigDecimal(rs.getBigDecimal(6)),
                                rs.getLong(2), rs.getLong(3), rs.getLong(4));
                    }
                }
            }
            return found;
        });
    }

    @Override
    public <R> List<R> rows(String sql, WhereClause where, int max, StoredRowMapper<R> mapper) throws SQLException {
        return read(c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setQueryTimeout(queryTimeoutSeconds);
                s.setInt(where.bind(s, 1), max);
                List<R> found = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        found.add(mapper.map(rs));
                    }
                }
                return found;
            }
        });
    }

    /** The breaker's state: closed, open, half_open. */
    public String breakerState() {
        return guard.state().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** An epoch-microsecond bound as a timestamptz parameter, clamped to what the store accepts. */
    private static OffsetDateTime time(long micros) {
        long t = EpochMicros.clampAccepted(micros);
        return OffsetDateTime.ofInstant(Instant.EPOCH.plusSeconds(Math.floorDiv(t, 1_000_000L))
                .plusNanos(Math.floorMod(t, 1_000_000L) * 1000L), ZoneOffset.UTC);
    }

    /** Runs {@code query} on a pooled connection through the breaker. */
    private <T> T read(Query<T> query) throws SQLException {
        try {
            return guard.call(() -> {
                Connection c = idle.poll();
                if (c == null) {
                    c = url.jdbc(schema);
                }
                boolean healthy = false;
                try {
                    T result = query.run(c);
                    healthy = true;
                    return result;
                } finally {
                    if (!healthy || !idle.offer(c)) {
                        closeQuietly(c);
                    }
                }
            });
        } catch (CallNotPermittedException e) {
            throw new BackendUnavailableException("postgres", "circuit breaker " + BREAKER_NAME + " is open "
                    + "after failed reads; retried after its wait", e);
        } catch (Exception e) {
            throw new BackendUnavailableException("postgres", e.getMessage() == null ? e.toString() : e.getMessage(), e);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // a broken connection is dropped either way
        }
    }

    @Override
    public void close() {
        Connection c;
        while ((c = idle.poll()) != null) {
            closeQuietly(c);
        }
    }

    @FunctionalInterface
    private interface Query<T> {
        T run(Connection c) throws SQLException;
    }
}

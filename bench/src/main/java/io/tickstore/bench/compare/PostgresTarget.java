package io.tickstore.bench.compare;

import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.EpochMicros;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * PostgreSQL as it runs on the machine (127.0.0.1:5432, database {@code test}): the harness drops
 * and creates its own table {@link SqlTarget#TABLE} and touches nothing else. Ingest with
 * {@code COPY} (text format), one connection per ingest connection, one transaction per
 * {@link #COPY_ROWS} rows; queries in plain SQL ({@code date_bin}, {@code array_agg(... ORDER BY
 * ...)} for open and close, a recursive skip scan over the symbols and a {@code LATERAL} index
 * lookup per symbol for latest quotes, see {@link #latestQuotes}).
 */
final class PostgresTarget extends SqlTarget {
    static final int COPY_ROWS = 100_000;
    static final String DDL = "CREATE TABLE " + TABLE + " (exchange text NOT NULL, symbol text NOT NULL, "
            + "timestamp timestamp(6) NOT NULL, bid_price numeric(18,8), ask_price numeric(18,8), "
            + "bid_size numeric(18,8), ask_size numeric(18,8), last_price numeric(18,8), last_size numeric(18,8), "
            + "volume numeric(18,8), sequence_number bigint NOT NULL, conditions text, tape text, "
            + "PRIMARY KEY (exchange, symbol, sequence_number))";
    static final String INDEX = "CREATE INDEX " + TABLE + "_symbol_time ON " + TABLE + " (symbol, timestamp)";
    private static final String COPY = "COPY " + TABLE + " (exchange, symbol, timestamp, bid_price, ask_price, "
            + "bid_size, ask_size, last_price, last_size, sequence_number) FROM STDIN";

    private final String url;
    private final boolean keepTable;
    private String version = "PostgreSQL";
    private String fullVersion = "?";
    private boolean created;

    /** @param keepTable leave the table in place after the run (for a look at it) */
    PostgresTarget(String url, boolean keepTable) {
        this.url = url;
        this.keepTable = keepTable;
    }

    @Override
    public String name() {
        return "PostgreSQL";
    }

    @Override
    public void start() throws SQLException {
        try {
            sql = DriverManager.getConnection(url);
        } catch (SQLException e) {
            throw new SQLException("cannot connect to PostgreSQL at " + url + " (is it running? the harness expects "
                    + "trust auth for user postgres and a database test): " + e.getMessage(), e);
        }
        fullVersion = single(sql, "SHOW server_version"); // "15.20 (Debian 15.20-0+deb12u1)"
        version = "PostgreSQL " + fullVersion.split(" ")[0];
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public List<ParallelLoad.Worker> ingestWorkers(DataSet data, int connections) throws SQLException {
        try (Statement s = sql.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + TABLE);
            s.execute(DDL);
            s.execute(INDEX);
            created = true;
        }
        List<ParallelLoad.Worker> workers = new ArrayList<>();
        try {
            for (int c = 0; c < connections; c++) {
                workers.add(new CopyWorker(data, DriverManager.getConnection(url)));
            }
        } catch (SQLException e) {
            for (ParallelLoad.Worker w : workers) {
                closeQuietly(((CopyWorker) w).connection);
            }
            throw e;
        }
        return workers;
    }

    /** COPY text rows on its own connection; each COPY of {@link #COPY_ROWS} rows commits when it ends. */
    private static final class CopyWorker implements ParallelLoad.Worker {
        private static final int FLUSH_CHARS = 256 * 1024;
        private final Connection connection;
        private final CopyManager copy;
        private final String[] rowPrefixes;
        private final StringBuilder text = new StringBuilder(FLUSH_CHARS + 4096);
        private CopyIn in;
        private int rows;

        CopyWorker(DataSet data, Connection connection) throws SQLException {
            this.connection = connection;
            this.copy = connection.unwrap(PGConnection.class).getCopyAPI();
            this.rowPrefixes = new String[data.symbols()];
            for (int s = 0; s < rowPrefixes.length; s++) {
                rowPrefixes[s] = data.exchange() + '\t' + data.symbol(s) + '\t';
            }
        }

        @Override
        public void rows(ParallelLoad.TickChunk c) throws SQLException {
            for (int i = 0; i < c.size; i++) {
                StringBuilder b = text.append(rowPrefixes[c.symbol[i]]);
                EpochMicros.formatIso(c.timestamp[i], b); // the Z is ignored by timestamp without time zone
                field(b, c.bidPrice[i]);
                field(b, c.askPrice[i]);
                field(b, c.bidSize[i]);
                field(b, c.askSize[i]);
                field(b, c.lastPrice[i]);
                field(b, c.lastSize[i]);
                b.append('\t').append(c.sequence[i]).append('\n');
                if (++rows == COPY_ROWS) {
                    write();
                    in.endCopy(); // commits this COPY
                    in = null;
                    rows = 0;
                } else if (text.length() >= FLUSH_CHARS) {
                    write();
                }
            }
        }

        private static void field(StringBuilder b, long units) {
            b.append('\t');
            if (units == Decimal8.NULL) {
                b.append("\\N");
            } else {
                Decimal8.format(units, b);
            }
        }

        private void write() throws SQLException {
            if (text.length() == 0) {
                return;
            }
            if (in == null) {
                in = copy.copyIn(COPY);
            }
            byte[] bytes = text.toString().getBytes(StandardCharsets.US_ASCII);
            in.writeToCopy(bytes, 0, bytes.length);
            text.setLength(0);
        }

        @Override
        public void finish() throws SQLException {
            try {
                write();
                if (in != null) {
                    in.endCopy();
                    in = null;
                }
            } finally {
                if (in != null) {
                    try {
                        in.cancelCopy();
                    } catch (SQLException e) {
                        // the connection goes anyway
                    }
                }
                closeQuietly(connection);
            }
        }
    }

    @Override
    public void awaitQueryable(DataSet data, long ticks) throws SQLException {
        try (Statement s = sql.createStatement()) {
            s.execute("ANALYZE " + TABLE); // what autovacuum would do shortly after a bulk load; plans depend on it
        }
        long rows = Long.parseLong(single(sql, "SELECT count(*) FROM " + TABLE));
        if (rows != ticks) {
            throw new IllegalStateException("PostgreSQL holds " + rows + " rows after the load, expected " + ticks);
        }
    }

    @Override
    String sql(Query q, DataSet data) {
        String where = "exchange = " + quote(data.exchange())
                + (q.symbol() < 0 ? "" : " AND symbol = " + quote(data.symbol(q.symbol())));
        String range = " AND timestamp >= TIMESTAMP " + quote(time(q.from())) + " AND timestamp < TIMESTAMP "
                + quote(time(q.to()));
        return switch (q.kind()) {
            case LATEST_QUOTES -> latestQuotes(quote(data.exchange()));
            case TICKS_HOUR -> "SELECT timestamp, sequence_number, bid_price, ask_price, bid_size, ask_size, "
                    + "last_price, last_size, volume, conditions, tape FROM " + TABLE + " WHERE " + where + range
                    + " ORDER BY timestamp, sequence_number";
            default -> {
                String bucket = "date_bin(INTERVAL " + quote(interval(q.kind())) + ", timestamp, TIMESTAMP '1970-01-01')";
                String symbol = q.symbol() < 0 ? "symbol, " : "";
                yield "SELECT " + symbol + bucket + " AS bucket, "
                        + "(array_agg(last_price ORDER BY timestamp, sequence_number))[1] AS open, "
                        + "max(last_price) AS high, min(last_price) AS low, "
                        + "(array_agg(last_price ORDER BY timestamp DESC, sequence_number DESC))[1] AS close, "
                        + "sum(last_size) AS volume, sum(last_price * last_size) AS price_volume, count(*) AS trades "
                        + "FROM " + TABLE + " WHERE " + where + " AND last_price IS NOT NULL" + range
                        + " GROUP BY " + symbol + "bucket ORDER BY " + symbol + "bucket";
            }
        };
    }

    /**
     * The newest quote of each symbol by index lookups instead of a pass over every quote: a
     * recursive "loose index scan" walks the distinct symbols down the primary key (exchange,
     * symbol, ...), one probe per symbol, then for each a backward scan of the (symbol, timestamp)
     * index stops at its first quote. {@code DISTINCT ON (symbol) ... ORDER BY symbol, timestamp
     * DESC} read and sorted all of them (3.5 s on 1,000,000 ticks against tens of ms here).
     */
    static String latestQuotes(String exchange) {
        return "WITH RECURSIVE symbols AS ("
                + "(SELECT symbol FROM " + TABLE + " WHERE exchange = " + exchange + " ORDER BY symbol LIMIT 1) "
                + "UNION ALL SELECT (SELECT t.symbol FROM " + TABLE + " t WHERE t.exchange = " + exchange
                + " AND t.symbol > s.symbol ORDER BY t.symbol LIMIT 1) FROM symbols s WHERE s.symbol IS NOT NULL) "
                + "SELECT q.symbol, q.timestamp, q.bid_price, q.bid_size, q.ask_price, q.ask_size FROM symbols s "
                + "CROSS JOIN LATERAL (SELECT t.symbol, t.timestamp, t.bid_price, t.bid_size, t.ask_price, t.ask_size "
                + "FROM " + TABLE + " t WHERE t.exchange = " + exchange + " AND t.symbol = s.symbol "
                + "AND t.bid_price IS NOT NULL ORDER BY t.timestamp DESC, t.sequence_number DESC LIMIT 1) q "
                + "ORDER BY q.symbol";
    }

    private static String interval(Query.Kind kind) {
        long minutes = kind.barMicros / Query.MINUTE;
        return minutes % 60 == 0 ? minutes / 60 + " hours" : minutes + " minutes";
    }

    /** {@code 2024-01-09 00:01:00} (UTC wall time; the column is timestamp without time zone). */
    private static String time(long micros) {
        String iso = EpochMicros.toIso(micros);
        return iso.substring(0, iso.length() - 1).replace('T', ' ');
    }

    @Override
    public List<String> setup() {
        return List.of(
                "the machine's server (" + fullVersion + ", its own configuration), database `test`, table `" + TABLE
                        + "` dropped and created by the harness: `" + DDL + "` and `" + INDEX + "` (the primary key "
                        + "enforces tickstore's dedupe key)",
                "ingest: `COPY ... FROM STDIN` (text) on one connection per ingest connection, one transaction per "
                        + COPY_ROWS + " rows; acked = COPY committed (fsync on commit, PostgreSQL's default); "
                        + "queryable after `ANALYZE` (what autovacuum would do soon after a bulk load)",
                "queries: plain SQL, PostgreSQL JDBC " + Versions.postgresqlDriver() + "; `date_bin` buckets, "
                        + "`(array_agg(last_price ORDER BY timestamp, sequence_number))[1]` for open (DESC for close), "
                        + "latest quotes by index lookups: a recursive skip scan over the distinct symbols (primary key), "
                        + "then per symbol `LATERAL (... ORDER BY timestamp DESC, sequence_number DESC LIMIT 1)` "
                        + "on the (symbol, timestamp) index");
    }

    @Override
    public void close() {
        if (sql != null && created && !keepTable) {
            try (Statement s = sql.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + TABLE);
            } catch (SQLException e) {
                // left for the next run, which drops it first
            }
        }
        closeQuietly(sql);
    }
}

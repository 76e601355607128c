package io.tickstore.lifecycle.mirror;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares tickstore (its DuckDB database) with the PostgreSQL mirror: per (table, exchange, symbol,
 * UTC day) the row count and the sums of price and size must be equal. Only rows up to the lower of the
 * two applied journal indexes are compared, so a mirror that is merely behind is not reported.
 */
public final class MirrorVerifier {
    /** A table compared: which columns are its time, price and size. */
    private record Compared(String table, String time, String price, String size) {
    }

    private static final List<Compared> TABLES = List.of(
            new Compared("market_ticks", "timestamp", "last_price", "last_size"),
            new Compared("trades", "executed_at", "price", "quantity"),
            new Compared("orders", "created_at", "price", "quantity"));

    /** One (table, exchange, symbol, day) as each side holds it. */
    public record Partition(String table, String exchange, String symbol, LocalDate day) implements Comparable<Partition> {
        @Override
        public int compareTo(Partition o) {
            int c = table.compareTo(o.table);
            c = c != 0 ? c : exchange.compareTo(o.exchange);
            c = c != 0 ? c : symbol.compareTo(o.symbol);
            return c != 0 ? c : day.compareTo(o.day);
        }

        @Override
        public String toString() {
            return table + " " + exchange + " " + symbol + " " + day;
        }
    }

    /** Count and sums of one partition on one side (sums null when every value is null). */
    public record Sums(long count, BigDecimal price, BigDecimal size) {
        static final Sums NONE = new Sums(0, null, null);

        boolean sameAs(Sums o) {
            return count == o.count && equal(price, o.price) && equal(size, o.size);
        }

        private static boolean equal(BigDecimal a, BigDecimal b) {
            return Objects.equals(a, b) || (a != null && b != null && a.compareTo(b) == 0);
        }

        @Override
        public String toString() {
            return "count " + count + ", sum(price) " + plain(price) + ", sum(size) " + plain(size);
        }

        private static String plain(BigDecimal d) {
            return d == null ? "null" : d.stripTrailingZeros().toPlainString();
        }
    }

    /** A partition whose sides differ. */
    public record Difference(Partition partition, Sums tickstore, Sums postgres) {
        @Override
        public String toString() {
            return partition + ": tickstore " + tickstore + "; postgres " + postgres;
        }
    }

    /** What a verification found. */
    public record Result(long comparedUpToIndex, int partitions, List<Difference> differences) {
        public boolean clean() {
            return differences.isEmpty();
        }
    }

    private MirrorVerifier() {
    }

    /**
     * @param duckdb   a connection to tickstore's DuckDB database
     * @param postgres a connection whose {@code search_path} is the mirror's schema
     * @param from     first UTC day compared, or null
     * @param to       last UTC day compared, or null
     */
    public static Result verify(Connection duckdb, Connection postgres, LocalDate from, LocalDate to)
            throws SQLException {
        long bound = Math.min(appliedIndex(duckdb), appliedIndex(postgres));
        TreeSet<Partition> all = new TreeSet<>();
        List<Difference> differences = new ArrayList<>();
        for (Compared t : TABLES) {
            Map<Partition, Sums> local = sums(duckdb, t, "CAST(" + t.time() + " AS DATE)", bound, from, to);
            Map<Partition, Sums> mirror = sums(postgres, t, "(" + t.time() + " AT TIME ZONE 'UTC')::date", bound,
                    from, to);
            TreeSet<Partition> keys = new TreeSet<>(local.keySet());
            keys.addAll(mirror.keySet());
            all.addAll(keys);
            for (Partition p : keys) {
                Sums a = local.getOrDefault(p, Sums.NONE);
                Sums b = mirror.getOrDefault(p, Sums.NONE);
                if (!a.sameAs(b)) {
                    differences.add(new Difference(p, a, b));
                }
            }
        }
        return new Result(bound, all.size(), differences);
    }

    private static long appliedIndex(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT applied_index FROM journal_applied WHERE id = 1")) {
            if (!rs.next()) {
                throw new SQLException("no journal_applied row: not a tickstore database or mirror schema");
            }
            return rs.getLong(1);
        }
    }

    private static Map<Partition, Sums> sums(Connection c, Compared t, String day, long bound, LocalDate from,
                                             LocalDate to) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT exchange, symbol, ").append(day).append(" AS day, count(*), sum(")
                .append(t.price()).append("), sum(").append(t.size()).append(") FROM ").append(t.table())
                .append(" WHERE journal_index <= ?");
        if (from != null) {
            sql.append(" AND ").append(day).append(" >= ?");
        }
        if (to != null) {
            sql.append(" AND ").append(day).append(" <= ?");
        }
        sql.append(" GROUP BY 1, 2, 3");
        Map<Partition, Sums> out = new TreeMap<>();
        try (PreparedStatement p = c.prepareStatement(sql.toString())) {
            int i = 1;
            p.setLong(i++, bound);
            if (from != null) {
                p.setObject(i++, from);
            }
            if (to != null) {
                p.setObject(i, to);
            }
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.put(new Partition(t.table(), rs.getString(1), rs.getString(2),
                                    rs.getObject(3, LocalDate.class)),
                            new Sums(rs.getLong(4), rs.getBigDecimal(5), rs.getBigDecimal(6)));
                }
            }
        }
        return out;
    }
}

package io.tickstore.bench.compare;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A peer queried in SQL over JDBC (QuestDB over its PostgreSQL wire, PostgreSQL itself). Every
 * query returns the columns in the same order on both, so one reader turns them into
 * {@link Answer}s: bars {@code [symbol,] bucket, open, high, low, close, volume, price_volume,
 * trades}; quotes {@code symbol, time, bid_price, bid_size, ask_price, ask_size}; ticks
 * {@code time, sequence_number, bid_price, ask_price, bid_size, ask_size, last_price, last_size,
 * volume, conditions, tape}.
 */
abstract class SqlTarget implements Target {
    /** The table every peer loads, dropped and created by the harness. */
    static final String TABLE = "bench_ticks";

    /** The connection queries run on; opened by {@link #start}. */
    protected Connection sql;

    /** The SQL text of a query run, values inlined (they are the harness's own symbols and times). */
    abstract String sql(Query q, DataSet data);

    @Override
    public Object fetch(Query q, DataSet data) throws SQLException {
        try (Statement s = sql.createStatement(); ResultSet rs = s.executeQuery(sql(q, data))) {
            int n = rs.getMetaData().getColumnCount();
            List<String[]> rows = new ArrayList<>();
            while (rs.next()) {
                String[] row = new String[n];
                for (int i = 0; i < n; i++) {
                    row[i] = rs.getString(i + 1);
                }
                rows.add(row);
            }
            return rows;
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public Answer answer(Query q, DataSet data, Object fetched) {
        List<String> out = new ArrayList<>();
        for (String[] r : (List<String[]>) fetched) {
            switch (q.kind()) {
                case LATEST_QUOTES -> out.add(r[0] + ' ' + Answer.time(r[1]) + ' ' + Answer.decimal(r[2]) + ' '
                        + Answer.decimal(r[3]) + ' ' + Answer.time(r[1]) + ' ' + Answer.decimal(r[4]) + ' '
                        + Answer.decimal(r[5]));
                case TICKS_HOUR -> out.add(Answer.time(r[0]) + ' ' + r[1] + ' ' + Answer.decimal(r[2]) + ' '
                        + Answer.decimal(r[3]) + ' ' + Answer.decimal(r[4]) + ' ' + Answer.decimal(r[5]) + ' '
                        + Answer.decimal(r[6]) + ' ' + Answer.decimal(r[7]) + ' ' + Answer.decimal(r[8]) + ' '
                        + Answer.text(r[9]) + ' ' + Answer.text(r[10]));
                default -> {
                    int o = q.symbol() < 0 ? 1 : 0;
                    String symbol = q.symbol() < 0 ? r[0] : data.symbol(q.symbol());
                    BigDecimal volume = new BigDecimal(r[o + 5]);
                    out.add(Answer.bar(symbol, Answer.time(r[o]), Answer.decimal(r[o + 1]), Answer.decimal(r[o + 2]),
                            Answer.decimal(r[o + 3]), Answer.decimal(r[o + 4]), Answer.decimal(volume),
                            Answer.vwap(new BigDecimal(r[o + 6]), volume), Long.parseLong(r[o + 7])));
                }
            }
        }
        return new Answer(out);
    }

    /** A SQL string literal. */
    static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /** The single value of a one-row query. */
    static String single(Connection c, String query) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            if (!rs.next()) {
                throw new SQLException("no row from " + query);
            }
            return rs.getString(1);
        }
    }

    static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                // closing after the run
            }
        }
    }
}

package io.tickstore.store.read;

import io.tickstore.store.model.EpochMicros;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The conditions of one query, built from the filters a request gives: SQL text with {@code ?}
 * placeholders and the values bound to them, in order. Values are always bound, never spliced
 * into the text.
 */
public final class WhereClause {
    private final StringBuilder sql = new StringBuilder();
    private final List<Object> values = new ArrayList<>();

    /** Adds {@code condition} (with one {@code ?} per value) joined by AND. Values: String, Long or Integer. */
    public WhereClause and(String condition, Object... values) {
        sql.append(sql.length() == 0 ? " WHERE " : " AND ").append(condition);
        for (Object v : values) {
            this.values.add(v);
        }
        return this;
    }

    /**
     * Adds {@code from <= column < to} for a TIMESTAMPTZ column and epoch-microsecond bounds (clamped to
     * what the store accepts, so an open bound such as {@code Long.MAX_VALUE} stays a valid timestamp).
     */
    public WhereClause timeWithin(String column, long from, long to) {
        return and(column + " >= make_timestamp(?) AND " + column + " < make_timestamp(?)",
                EpochMicros.clampAccepted(from), EpochMicros.clampAccepted(to));
    }

    /**
     * Adds the keyset cursor "after ({@code time}, {@code tie})" for rows ordered by the TIMESTAMPTZ
     * {@code timeColumn} then {@code tieColumn}: {@code timeColumn > time OR (timeColumn = time AND
     * tieColumn > tie)}. {@code tie}: String or Long.
     */
    public WhereClause after(String timeColumn, long time, String tieColumn, Object tie) {
        return and("(" + timeColumn + " > make_timestamp(?) OR (" + timeColumn + " = make_timestamp(?) AND "
                + tieColumn + " > ?))", time, time, tie);
    }

    /** Adds {@code column = value} when {@code value} is given. */
    public WhereClause equal(String column, String value) {
        return value == null ? this : and(column + " = ?", value);
    }

    /**
     * For a nullable column filtered by a parameter whose empty value means "none": adds nothing when
     * {@code value} is null, {@code column IS NULL} when it is empty, else {@code column = value}.
     */
    public WhereClause equalOrNull(String column, String value) {
        if (value == null) {
            return this;
        }
        return value.isEmpty() ? and(column + " IS NULL") : equal(column, value);
    }

    /** What {@link #equalOrNull} selects, for a value in memory: null matches any, "" only null, else equal. */
    public static boolean matchesEqualOrNull(String wanted, String actual) {
        if (wanted == null) {
            return true;
        }
        return wanted.isEmpty() ? actual == null : wanted.equals(actual);
    }

    /** Adds {@code column IN (…)} when {@code values} are given (at least one). */
    public WhereClause in(String column, List<String> values) {
        if (values == null) {
            return this;
        }
        StringBuilder c = new StringBuilder(column).append(" IN (");
        for (int i = 0; i < values.size(); i++) {
            c.append(i == 0 ? "?" : ", ?");
        }
        return and(c.append(')').toString(), values.toArray());
    }

    /** A clause with these conditions and values, to which more can be added without changing this one. */
    public WhereClause copy() {
        WhereClause c = new WhereClause();
        c.sql.append(sql);
        c.values.addAll(values);
        return c;
    }

    /** " WHERE a AND b", or "" when there is no condition. */
    public String text() {
        return sql.toString();
    }

    /** Binds the values from parameter index {@code first} on; returns the next free index. */
    public int bind(PreparedStatement s, int first) throws SQLException {
        int i = first;
        for (Object v : values) {
            if (v instanceof String text) {
                s.setString(i++, text);
            } else if (v instanceof Long n) {
                s.setLong(i++, n);
            } else if (v instanceof Integer n) {
                s.setInt(i++, n);
            } else {
                throw new IllegalArgumentException("unsupported value type " + v.getClass());
            }
        }
        return i;
    }
}

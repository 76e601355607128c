package io.tickstore.store.cold;

/**
 * SQL string literals for the few texts that cannot be bound as parameters: a partition's exchange
 * inside a {@code COPY} statement and file paths in {@code read_parquet([...])}.
 */
public final class SqlLiteral {
    private SqlLiteral() {
    }

    /** {@code text} as a single-quoted SQL literal (quotes doubled). */
    public static String quote(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}

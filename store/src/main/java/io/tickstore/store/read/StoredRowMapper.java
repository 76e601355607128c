package io.tickstore.store.read;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Maps the current row of a reader's query to its record: one mapper for a table's rows wherever they
 * are read (DuckDB, or the PostgreSQL mirror's table of the same name and columns), so both give the
 * same record.
 *
 * @param <R> the record
 */
@FunctionalInterface
public interface StoredRowMapper<R> {
    R map(ResultSet rs) throws SQLException;
}

package io.tickstore.lifecycle.cold;

import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * What a partition's rows add up to, computed the same way from the warm table and from a cold file
 * ({@link io.tickstore.store.cold.ColdTable#contentSummary}): a move is verified by comparing them.
 *
 * @param rows     row count
 * @param minTime  earliest time, epoch microseconds (0 when there are no rows)
 * @param maxTime  latest time, epoch microseconds (0 when there are no rows)
 * @param checksum sum of the rows' hashes
 */
public record ContentSummary(long rows, long minTime, long maxTime, BigInteger checksum) {
    /** Reads the four columns of {@code contentSummary} from the current row. */
    static ContentSummary read(ResultSet rs) throws SQLException {
        return new ContentSummary(rs.getLong(1), rs.getLong(2), rs.getLong(3), new BigInteger(rs.getString(4)));
    }

    /** The summary of both sets of rows together. */
    ContentSummary plus(ContentSummary other) {
        if (rows == 0) {
            return other;
        }
        if (other.rows == 0) {
            return this;
        }
        return new ContentSummary(rows + other.rows, Math.min(minTime, other.minTime), Math.max(maxTime, other.maxTime),
                checksum.add(other.checksum));
    }
}

package io.tickstore.store.cold;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Per exchange, the end (exclusive, epoch micros) of its newest day of ticks in the cold tier: the
 * lifecycle moves the oldest days, so every day before it is cold. Bars of those days are built from
 * the cold ticks (their stored bars leave DuckDB with the day), so the bar reader splits a range there
 * and the bar preload starts memory after it. One query for both, read from the manifest.
 */
public final class ColdEnds {
    /**
     * Run on the connection whose snapshot the caller reads; {@link #read} takes its rows. Never keep it
     * prepared: DuckDB plans its constant filter by the manifest's statistics at preparation, so a
     * statement prepared while no day was cold answers "none" after days move.
     */
    public static final String SQL = "SELECT exchange, epoch_us(max(day) + INTERVAL 1 DAY) FROM cold_partitions "
            + "WHERE table_name = 'market_ticks' GROUP BY exchange";

    private ColdEnds() {
    }

    /** The rows of {@link #SQL}: exchange → end of its newest cold day; an exchange with none is absent. */
    public static Map<String, Long> read(ResultSet rs) throws SQLException {
        Map<String, Long> ends = new HashMap<>();
        while (rs.next()) {
            ends.put(rs.getString(1), rs.getLong(2));
        }
        return ends;
    }
}

package io.tickstore.store.read;

import io.tickstore.store.bars.BarState;
import io.tickstore.store.ticks.TickHistory;
import java.sql.SQLException;
import java.util.List;
import java.util.TreeMap;

/**
 * Where the readers answer the part of a range before the earliest row the local tiers hold of its table
 * ({@link EarliestLocal}): the PostgreSQL mirror with {@code mirror.postgres.serve_reads}. Its rows
 * follow the local rules exactly (ticks in (timestamp, sequence_number) order; bars built from the trade
 * ticks in (timestamp, sequence_number, journal_index) order, {@link BarState#addTrade}; orders, fills,
 * position changes and portfolio snapshots by the local readers' own query and mapper), so a range
 * answered here gives the reply the same rows held locally give. Worker threads; a backend that cannot
 * answer throws {@link BackendUnavailableException}.
 */
public interface OlderHistory {
    /** The tier this backend is, for {@link TiersAnswered}. */
    Tier tier();

    /**
     * Up to {@code max} ticks of the feed with {@code from <= timestamp < to} and key after
     * ({@code afterTime}, {@code afterSequence}), in (timestamp, sequence_number) order, into {@code out}
     * (replacing what it held).
     */
    void ticks(String exchange, String symbol, long from, long to, long afterTime, long afterSequence, int max,
               TickHistory.Ticks out) throws SQLException;

    /**
     * Bars of {@code micros} built from the trade ticks with {@code from <= timestamp < to}: the first
     * {@code buckets} bucket starts that have trades, by bucket start.
     */
    TreeMap<Long, BarState> barsFromTrades(String exchange, String symbol, long micros, long from, long to,
                                           int buckets) throws SQLException;

    /**
     * The rows of a local reader's query run on this backend's table of the same name and columns:
     * {@code sql} ({@code SELECT … FROM table} + {@code where}'s text + {@code ORDER BY … LIMIT ?}, in the
     * store's SQL: {@code epoch_us(t)} and {@code make_timestamp(micros)} as DuckDB has them), {@code where}'s
     * values bound from the first parameter and {@code max} last, each row mapped by {@code mapper}, in the
     * query's order.
     */
    <R> List<R> rows(String sql, WhereClause where, int max, StoredRowMapper<R> mapper) throws SQLException;
}

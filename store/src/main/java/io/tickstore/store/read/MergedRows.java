package io.tickstore.store.read;

import io.tickstore.store.hot.UnstoredLog;
import io.tickstore.store.model.EpochMicros;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * A page of rows in one total order from DuckDB and the hot tier, by the store's one merge rule:
 * DuckDB's rows as of its applied index W (one read transaction) plus the rows the hot tier keeps for
 * messages after W. For rows that a later message replaces (an order's state, by order_id) the hot
 * tier's latest state wins over DuckDB's and is filtered again (an order that no longer has the status
 * asked for leaves the page).
 *
 * <p>The hot rows are copied before DuckDB is read: a row leaves the hot tier only once DuckDB stores
 * it, so one released before the copy is in the snapshot read after.
 *
 * <p>With an {@link OlderHistory} (hybrid reads), the part of a range before the earliest row the local
 * tiers hold of this table ({@link EarliestLocal}) is read there first, by the same query and mapper, the
 * rest locally. The order starts with the table's time column, so the older rows come first and the two
 * parts never overlap.
 *
 * @param <T> the row
 */
final class MergedRows<T> {
    private final ReaderPool pool;
    private final UnstoredLog<T> hot;
    private final HistoryTable table;
    private final ToLongFunction<T> timeOf;
    private final EarliestLocal earliest;
    private final String select;
    private final String orderBy;
    /** Maps a row with the journal index of the message that wrote it. */
    private final StoredRowMapper<UnstoredLog.Entry<T>> mapper;
    private final Comparator<UnstoredLog.Entry<T>> order;
    /** For replaced rows: a row's identity (e.g. order_id); null when rows are only ever added. */
    private final Function<T, Object> identity;
    private volatile OlderHistory older;

    /**
     * @param table   the table read, whose time column {@code timeOf} gives and {@code order} starts with
     * @param select  {@code SELECT <columns> FROM <table>}, the columns {@code mapper} reads
     * @param orderBy the SQL order matching {@code order}, e.g. {@code executed_at, journal_index}
     */
    MergedRows(ReaderPool pool, UnstoredLog<T> hot, HistoryTable table, ToLongFunction<T> timeOf,
               EarliestLocal earliest, String select, String orderBy, StoredRowMapper<UnstoredLog.Entry<T>> mapper,
               Comparator<UnstoredLog.Entry<T>> order, Function<T, Object> identity) {
        this.pool = pool;
        this.hot = hot;
        this.table = table;
        this.timeOf = timeOf;
        this.earliest = earliest;
        this.select = select;
        this.orderBy = orderBy;
        this.mapper = mapper;
        this.order = order;
        this.identity = identity;
    }

    /** Answers the part of ranges before the local tiers' earliest row from {@code older} (null: nowhere). */
    void olderFrom(OlderHistory older) {
        this.older = older;
    }

    /**
     * The first {@code max} rows matching both {@code where} (in SQL) and {@code matches} (the same
     * conditions, for the hot rows), in order; adds the tiers those rows came from to {@code answered}.
     * {@code start}: the earliest time a row of the page can have (the range's start, or its cursor's
     * time if later); {@code to}: the range's end (exclusive).
     */
    List<UnstoredLog.Entry<T>> page(WhereClause where, Predicate<UnstoredLog.Entry<T>> matches, long start, long to,
                                    int max, TiersAnswered answered) throws SQLException {
        OlderHistory o = older;
        long e = earliest.get(table);
        if (o == null || start >= e) { // no part of the page lies before the local tiers
            return local(where, matches, max, answered);
        }
        String column = table.timeColumn();
        // Clamped: with no local row e is Long.MAX_VALUE, past what a timestamp holds (and every stored time).
        WhereClause before = where.copy().and(column + " < make_timestamp(?)", EpochMicros.clampAccepted(e));
        List<UnstoredLog.Entry<T>> rows = new ArrayList<>(o.rows(select + before.text() + " ORDER BY " + orderBy
                + " LIMIT ?", before, max, mapper));
        if (!rows.isEmpty()) {
            answered.add(o.tier());
        }
        if (rows.size() >= max || to <= e) {
            return rows;
        }
        // The local part from e on (a row applied since e was read, and older than it, is in the part before).
        WhereClause after = where.copy().and(column + " >= make_timestamp(?)", e);
        rows.addAll(local(after, matches.and(r -> timeOf.applyAsLong(r.row()) >= e), max - rows.size(), answered));
        return rows;
    }

    /** {@link #page} from DuckDB and the hot tier. */
    private List<UnstoredLog.Entry<T>> local(WhereClause where, Predicate<UnstoredLog.Entry<T>> matches, int max,
                                             TiersAnswered answered) throws SQLException {
        List<UnstoredLog.Entry<T>> kept = new ArrayList<>();
        hot.forEachAfter(Long.MIN_VALUE, (index, row) -> kept.add(new UnstoredLog.Entry<>(index, row)));
        String sql = select + where.text() + " ORDER BY " + orderBy + " LIMIT ?";
        return pool.readAtAppliedIndex((c, applied) -> {
            // The hot tier's rows after W; for replaced rows the latest state of each.
            Map<Object, UnstoredLog.Entry<T>> latest = new LinkedHashMap<>();
            List<UnstoredLog.Entry<T>> added = new ArrayList<>();
            for (UnstoredLog.Entry<T> e : kept) {
                if (e.journalIndex() <= applied) {
                    continue;
                }
                if (identity != null) {
                    latest.put(identity.apply(e.row()), e);
                } else if (matches.test(e)) {
                    added.add(e);
                }
            }
            // Each replaced row can push one stored row off the page: read that many more.
            List<UnstoredLog.Entry<T>> rows = new ArrayList<>();
            try (PreparedStatement s = pool.prepare(c, sql)) {
                s.setLong(where.bind(s, 1), (long) max + latest.size());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        UnstoredLog.Entry<T> row = mapper.map(rs);
                        if (identity == null || !latest.containsKey(identity.apply(row.row()))) {
                            rows.add(row);
                        }
                    }
                }
            }
            for (UnstoredLog.Entry<T> e : latest.values()) {
                if (matches.test(e)) {
                    added.add(e);
                }
            }
            Set<UnstoredLog.Entry<T>> hotRows = Collections.newSetFromMap(new IdentityHashMap<>());
            hotRows.addAll(added);
            rows.addAll(added);
            rows.sort(order);
            List<UnstoredLog.Entry<T>> out = rows.size() > max ? new ArrayList<>(rows.subList(0, max)) : rows;
            for (UnstoredLog.Entry<T> e : out) {
                answered.add(hotRows.contains(e) ? Tier.HOT : Tier.WARM);
            }
            return out;
        });
    }

    /** The one row with identity {@code id} (its latest state), or null. */
    T one(WhereClause where, Object id) throws SQLException {
        List<UnstoredLog.Entry<T>> kept = new ArrayList<>();
        hot.forEachAfter(Long.MIN_VALUE, (index, row) -> {
            if (identity.apply(row).equals(id)) {
                kept.add(new UnstoredLog.Entry<>(index, row));
            }
        });
        String sql = select + where.text() + " LIMIT 1";
        return pool.readAtAppliedIndex((c, applied) -> {
            for (int i = kept.size() - 1; i >= 0; i--) {
                if (kept.get(i).journalIndex() > applied) {
                    return kept.get(i).row();
                }
            }
            try (PreparedStatement s = pool.prepare(c, sql)) {
                where.bind(s, 1);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? mapper.map(rs).row() : null;
                }
            }
        });
    }
}

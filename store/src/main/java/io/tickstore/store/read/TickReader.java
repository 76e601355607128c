package io.tickstore.store.read;

import io.tickstore.store.cold.TieredTable;
import io.tickstore.store.hot.LateTicks;
import io.tickstore.store.model.EpochMicros;
import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.TickRecord;
import io.tickstore.store.ticks.TickHistory;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One feed's ticks over a range, in (timestamp, sequence_number) order, from the tiers that hold them:
 * tick memory from the feed's horizon on; before it, DuckDB's rows up to its applied index W (read in
 * one snapshot with W, with the cold files the manifest names in that snapshot) merged with the ticks the hot tier keeps for messages after W. The three parts
 * never overlap, so the answer is the same whichever tiers hold the range.
 *
 * <p>Order of reading, which keeps a tick from being missed while it moves between tiers: memory
 * first (a tick leaves memory only once DuckDB stores it, and a DuckDB snapshot taken later holds it),
 * then the kept ticks (released only once stored, so one released before this copy is in the later
 * snapshot), then DuckDB.
 *
 * <p>With an {@link OlderHistory} (hybrid reads), the part of a range before the earliest tick the local
 * tiers hold ({@link EarliestLocal}) is read there first, the rest locally: the two parts never overlap.
 */
public final class TickReader {
    private static final String SELECT = "SELECT epoch_us(timestamp), sequence_number, bid_price, ask_price, bid_size, "
            + "ask_size, last_price, last_size, volume, conditions, tape, ";
    private static final String WHERE = " WHERE exchange = ? AND symbol = ? AND timestamp >= make_timestamp(?) AND timestamp < make_timestamp(?) "
            + "AND (epoch_us(timestamp) > ? OR (epoch_us(timestamp) = ? AND sequence_number > ?)) "
            + "ORDER BY timestamp, sequence_number LIMIT ?";
    private static final Comparator<Sourced> KEY_ORDER =
            Comparator.<Sourced>comparingLong(s -> s.tick.timestamp).thenComparingLong(s -> s.tick.sequenceNumber);

    private final TickHistory memory;
    private final LateTicks late;
    private final ReaderPool pool;
    private final TieredTable stored;
    private final EarliestLocal earliest;
    private volatile OlderHistory older;

    /** {@code stored}: market_ticks across the warm and cold tiers; {@code earliest}: the first tick they and memory hold. */
    public TickReader(TickHistory memory, LateTicks late, ReaderPool pool, TieredTable stored, EarliestLocal earliest) {
        this.memory = memory;
        this.late = late;
        this.pool = pool;
        this.stored = stored;
        this.earliest = earliest;
    }

    /** Answers the part of ranges before the local tiers' earliest tick from {@code older} (null: nowhere). */
    void olderFrom(OlderHistory older) {
        this.older = older;
    }

    /** Whether the page after the cursor needs {@link #older}: some of its range lies before the local tiers. */
    private boolean needsOlder(long from, long afterTime) {
        long e = earliest.get(HistoryTable.MARKET_TICKS);
        return older != null && from < e && afterTime < e;
    }

    /**
     * Memory only, never waiting (event loops): {@link TickHistory.Read#ANSWERED} when memory alone
     * holds the whole answer (then in {@code out}); otherwise call {@link #read} on a worker.
     */
    public TickHistory.Read tryMemory(String exchange, String symbol, long from, long to, long afterTime,
                                      long afterSequence, int max, TickHistory.Ticks out) {
        if (needsOlder(from, afterTime)) {
            return TickHistory.Read.PARTIAL; // the start is older than memory and every local tier
        }
        return memory.tryRead(exchange, symbol, from, to, afterTime, afterSequence, max, out);
    }

    /**
     * Up to {@code max} ticks of the feed with {@code from <= timestamp < to} and key after
     * ({@code afterTime}, {@code afterSequence}) ({@code Long.MIN_VALUE}s: from the start), into
     * {@code out}. Worker threads (may wait for the applier and borrows a DuckDB reader).
     */
    public void read(String exchange, String symbol, long from, long to, long afterTime, long afterSequence, int max,
                     TickHistory.Ticks out) throws SQLException {
        read(exchange, symbol, from, to, afterTime, afterSequence, max, out, new TiersAnswered());
    }

    /** {@link #read}, noting in {@code tiers} which tiers answered. */
    public void read(String exchange, String symbol, long from, long to, long afterTime, long afterSequence, int max,
                     TickHistory.Ticks out, TiersAnswered tiers) throws SQLException {
        OlderHistory o = older;
        long e = earliest.get(HistoryTable.MARKET_TICKS);
        if (o == null || from >= e || afterTime >= e) { // no part of the page lies before the local tiers
            readLocal(exchange, symbol, from, to, afterTime, afterSequence, max, out, tiers);
            return;
        }
        long split = Math.min(to, e);
        TickHistory.Ticks before = new TickHistory.Ticks();
        o.ticks(exchange, symbol, from, split, afterTime, afterSequence, max, before);
        if (before.size > 0) {
            tiers.add(o.tier());
        }
        out.size = 0;
        out.addAll(before, 0, before.size);
        out.horizon = Long.MAX_VALUE;
        if (before.size >= max || to <= e) {
            return;
        }
        TickHistory.Ticks local = new TickHistory.Ticks();
        readLocal(exchange, symbol, e, to, afterTime, afterSequence, max - before.size, local, tiers);
        out.addAll(local, 0, local.size);
        out.horizon = local.horizon;
    }

    private void readLocal(String exchange, String symbol, long from, long to, long afterTime, long afterSequence,
                           int max, TickHistory.Ticks out, TiersAnswered tiers) throws SQLException {
        TickHistory.Ticks held = new TickHistory.Ticks();
        if (memory.read(exchange, symbol, from, to, afterTime, afterSequence, max, held) == TickHistory.Read.ANSWERED) {
            out.size = 0;
            out.addAll(held, 0, held.size);
            if (held.size > 0) {
                tiers.add(Tier.HOT);
            }
            return;
        }
        long horizon = held.horizon;
        long before = Math.min(to, horizon);
        List<Kept> kept = new ArrayList<>();
        late.forEachAfter(exchange, symbol, Long.MIN_VALUE, (index, t) -> {
            if (t.timestamp >= from && t.timestamp < before && after(t, afterTime, afterSequence)) {
                kept.add(new Kept(index, t));
            }
        });
        List<Sourced> older = pool.readAtAppliedIndex((c, applied) -> {
            List<Sourced> rows = new ArrayList<>();
            long start = EpochMicros.clampAccepted(from);
            long end = EpochMicros.clampAccepted(before);
            TieredTable.Source source = stored.source(c, exchange, start, end);
            String sql = SELECT + source.fromCold() + ", " + source.fromS3() + " FROM " + source.from() + WHERE;
            PreparedStatement s = pool.kept(c, sql); // the SQL differs only by the cold files read
            try {
                s.setString(1, exchange);
                s.setString(2, symbol);
                s.setLong(3, start);
                s.setLong(4, end);
                s.setLong(5, afterTime);
                s.setLong(6, afterTime);
                s.setLong(7, afterSequence);
                s.setLong(8, max);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Sourced(row(rs), rs.getBoolean(13) ? Tier.S3 : rs.getBoolean(12) ? Tier.COLD
                                : Tier.WARM));
                    }
                }
            } catch (SQLException e) {
                pool.discard(c, sql); // a statement a timeout or cancel hit is not reused
                throw e;
            }
            for (Kept k : kept) {
                if (k.index > applied) {
                    rows.add(new Sourced(k.tick, Tier.HOT));
                }
            }
            return rows;
        });
        // The tiers of the rows that make the answer, each row marked where it was read.
        older.sort(KEY_ORDER);
        out.size = 0;
        for (int i = 0; i < older.size() && out.size < max; i++) {
            out.add(older.get(i).tick);
            tiers.add(older.get(i).tier);
        }
        int fromMemory = Math.min(held.size, max - out.size);
        out.addAll(held, 0, fromMemory);
        if (fromMemory > 0) {
            tiers.add(Tier.HOT);
        }
        out.horizon = horizon;
    }

    /** Whether {@code t}'s key is after the cursor ({@code Long.MIN_VALUE}: no cursor). */
    private static boolean after(TickRecord t, long afterTime, long afterSequence) {
        return t.timestamp > afterTime || (t.timestamp == afterTime && t.sequenceNumber > afterSequence);
    }

    private static TickRecord row(ResultSet rs) throws SQLException {
        TickRecord t = new TickRecord();
        t.timestamp = rs.getLong(1);
        t.sequenceNumber = rs.getLong(2);
        t.bidPrice = Decimal8.fromNullable(rs.getBigDecimal(3));
        t.askPrice = Decimal8.fromNullable(rs.getBigDecimal(4));
        t.bidSize = Decimal8.fromNullable(rs.getBigDecimal(5));
        t.askSize = Decimal8.fromNullable(rs.getBigDecimal(6));
        t.lastPrice = Decimal8.fromNullable(rs.getBigDecimal(7));
        t.lastSize = Decimal8.fromNullable(rs.getBigDecimal(8));
        t.volume = Decimal8.fromNullable(rs.getBigDecimal(9));
        t.conditions = rs.getString(10);
        t.tape = rs.getString(11);
        return t;
    }

    /** A tick the hot tier keeps, with its journal index. */
    private record Kept(long index, TickRecord tick) {
    }

    /** A tick read before memory's part, with the tier it came from. */
    private record Sourced(TickRecord tick, Tier tier) {
    }
}

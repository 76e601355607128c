package io.tickstore.store.read;

import io.tickstore.store.bars.BarHistory;
import io.tickstore.store.bars.BarState;
import io.tickstore.store.bars.Timeframe;
import io.tickstore.store.hot.LateTicks;
import io.tickstore.store.model.EpochMicros;
import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.TickRecord;
import io.tickstore.store.ticks.TickHistory;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import io.tickstore.store.cold.ColdEnds;
import io.tickstore.store.cold.TieredTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One feed's OHLCV bars, from the tiers that hold them, by the same merge rule as {@link TickReader}:
 * memory from a horizon on; before it, DuckDB's stored bars as of its applied index W with the trades
 * the hot tier keeps for messages after W folded in (bars are mergeable state, {@link BarState}, so
 * the result is exactly the bar a direct computation over every trade gives).
 *
 * <ul>
 * <li>{@link #stored}: a standard timeframe's bars (memory: {@link BarHistory}; DuckDB: {@code ohlcv_bars}).</li>
 * <li>{@link #fromTrades}: any other timeframe, built from the trade ticks (memory: {@link TickHistory};
 *     DuckDB and cold files: {@code market_ticks}, see {@link TieredTable}), for the first {@code limit + 1} buckets.</li>
 * </ul>
 * Worker threads (they may wait for the applier and borrow a DuckDB reader).
 *
 * <p>With an {@link OlderHistory} (hybrid reads), the buckets that start before the earliest tick the
 * local tiers hold ({@link EarliestLocal}) are built there from the trade ticks, whole (a bucket across
 * that time too: the local tiers hold only its end), the later buckets locally.
 */
public final class BarReader {
    private static final String STORED_SQL = "SELECT epoch_us(bucket_start), open, high, low, close, volume, "
            + "price_volume, trade_count, epoch_us(open_time), open_sequence, open_journal_index, epoch_us(close_time), "
            + "close_sequence, close_journal_index FROM ohlcv_bars WHERE exchange = ? AND symbol = ? AND timeframe = ? "
            + "AND bucket_start >= make_timestamp(?) AND bucket_start < make_timestamp(?) ORDER BY bucket_start LIMIT ?";

    /** Trade ticks by target bucket, for the first {@code limit + 1} target buckets. */
    private static final String TRADES_SELECT = "WITH src AS (SELECT (epoch_us(timestamp) // ?) * ? AS target, "
            + "epoch_us(timestamp) AS t, sequence_number, journal_index, last_price, last_size, ";
    private static final String TRADES_WHERE = " WHERE exchange = ? AND symbol = ? AND last_price IS NOT NULL "
            + "AND timestamp >= make_timestamp(?) AND timestamp < make_timestamp(?)), "
            + "page AS (SELECT DISTINCT target FROM src ORDER BY target LIMIT ?) "
            + "SELECT * FROM src WHERE target <= (SELECT max(target) FROM page)";

    /** Ticks read from memory at a time while building bars from trades. */
    private static final int MEMORY_PAGE = 4096;

    private final BarHistory bars;
    private final TickHistory ticks;
    private final LateTicks late;
    private final ReaderPool pool;
    private final TieredTable storedTicks;
    private final EarliestLocal earliest;
    private volatile OlderHistory older;

    /** {@code storedTicks}: market_ticks across the warm and cold tiers; {@code earliest}: the first tick the local tiers hold. */
    public BarReader(BarHistory bars, TickHistory ticks, LateTicks late, ReaderPool pool, TieredTable storedTicks,
                     EarliestLocal earliest) {
        this.bars = bars;
        this.ticks = ticks;
        this.late = late;
        this.pool = pool;
        this.storedTicks = storedTicks;
        this.earliest = earliest;
    }

    /** Answers the buckets before the local tiers' earliest tick from {@code older} (null: nowhere). */
    void olderFrom(OlderHistory older) {
        this.older = older;
    }

    /** Memory only, never waiting: true (bars in {@code out}) when memory holds the whole range. */
    public boolean tryMemory(String exchange, String symbol, Timeframe standard, long start, long end, int max,
                             BarHistory.Bars out) {
        if (older != null && start < earliest.get(HistoryTable.MARKET_TICKS)) {
            return false;
        }
        return start >= bars.read(exchange, symbol, standard, start, end, max, out);
    }

    /**
     * Up to {@code max} bars of a standard timeframe with {@code start <= bucket_start < end}, in
     * bucket order, into {@code out}.
     */
    public void stored(String exchange, String symbol, Timeframe standard, long start, long end, int max,
                       BarHistory.Bars out) throws SQLException {
        stored(exchange, symbol, standard, start, end, max, out, new TiersAnswered());
    }

    /** {@link #stored}, noting in {@code tiers} which tiers answered. */
    public void stored(String exchange, String symbol, Timeframe standard, long start, long end, int max,
                       BarHistory.Bars out, TiersAnswered tiers) throws SQLException {
        OlderHistory o = older;
        long micros = standard.micros();
        long split = alignUp(earliest.get(HistoryTable.MARKET_TICKS), micros);
        if (o == null || start >= split) {
            storedLocal(exchange, symbol, standard, start, end, max, out, tiers);
            return;
        }
        // Buckets [start, end) of the older part are those from the first aligned start before split.
        long last = Math.min(alignUp(end, micros), split);
        TreeMap<Long, BarState> before = o.barsFromTrades(exchange, symbol, micros, alignUp(start, micros), last, max);
        if (!before.isEmpty()) {
            tiers.add(o.tier());
        }
        out.size = 0;
        for (BarState b : before.values()) {
            out.add(b);
        }
        if (out.size >= max || end <= split) {
            return;
        }
        BarHistory.Bars local = new BarHistory.Bars();
        storedLocal(exchange, symbol, standard, split, end, max - out.size, local, tiers);
        out.addAll(local, 0, local.size);
    }

    private void storedLocal(String exchange, String symbol, Timeframe standard, long start, long end, int max,
                             BarHistory.Bars out, TiersAnswered tiers) throws SQLException {
        // Memory's bars go straight into the caller's buffer (a query worker reuses it): a range memory
        // answers whole, the usual one, copies and allocates nothing more. Only a range that starts
        // before memory's horizon moves them aside, to follow the older tiers' bars.
        long horizon = bars.read(exchange, symbol, standard, start, end, max, out);
        if (start >= horizon) {
            if (out.size > 0) {
                tiers.add(Tier.HOT);
            }
            return;
        }
        BarHistory.Bars held = new BarHistory.Bars();
        held.addAll(out, 0, out.size);
        out.size = 0;
        long before = Math.min(end, horizon);
        // Days whose ticks are cold have no stored bars (a move takes them out of DuckDB with the ticks):
        // their bars are built from the ticks, by the same rules.
        long coldEnd = coldEnd(exchange);
        if (start < coldEnd) {
            // The buckets that start in [start, cut), whole: their trades, from the first one's start to the
            // last one's end.
            long cut = Math.min(before, coldEnd);
            List<BarState> fromCold = fromTradesLocal(exchange, symbol, standard.micros(),
                    alignUp(start, standard.micros()), alignUp(cut, standard.micros()), max, tiers);
            // (a (max + 1)th bucket there only marks where a page of built bars would go on: never taken)
            for (int i = 0; i < fromCold.size() && out.size < max; i++) {
                out.add(fromCold.get(i));
            }
            if (out.size == max || before <= coldEnd) {
                addHeld(held, max, out, tiers);
                return;
            }
            start = coldEnd;
        }
        long from = start;
        List<Kept> kept = keptTrades(exchange, symbol, standard.micros(), from, before);
        TreeMap<Long, BarState> older = pool.readAtAppliedIndex((c, applied) -> {
            TreeMap<Long, BarState> found = new TreeMap<>();
            try (PreparedStatement s = pool.prepare(c, STORED_SQL)) {
                s.setString(1, exchange);
                s.setString(2, symbol);
                s.setString(3, standard.label());
                s.setLong(4, EpochMicros.clampAccepted(from));
                s.setLong(5, EpochMicros.clampAccepted(before));
                s.setLong(6, max - out.size);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        BarState b = new BarState();
                        b.clear(rs.getLong(1));
                        b.readStored(rs, 2);
                        found.put(b.bucketStart, b);
                        tiers.add(Tier.WARM);
                    }
                }
            }
            // With the limit reached, buckets after the last one read are past the page: a kept trade
            // there must not make a bar that lacks its stored part.
            long last = found.size() == max - out.size ? found.lastKey() : Long.MAX_VALUE;
            if (fold(kept, applied, standard.micros(), last, found)) {
                tiers.add(Tier.HOT);
            }
            return found;
        });
        for (BarState b : older.values()) {
            if (out.size == max) {
                return;
            }
            out.add(b);
        }
        addHeld(held, max, out, tiers);
    }

    /** Memory's bars (after what DuckDB or the cold tier gave), up to {@code max} in all. */
    private static void addHeld(BarHistory.Bars held, int max, BarHistory.Bars out, TiersAnswered tiers) {
        int fromMemory = Math.min(held.size, max - out.size);
        if (fromMemory > 0) {
            out.addAll(held, 0, fromMemory);
            tiers.add(Tier.HOT);
        }
    }

    /**
     * The end (exclusive, epoch micros) of the newest day of {@code exchange} whose ticks are in the cold
     * tier, or {@code Long.MIN_VALUE} when none is ({@link ColdEnds}; a day that failed to move is built
     * from its warm ticks there, just as exactly).
     */
    private long coldEnd(String exchange) throws SQLException {
        return pool.readAtAppliedIndex((c, applied) -> {
            // Prepared each time, never kept: DuckDB fixes a prepared plan by the table statistics it was
            // prepared under, and a kept statement that first read the manifest while it was empty went on
            // answering "no cold days" after a move (those days' bars then came back empty).
            try (PreparedStatement s = pool.prepare(c, ColdEnds.SQL); ResultSet rs = s.executeQuery()) {
                return ColdEnds.read(rs).getOrDefault(exchange, Long.MIN_VALUE);
            }
        });
    }

    /**
     * Bars of {@code micros} (any timeframe) built from the trade ticks with {@code start <= timestamp < end}:
     * the first {@code limit + 1} buckets in order (the last of them only to mark where the next page
     * starts: it may lack trades).
     */
    public List<BarState> fromTrades(String exchange, String symbol, long micros, long start, long end, int limit)
            throws SQLException {
        return fromTrades(exchange, symbol, micros, start, end, limit, new TiersAnswered());
    }

    /** {@link #fromTrades}, noting in {@code tiers} which tiers answered. */
    public List<BarState> fromTrades(String exchange, String symbol, long micros, long start, long end, int limit,
                                     TiersAnswered tiers) throws SQLException {
        OlderHistory o = older;
        long split = alignUp(earliest.get(HistoryTable.MARKET_TICKS), micros);
        if (o == null || start >= split) {
            return fromTradesLocal(exchange, symbol, micros, start, end, limit, tiers);
        }
        long last = Math.min(end, split);
        List<BarState> out = new ArrayList<>(o.barsFromTrades(exchange, symbol, micros, start, last, limit + 1).values());
        if (!out.isEmpty()) {
            tiers.add(o.tier());
        }
        if (out.size() > limit || end <= split) {
            return out;
        }
        out.addAll(fromTradesLocal(exchange, symbol, micros, split, end, limit - out.size(), tiers));
        return out;
    }

    private List<BarState> fromTradesLocal(String exchange, String symbol, long micros, long start, long end, int limit,
                                           TiersAnswered tiers) throws SQLException {
        int targets = limit + 1;
        TickHistory.Ticks held = new TickHistory.Ticks();
        TickHistory.Read r = ticks.read(exchange, symbol, start, end, Long.MIN_VALUE, Long.MIN_VALUE, MEMORY_PAGE, held);
        TreeMap<Long, BarState> found = new TreeMap<>();
        if (r != TickHistory.Read.ANSWERED) {
            long before = Math.min(end, held.horizon);
            List<Kept> kept = keptTrades(exchange, symbol, micros, start, before);
            found = pool.readAtAppliedIndex((c, applied) -> {
                TreeMap<Long, BarState> part = new TreeMap<>();
                long from = EpochMicros.clampAccepted(start);
                long to = EpochMicros.clampAccepted(before);
                TieredTable.Source source = storedTicks.source(c, exchange, from, to);
                String sql = TRADES_SELECT + source.fromCold() + " AS from_cold, " + source.fromS3() + " AS from_s3 FROM "
                        + source.from() + TRADES_WHERE;
                try (PreparedStatement s = pool.prepare(c, sql)) {
                    s.setLong(1, micros);
                    s.setLong(2, micros);
                    s.setString(3, exchange);
                    s.setString(4, symbol);
                    s.setLong(5, from);
                    s.setLong(6, to);
                    s.setLong(7, targets);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            bar(part, rs.getLong(1)).addTrade(Decimal8.fromBigDecimal(rs.getBigDecimal(5)),
                                    Decimal8.fromBigDecimal(rs.getBigDecimal(6)), rs.getLong(2), rs.getLong(3),
                                    rs.getLong(4));
                            tiers.add(rs.getBoolean(8) ? Tier.S3 : rs.getBoolean(7) ? Tier.COLD : Tier.WARM);
                        }
                    }
                }
                long last = part.size() == targets ? part.lastKey() : Long.MAX_VALUE;
                if (fold(kept, applied, micros, last, part)) {
                    tiers.add(Tier.HOT);
                }
                return part;
            });
        }
        // Memory's part, in key order: read on until a trade would open a bucket past the page.
        while (true) {
            for (int i = 0; i < held.size; i++) {
                if (held.lastPrice(i) == Decimal8.NULL) {
                    continue;
                }
                long target = Math.floorDiv(held.timestamp(i), micros) * micros;
                if (found.size() >= targets && target > found.lastKey()) {
                    return first(found, targets);
                }
                // The arrival order within equal (timestamp, sequence_number) cannot occur: a feed's
                // sequence numbers are unique. The journal index only breaks such ties, so none is needed here.
                bar(found, target).addTrade(held.lastPrice(i), held.lastSize(i), held.timestamp(i),
                        held.sequenceNumber(i), 0);
                tiers.add(Tier.HOT);
            }
            if (held.size < MEMORY_PAGE) {
                return first(found, targets);
            }
            long afterTime = held.timestamp(held.size - 1);
            long afterSequence = held.sequenceNumber(held.size - 1);
            ticks.read(exchange, symbol, start, end, afterTime, afterSequence, MEMORY_PAGE, held);
        }
    }

    private static List<BarState> first(TreeMap<Long, BarState> found, int n) {
        List<BarState> out = new ArrayList<>(Math.min(n, found.size()));
        for (BarState b : found.values()) {
            if (out.size() == n) {
                break;
            }
            out.add(b);
        }
        return out;
    }

    private static BarState bar(TreeMap<Long, BarState> bars, long bucket) {
        BarState b = bars.get(bucket);
        if (b == null) {
            b = new BarState();
            b.clear(bucket);
            bars.put(bucket, b);
        }
        return b;
    }

    /** The feed's kept trades (messages DuckDB may not have) whose bucket of {@code micros} is in [start, before). */
    private List<Kept> keptTrades(String exchange, String symbol, long micros, long start, long before) {
        List<Kept> kept = new ArrayList<>();
        late.forEachAfter(exchange, symbol, Long.MIN_VALUE, (index, t) -> {
            if (t.isTrade()) {
                long bucket = Math.floorDiv(t.timestamp, micros) * micros;
                if (bucket >= start && bucket < before) {
                    kept.add(new Kept(index, t));
                }
            }
        });
        return kept;
    }

    /** The first multiple of {@code micros} at or after {@code t} ({@code Long.MAX_VALUE} stays). */
    private static long alignUp(long t, long micros) {
        if (t > Long.MAX_VALUE - micros) {
            return Long.MAX_VALUE;
        }
        return Math.floorDiv(t + micros - 1, micros) * micros;
    }

    /**
     * Folds the kept trades of messages after {@code applied} into their buckets, up to {@code lastBucket};
     * whether any was.
     */
    private static boolean fold(List<Kept> kept, long applied, long micros, long lastBucket, Map<Long, BarState> into) {
        TreeMap<Long, BarState> bars = (TreeMap<Long, BarState>) into;
        boolean any = false;
        for (Kept k : kept) {
            if (k.index <= applied) {
                continue; // DuckDB's rows hold it
            }
            TickRecord t = k.tick;
            long bucket = Math.floorDiv(t.timestamp, micros) * micros;
            if (bucket > lastBucket) {
                continue;
            }
            bar(bars, bucket).addTrade(t.lastPrice, t.lastSize, t.timestamp, t.sequenceNumber, k.index);
            any = true;
        }
        return any;
    }

    /** A trade tick the hot tier keeps, with its journal index. */
    private record Kept(long index, TickRecord tick) {
    }
}

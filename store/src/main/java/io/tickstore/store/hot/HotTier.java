package io.tickstore.store.hot;

import io.tickstore.config.PortfolioConfig;
import io.tickstore.store.bars.BarHistory;
import io.tickstore.store.bars.BarPreload;
import io.tickstore.store.bars.BarState;
import io.tickstore.store.bars.HotBars;
import io.tickstore.store.bars.Timeframe;
import io.tickstore.store.journal.Journal;
import io.tickstore.store.live.BarUpdate;
import io.tickstore.store.live.LiveBatch;
import io.tickstore.store.live.LiveListener;
import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.model.OrderRecord;
import io.tickstore.store.model.TickRecord;
import io.tickstore.store.model.TradeRecord;
import io.tickstore.store.positions.PortfolioSnapshot;
import io.tickstore.store.positions.Portfolio;
import io.tickstore.store.positions.Position;
import io.tickstore.store.positions.PositionBook;
import io.tickstore.store.positions.PositionChange;
import io.tickstore.store.positions.PositionUpdate;
import io.tickstore.store.quotes.LatestQuotes;
import io.tickstore.store.quotes.Quote;
import io.tickstore.store.read.EarliestLocal;
import io.tickstore.store.read.HistoryTable;
import io.tickstore.store.ticks.TickHistory;
import io.tickstore.store.write.StoredState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hot tier: the in-memory state every query and the live stream read, applied right after the
 * journal — so a message is queryable as soon as it is acked (well, microseconds after), not when
 * DuckDB stores it. It holds the latest quotes, the bars of every standard timeframe
 * ({@link BarHistory}), the newest ticks ({@link TickHistory}), the positions and the portfolio, and,
 * until DuckDB has stored them, the rows DuckDB does not have yet that memory alone would not answer
 * for: orders, fills, position changes, portfolio snapshots and late ticks ({@link UnstoredLog}).
 *
 * <p>The one merge rule readers follow: DuckDB's rows as of its applied index W (read in one
 * snapshot together with W), plus these rows with a journal index after W; a range memory holds whole
 * (from a horizon on) is answered from memory alone.
 *
 * <p>Its size is bounded: what it holds for messages DuckDB has not stored is counted
 * ({@link #unstoredBytes}), and ingest is held back when that passes {@code hot.max_unstored_mb}.
 *
 * <p>One applier thread ({@link #apply}, {@link #publish}; start-up's replay before it); the DuckDB
 * sink's runner tells it what is stored ({@link #stored}); readers from any thread.
 */
public final class HotTier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HotTier.class);
    /** Live batches are handed over at most this often while messages keep arriving. */
    static final long LIVE_FLUSH_NANOS = 5_000_000L;
    /** What a message costs while DuckDB has not stored it: a held tick, a kept tick copy, a kept row. */
    private static final int TICK_BYTES = 100;
    private static final int LATE_TICK_BYTES = 260;
    private static final int ROW_BYTES = 520;

    private final LatestQuotes quotes = new LatestQuotes();
    private final HotBars bars;
    private final TickHistory ticks;
    private final EarliestLocal earliest = new EarliestLocal();
    private final LateTicks late = new LateTicks();
    private final UnstoredLog<OrderRecord> orders = new UnstoredLog<>();
    private final UnstoredLog<TradeRecord> trades = new UnstoredLog<>();
    private final UnstoredLog<PositionChange> positionChanges = new UnstoredLog<>();
    private final UnstoredLog<PortfolioSnapshot> portfolioSnapshots = new UnstoredLog<>();
    private final PositionBook positions = new PositionBook();
    private final Portfolio portfolio;
    /** The positions as of the last publish, by exchange NUL symbol NUL strategy (so in that order). */
    private final ConcurrentSkipListMap<String, PositionUpdate> publishedPositions = new ConcurrentSkipListMap<>();
    private final UnstoredBytes unstored = new UnstoredBytes();
    private volatile long appliedIndex = Journal.NONE;
    private volatile long storedIndex = Journal.NONE;
    private volatile long nextSnapshotAt = Long.MIN_VALUE;
    private volatile LiveListener listener;
    // Applier thread only.
    private long pendingIndex = Journal.NONE;
    private long pendingBytes;
    private final ArrayList<TickRecord> liveTicks = new ArrayList<>();
    private final ArrayList<OrderRecord> liveOrders = new ArrayList<>();
    private final LinkedHashMap<String, Quote> liveQuotes = new LinkedHashMap<>();
    private final LinkedHashMap<String, PositionUpdate> livePositions = new LinkedHashMap<>();
    private boolean liveBars;
    private BarPreload.Plan barPreload;
    private long liveSinceNanos;
    private boolean livePending;

    public HotTier(BarHistory barMemory, TickHistory tickMemory, PortfolioConfig portfolioConfig) {
        this.bars = new HotBars(barMemory);
        this.ticks = tickMemory;
        this.portfolio = new Portfolio(portfolioConfig.startingCash(), portfolioConfig.snapshotIntervalSeconds());
    }

    // ---- start-up

    /**
     * Start-up, before any apply: the state DuckDB holds as of its applied index {@code storedIndex}
     * (quotes, positions, portfolio, each feed's latest times, the recent bars), read over {@code c}.
     * The caller then replays the journal after {@code storedIndex} through {@link #apply}.
     */
    public void restore(Connection c, long storedIndex, PortfolioConfig config) throws SQLException {
        this.storedIndex = storedIndex;
        this.appliedIndex = storedIndex;
        this.pendingIndex = storedIndex;
        StoredState.restore(c, quotes, positions, portfolio, config.startingCash());
        quotes.publish();
        for (Position p : positions.all()) {
            publishedPositions.put(key(p.exchange, p.symbol, p.strategyId), PositionUpdate.of(p));
        }
        nextSnapshotAt = portfolio.nextSnapshotAt();
        long latestTrade = Long.MIN_VALUE;
        List<StoredState.FeedTimes> feeds = StoredState.feeds(c);
        for (StoredState.FeedTimes f : feeds) {
            ticks.loadHorizon(f.exchange(), f.symbol(), f.latestTick());
            if (f.latestTrade() != Long.MIN_VALUE) {
                bars.restoreLatestTradeTime(f.exchange(), f.symbol(), f.latestTrade());
                latestTrade = Math.max(latestTrade, f.latestTrade());
            }
        }
        if (latestTrade == Long.MIN_VALUE) {
            return;
        }
        BarHistory history = bars.history();
        long cutoff = Timeframe.D1.bucketStart(latestTrade) - history.keepMicros();
        // Ready with each feed's latest hour (latest day for daily bars); BarPreload loads the rest.
        long readFrom = Long.MAX_VALUE;
        List<BarPreload.Feed> withTrades = new ArrayList<>();
        for (StoredState.FeedTimes f : feeds) {
            if (f.latestTrade() == Long.MIN_VALUE) {
                continue;
            }
            withTrades.add(new BarPreload.Feed(f.exchange(), f.symbol()));
            for (int tf = 0; tf < Timeframe.STANDARD.size(); tf++) {
                long h = Math.max(cutoff, startupHorizon(Timeframe.STANDARD.get(tf), f.latestTrade()));
                history.restoreHorizon(f.exchange(), f.symbol(), tf, h);
                readFrom = Math.min(readFrom, h);
            }
        }
        long start = System.nanoTime();
        int n = 0;
        try (PreparedStatement p = c.prepareStatement(BarPreload.STORED_BARS_SQL)) {
            p.setLong(1, readFrom);
            try (ResultSet rs = p.executeQuery()) {
                BarState bar = new BarState();
                while (rs.next()) {
                    String exchange = rs.getString(1);
                    String symbol = rs.getString(2);
                    int tf = Timeframe.standardIndex(rs.getString(3));
                    long bucket = rs.getLong(4);
                    if (tf < 0 || bucket < history.horizon(exchange, symbol, tf)) {
                        continue; // the background preload's part
                    }
                    bar.clear(bucket);
                    bar.readStored(rs, 5);
                    history.restoreBar(exchange, symbol, tf, bar);
                    n++;
                }
            }
        }
        barPreload = new BarPreload.Plan(cutoff, withTrades);
        history.startPreload(); // before the replay: every trade before a horizon from now on is remembered
        LOG.info("hot tier: {} feeds, {} stored bars of each feed's latest hour loaded in {} ms; bars from {} on "
                + "load in the background", feeds.size(), n, (System.nanoTime() - start) / 1_000_000,
                java.time.Instant.ofEpochSecond(0, cutoff * 1000));
    }

    /** Start-up: the first bucket memory holds before the preload, for a feed whose latest trade is at {@code latest}. */
    private static long startupHorizon(Timeframe timeframe, long latest) {
        Timeframe span = timeframe.micros() > Timeframe.H1.micros() ? timeframe : Timeframe.H1;
        return timeframe.bucketStart(span.bucketStart(latest));
    }

    /** What start-up left for the background bar preload; null when no stored feed has trades. */
    public BarPreload.Plan barPreloadPlan() {
        return barPreload;
    }

    // ---- the applier thread

    /** Applies one journaled message. Applier thread (or start-up's replay). */
    public void apply(IngestMessage m, long journalIndex) {
        LiveListener l = listener;
        switch (m.type) {
            case TICK -> applyTick(m.tick, journalIndex, l);
            case ORDER -> {
                OrderRecord copy = new OrderRecord();
                copy.copyFrom(m.order);
                orders.add(journalIndex, copy);
                earliest.seen(HistoryTable.ORDERS, copy.createdAt);
                pendingBytes += ROW_BYTES;
                if (l != null) {
                    liveOrders.add(copy);
                    markLive();
                }
            }
            case TRADE -> {
                TradeRecord copy = new TradeRecord();
                copy.copyFrom(m.trade);
                trades.add(journalIndex, copy);
                PositionChange change = positions.onFill(copy, journalIndex);
                positionChanges.add(journalIndex, change);
                earliest.seen(HistoryTable.TRADES, copy.executedAt);
                earliest.seen(HistoryTable.POSITION_SNAPSHOTS, change.time());
                portfolio.onFill(copy);
                pendingBytes += 2 * ROW_BYTES;
            }
            case PORTFOLIO_SNAPSHOT -> {
                for (PortfolioSnapshot s : portfolio.snapshotIfDue(m.snapshotAt, positions, this::latestTradePrice)) {
                    portfolioSnapshots.add(journalIndex, s);
                    earliest.seen(HistoryTable.PORTFOLIO_SNAPSHOTS, s.time());
                    pendingBytes += ROW_BYTES;
                }
                nextSnapshotAt = portfolio.nextSnapshotAt();
            }
        }
        pendingIndex = journalIndex;
    }

    private void applyTick(TickRecord t, long journalIndex, LiveListener l) {
        earliest.seen(HistoryTable.MARKET_TICKS, t.timestamp);
        quotes.apply(t, journalIndex);
        boolean held = ticks.stage(t, journalIndex);
        if (t.isTrade()) {
            boolean liveBar = l != null && l.wantsBars(t.exchange, t.symbol);
            held &= bars.onTrade(t.exchange, t.symbol, t.lastPrice, t.lastSize, t.timestamp, t.sequenceNumber,
                    journalIndex, storedIndex, liveBar);
            if (liveBar) {
                liveBars = true;
                markLive();
            }
        }
        if (held) {
            pendingBytes += TICK_BYTES;
        } else {
            late.add(t, journalIndex);
            pendingBytes += LATE_TICK_BYTES;
        }
        if (l != null && l.wantsTicks(t.exchange, t.symbol)) {
            TickRecord copy = new TickRecord();
            copy.copyFrom(t);
            liveTicks.add(copy);
            markLive();
        }
    }

    private void markLive() {
        if (!livePending) {
            livePending = true;
            liveSinceNanos = System.nanoTime();
        }
    }

    private Long latestTradePrice(String exchange, String symbol) {
        long price = quotes.pendingLastPrice(exchange, symbol);
        return price == Long.MIN_VALUE ? null : price;
    }

    /**
     * End of a batch: makes everything applied visible to readers (quotes, ticks, positions; bars and
     * kept rows are visible as applied), drops what DuckDB has stored meanwhile, moves the hot applied
     * index, and hands the live stream what changed if it is due. Applier thread.
     */
    public void publish() {
        long stored = storedIndex;
        List<Quote> newQuotes = quotes.publish();
        ticks.publish(stored);
        List<PositionUpdate> changed = positions.hasWork() ? positions.updates() : List.of();
        positions.committed();
        for (PositionUpdate p : changed) {
            publishedPositions.put(key(p.exchange(), p.symbol(), p.strategyId()), p);
        }
        if (pendingIndex != appliedIndex) {
            unstored.add(pendingIndex, pendingBytes);
            pendingBytes = 0;
            appliedIndex = pendingIndex;
        }
        release(stored);
        LiveListener l = listener;
        if (l == null) {
            return;
        }
        for (Quote q : newQuotes) {
            liveQuotes.put(key(q.exchange(), q.symbol(), ""), q);
            markLive();
        }
        for (PositionUpdate p : changed) {
            livePositions.put(key(p.exchange(), p.symbol(), p.strategyId()), p);
            markLive();
        }
        if (livePending && System.nanoTime() - liveSinceNanos >= LIVE_FLUSH_NANOS) {
            flushLive();
        }
    }

    /** Hands the live stream what changed since its last batch, if anything. Applier thread (also when idle). */
    public void flushLive() {
        LiveListener l = listener;
        if (bars.hasPreloadRevisions() && bars.takePreloadRevisions(l == null ? (e, s) -> false : l::wantsBars)) {
            liveBars = true;
            markLive();
        }
        if (!livePending || l == null) {
            return;
        }
        List<BarUpdate> barUpdates = liveBars ? bars.updates() : List.of();
        LiveBatch batch = new LiveBatch(appliedIndex, barUpdates, List.copyOf(liveQuotes.values()),
                List.copyOf(liveTicks), List.copyOf(liveOrders), List.copyOf(livePositions.values()));
        liveQuotes.clear();
        liveTicks.clear();
        liveOrders.clear();
        livePositions.clear();
        liveBars = false;
        livePending = false;
        try {
            l.applied(batch);
        } catch (RuntimeException e) {
            LOG.warn("live listener failed", e);
        }
    }

    // ---- DuckDB's progress

    /**
     * DuckDB has stored every message up to {@code index}: drop what the hot tier kept for them. Any
     * thread (the DuckDB sink's runner after each batch).
     */
    public void stored(long index) {
        if (index > storedIndex) {
            storedIndex = index;
        }
        release(index);
    }

    private void release(long index) {
        late.release(index);
        orders.release(index);
        trades.release(index);
        positionChanges.release(index);
        portfolioSnapshots.release(index);
        unstored.release(index);
    }

    // ---- readers

    /** The journal index of the last message the hot tier made visible (queryable). */
    public long appliedIndex() {
        return appliedIndex;
    }

    /** The journal index DuckDB has stored up to, as far as the hot tier was told. */
    public long storedIndex() {
        return storedIndex;
    }

    /** Estimated bytes the hot tier holds for messages DuckDB has not stored yet. */
    public long unstoredBytes() {
        return unstored.bytes();
    }

    /** When the next scheduled portfolio snapshot is due ({@code Long.MIN_VALUE}: take a first mark to find out). */
    public long nextSnapshotAt() {
        return nextSnapshotAt;
    }

    public LatestQuotes quotes() {
        return quotes;
    }

    /** The portfolio (applier thread only; its schedule's boundary arithmetic is safe from any thread). */
    public Portfolio portfolio() {
        return portfolio;
    }

    public BarHistory bars() {
        return bars.history();
    }

    /** The earliest time of each history table the local tiers hold (this tier lowers it by every row it applies). */
    public EarliestLocal earliestLocal() {
        return earliest;
    }

    public TickHistory ticks() {
        return ticks;
    }

    public LateTicks lateTicks() {
        return late;
    }

    public UnstoredLog<OrderRecord> orders() {
        return orders;
    }

    public UnstoredLog<TradeRecord> trades() {
        return trades;
    }

    public UnstoredLog<PositionChange> positionChanges() {
        return positionChanges;
    }

    public UnstoredLog<PortfolioSnapshot> portfolioSnapshots() {
        return portfolioSnapshots;
    }

    /** The current positions, in (exchange, symbol, strategy_id) order. */
    public Collection<PositionUpdate> positions() {
        return publishedPositions.values();
    }

    /** Sets the one listener told what the hot tier makes queryable (null to remove). */
    public void setListener(LiveListener listener) {
        this.listener = listener;
    }

    private static String key(String exchange, String symbol, String strategy) {
        return exchange + '\u0000' + symbol + '\u0000' + strategy;
    }

    /** Frees tick memory's native memory. Once the applier has stopped. */
    @Override
    public void close() {
        ticks.close();
    }

    /** Bytes kept per applied batch, released as DuckDB stores them. */
    private static final class UnstoredBytes {
        private long[] lastIndex = new long[64];
        private long[] bytes = new long[64];
        private int head;
        private int size;
        private volatile long total;

        synchronized void add(long index, long n) {
            if (size == lastIndex.length) {
                long[] i2 = new long[size * 2];
                long[] b2 = new long[size * 2];
                for (int k = 0; k < size; k++) {
                    i2[k] = lastIndex[(head + k) % lastIndex.length];
                    b2[k] = bytes[(head + k) % bytes.length];
                }
                lastIndex = i2;
                bytes = b2;
                head = 0;
            }
            int at = (head + size) % lastIndex.length;
            lastIndex[at] = index;
            bytes[at] = n;
            size++;
            total += n;
        }

        synchronized void release(long storedIndex) {
            long t = total;
            while (size > 0 && lastIndex[head] <= storedIndex) {
                t -= bytes[head];
                head = (head + 1) % lastIndex.length;
                size--;
            }
            total = t;
        }

        long bytes() {
            return total;
        }
    }
}

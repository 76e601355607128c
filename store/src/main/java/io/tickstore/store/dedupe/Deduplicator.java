package io.tickstore.store.dedupe;

import io.tickstore.store.model.FeedMap;
import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.model.TickRecord;
import java.util.ArrayList;
import java.util.HashSet;

/**
 * Decides whether a tick or a trade is new or a duplicate of one already journaled, and remembers
 * the new ones: ticks by (exchange, symbol, sequence_number), trades by trade_id. (Orders are
 * decided by {@link io.tickstore.store.orders.OrderBook}.)
 *
 * <p>What a frame admits is tentative until {@link #commitFrame} (which also logs the frame's
 * sequence gaps); {@link #rollbackFrame} forgets it, so a refused frame leaves no trace.
 *
 * <p>Single-threaded: only the journaller calls {@link #admit}; it is built before the journaller
 * starts, from the store and the journal's unapplied tail.
 */
public final class Deduplicator {
    private final FeedMap<FeedSequences> feeds = new FeedMap<>();
    private final HashSet<String> tradeIds;
    private final GapLog gapLog;
    // The current frame's tentative changes.
    private final ArrayList<FeedSequences> addedTickFeeds = new ArrayList<>();
    private long[] addedSequences = new long[1024];
    private long[] previousHighest = new long[1024];
    private final ArrayList<String> addedTrades = new ArrayList<>();
    private final ArrayList<SequenceGap> pendingGaps = new ArrayList<>();

    public Deduplicator(GapLog gapLog) {
        this(gapLog, 0);
    }

    /** Sized for {@code expectedTradeIds} trade ids (a snapshot load knows how many). */
    Deduplicator(GapLog gapLog, int expectedTradeIds) {
        this.gapLog = gapLog;
        this.tradeIds = new HashSet<>(Math.max(16, (int) (expectedTradeIds / 0.75f) + 1));
    }

    /**
     * True when the tick or trade {@code m} is new; it is then remembered (until a rollback). False
     * for a duplicate, which changes nothing.
     *
     * @throws IllegalArgumentException for an order (the order book decides those)
     */
    public boolean admit(IngestMessage m) {
        return switch (m.type) {
            case TICK -> admitTick(m.tick);
            case TRADE -> {
                if (!tradeIds.add(m.trade.tradeId)) {
                    yield false;
                }
                addedTrades.add(m.trade.tradeId);
                yield true;
            }
            case ORDER -> throw new IllegalArgumentException("orders are admitted by the order book");
            case PORTFOLIO_SNAPSHOT -> throw new IllegalArgumentException("a portfolio snapshot mark is never a duplicate");
        };
    }

    /** Makes the frame's admissions permanent and logs its sequence gaps. */
    public void commitFrame() {
        for (SequenceGap g : pendingGaps) {
            gapLog.record(g);
        }
        pendingGaps.clear();
        addedTickFeeds.clear();
        addedTrades.clear();
    }

    /** Forgets everything admitted since the last {@link #commitFrame}. */
    public void rollbackFrame() {
        for (int i = addedTickFeeds.size() - 1; i >= 0; i--) {
            FeedSequences f = addedTickFeeds.get(i);
            f.removeLatest(addedSequences[i], previousHighest[i]);
        }
        for (String id : addedTrades) {
            tradeIds.remove(id);
        }
        pendingGaps.clear();
        addedTickFeeds.clear();
        addedTrades.clear();
    }

    /** Remembers a tick or trade that is already journaled (start-up): no gap logging, no duplicate check. */
    public void restore(IngestMessage m) {
        switch (m.type) {
            case TICK -> feed(m.tick.exchange, m.tick.symbol).add(m.tick.sequenceNumber);
            case TRADE -> tradeIds.add(m.trade.tradeId);
            case ORDER, PORTFOLIO_SNAPSHOT -> {
                // orders are restored into the order book; snapshot marks carry nothing to deduplicate
            }
        }
    }

    /** Start-up: a feed's stored sequence numbers {@code from..to} are all present. */
    public void restoreTickRange(String exchange, String symbol, long from, long to) {
        feed(exchange, symbol).addRange(from, to);
    }

    public void restoreTick(String exchange, String symbol, long sequence) {
        feed(exchange, symbol).add(sequence);
    }

    public void restoreTrade(String tradeId) {
        tradeIds.add(tradeId);
    }

    public int feedCount() {
        return feeds.size();
    }

    /** How many trade ids are remembered. */
    public int tradeIdCount() {
        return tradeIds.size();
    }

    /** Whether tick {@code sequence} of the feed is remembered (a re-send of it is a duplicate). */
    public boolean containsTick(String exchange, String symbol, long sequence) {
        FeedSequences f = feeds.get(exchange, symbol);
        return f != null && f.contains(sequence);
    }

    /** Whether trade {@code tradeId} is remembered. */
    public boolean containsTrade(String tradeId) {
        return tradeIds.contains(tradeId);
    }

    /** The highest sequence number remembered for the feed, or {@link Long#MIN_VALUE} for none. */
    public long highestSequence(String exchange, String symbol) {
        FeedSequences f = feeds.get(exchange, symbol);
        return f == null ? FeedSequences.NONE : f.highest;
    }

    /** Snapshot: every feed, in no particular order. Between frames only. */
    <E extends Exception> void forEachFeed(FeedMap.FeedConsumer<FeedSequences, E> consumer) throws E {
        feeds.forEach(consumer);
    }

    /** Snapshot: every trade id. Between frames only. */
    Iterable<String> tradeIds() {
        return tradeIds;
    }

    /** Snapshot load: the feed's sequence numbers, created empty on first use. */
    FeedSequences feedToRestore(String exchange, String symbol) {
        return feed(exchange, symbol);
    }

    /**
     * An independent copy of what is remembered, sharing the gap log (restore-mode users never log
     * a gap). Between frames only.
     */
    Deduplicator copy() {
        Deduplicator c = new Deduplicator(gapLog, tradeIds.size());
        feeds.forEach((exchange, symbol, f) -> c.feeds.computeIfAbsent(exchange, symbol, (e, sym) -> f.copy()));
        c.tradeIds.addAll(tradeIds);
        return c;
    }

    private boolean admitTick(TickRecord t) {
        FeedSequences f = feed(t.exchange, t.symbol);
        long seq = t.sequenceNumber;
        if (f.contains(seq)) {
            return false;
        }
        long highest = f.highest;
        if (highest != FeedSequences.NONE && seq > highest + 1) {
            pendingGaps.add(new SequenceGap(t.exchange, t.symbol, highest + 1, seq - 1,
                    System.currentTimeMillis() * 1000));
        }
        f.add(seq);
        int n = addedTickFeeds.size();
        if (n == addedSequences.length) {
            addedSequences = java.util.Arrays.copyOf(addedSequences, n * 2);
            previousHighest = java.util.Arrays.copyOf(previousHighest, n * 2);
        }
        addedSequences[n] = seq;
        previousHighest[n] = highest;
        addedTickFeeds.add(f);
        return true;
    }

    private FeedSequences feed(String exchange, String symbol) {
        return feeds.computeIfAbsent(exchange, symbol, (e, sym) -> new FeedSequences());
    }
}

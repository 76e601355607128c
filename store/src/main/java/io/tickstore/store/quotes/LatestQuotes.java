package io.tickstore.store.quotes;

import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.FeedMap;
import io.tickstore.store.model.TickRecord;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.duckdb.DuckDBAppender;

/**
 * Latest quote per (exchange, symbol), in memory, and each feed's latest tick time. A tier folds
 * every applied tick in ({@link #apply}); the hot tier publishes new snapshots at the end of each
 * batch ({@link #publish}), the DuckDB sink writes the changed feeds' state to {@code feed_state} in
 * the transaction of its batch ({@link #stageChanged}). A late tick never replaces a newer value.
 * Reads of published quotes are lock-free and safe from any thread; the rest is one tier's thread.
 */
public final class LatestQuotes {
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Quote>> published = new ConcurrentHashMap<>();
    // Writer thread only.
    private final FeedMap<Working> working = new FeedMap<>();
    private final ArrayList<Working> touched = new ArrayList<>();
    /** Bumped after every publish that changed a quote; written by the writer thread only. */
    private volatile long version;

    /**
     * Changes after every {@link #publish} that changed a quote: a reader that saw version v before
     * reading quotes holds quotes at least as new as v (a reply cached under v stays valid until the
     * version moves).
     */
    public long version() {
        return version;
    }

    /** The latest quote of a feed, or null when it has none. */
    public Quote get(String exchange, String symbol) {
        ConcurrentHashMap<String, Quote> bySymbol = published.get(exchange);
        return bySymbol == null ? null : bySymbol.get(symbol);
    }

    /** Every feed's quote, optionally of one exchange. */
    public List<Quote> all(String exchange) {
        List<Quote> out = new ArrayList<>();
        published.forEach((ex, bySymbol) -> {
            if (exchange == null || exchange.equals(ex)) {
                out.addAll(bySymbol.values());
            }
        });
        return out;
    }

    /**
     * Writer thread: the latest trade price of a feed including the batch not yet published (what
     * a value computed inside the commit must use), or {@code Long.MIN_VALUE} if it never traded.
     */
    public long pendingLastPrice(String exchange, String symbol) {
        Working w = working.get(exchange, symbol);
        return w == null ? Long.MIN_VALUE : w.last.price;
    }

    /** Writer thread: folds one applied tick into the pending state. */
    public void apply(TickRecord t, long journalIndex) {
        Working w = working(t.exchange, t.symbol);
        if (t.timestamp > w.latestTime) {
            w.latestTime = t.timestamp;
            w.changed = true;
        }
        if (t.bidPrice != Decimal8.NULL && w.bid.isBefore(t.timestamp, t.sequenceNumber, journalIndex)) {
            w.bid.set(t.bidPrice, t.bidSize, t.timestamp, t.sequenceNumber, journalIndex);
            w.changed = true;
        }
        if (t.askPrice != Decimal8.NULL && w.ask.isBefore(t.timestamp, t.sequenceNumber, journalIndex)) {
            w.ask.set(t.askPrice, t.askSize, t.timestamp, t.sequenceNumber, journalIndex);
            w.changed = true;
        }
        if (t.lastPrice != Decimal8.NULL && w.last.isBefore(t.timestamp, t.sequenceNumber, journalIndex)) {
            w.last.set(t.lastPrice, t.lastSize, t.timestamp, t.sequenceNumber, journalIndex);
            w.changed = true;
        }
        if (w.changed && !w.listed) {
            w.listed = true;
            touched.add(w);
        }
    }

    /** Start-up: a feed's latest stored tick time; the feed has a row in {@code feed_state}. */
    public void restoreLatestTime(String exchange, String symbol, long time) {
        Working w = working(exchange, symbol);
        w.latestTime = Math.max(w.latestTime, time);
        w.stored = true;
    }

    /** A feed's latest tick time in the pending state, or {@code Long.MIN_VALUE}. Writer thread. */
    public long pendingLatestTime(String exchange, String symbol) {
        Working w = working.get(exchange, symbol);
        return w == null ? Long.MIN_VALUE : w.latestTime;
    }

    /**
     * The DuckDB sink, inside its transaction: appends the whole state of every feed changed since the
     * last call, in {@code feed_state} column order — of a feed {@code feed_state} already holds (restored
     * at start, or staged before) to {@code storedFeeds}, of a new one to {@code newFeeds} — and forgets
     * the changes. Returns the rows appended to {@code storedFeeds}. A failed transaction must throw this
     * state away (the sink rebuilds it from the store), as it does the rest of the batch's.
     */
    public int stageChanged(DuckDBAppender storedFeeds, DuckDBAppender newFeeds) throws SQLException {
        int n = 0;
        for (Working w : touched) {
            DuckDBAppender a = w.stored ? storedFeeds : newFeeds;
            a.beginRow();
            a.append(w.exchange);
            a.append(w.symbol);
            w.bid.append(a);
            w.ask.append(a);
            w.last.append(a);
            a.appendEpochMicros(w.latestTime);
            a.endRow();
            if (w.stored) {
                n++;
            }
            w.stored = true;
            w.changed = false;
            w.listed = false;
        }
        touched.clear();
        return n;
    }

    /**
     * The PostgreSQL mirror's {@link #stageChanged}: the whole state of every feed changed since the last
     * call, as values, and forgets the changes.
     */
    public List<FeedState> takeChanged() {
        List<FeedState> out = new ArrayList<>(touched.size());
        for (Working w : touched) {
            out.add(new FeedState(w.exchange, w.symbol, w.bid.state(), w.ask.state(), w.last.state(), w.latestTime));
            w.changed = false;
            w.listed = false;
        }
        touched.clear();
        return out;
    }

    /** One feed's row of {@code feed_state}: each side null when the feed never had one; times in epoch micros. */
    public record FeedState(String exchange, String symbol, SideState bid, SideState ask, SideState last,
                            long latestTime) {
    }

    /** One side of a feed: price and size in Decimal8 units (size {@code Decimal8.NULL} when absent). */
    public record SideState(long price, long size, long time, long sequence, long journalIndex) {
    }

    /** Start-up: the stored state of one side ("bid", "ask" or "last") of a feed. */
    public void restore(String exchange, String symbol, Side side, long price, long size, long time, long sequence,
                        long journalIndex) {
        Working w = working(exchange, symbol);
        Latest l = switch (side) {
            case BID -> w.bid;
            case ASK -> w.ask;
            case LAST -> w.last;
        };
        l.set(price, size, time, sequence, journalIndex);
        if (!w.listed) {
            w.listed = true;
            w.changed = true;
            touched.add(w);
        }
    }

    /**
     * Writer thread, after a commit: makes the batch's changes visible. Returns the new snapshots
     * (for live subscribers).
     */
    public List<Quote> publish() {
        if (touched.isEmpty()) {
            return List.of();
        }
        List<Quote> out = new ArrayList<>(touched.size());
        for (Working w : touched) {
            Quote q = new Quote(w.exchange, w.symbol, w.bid.price, w.bid.size, w.bid.time,
                    w.ask.price, w.ask.size, w.ask.time, w.last.price, w.last.size, w.last.time);
            published.computeIfAbsent(w.exchange, k -> new ConcurrentHashMap<>()).put(w.symbol, q);
            out.add(q);
            w.changed = false;
            w.listed = false;
        }
        touched.clear();
        version = version + 1; // after the puts: a reader seeing the new version sees the new quotes
        return out;
    }

    private Working working(String exchange, String symbol) {
        return working.computeIfAbsent(exchange, symbol, Working::new);
    }

    /** Which part of a quote. */
    public enum Side { BID, ASK, LAST }

    private static final class Working {
        final String exchange;
        final String symbol;
        final Latest bid = new Latest();
        final Latest ask = new Latest();
        final Latest last = new Latest();
        long latestTime = Long.MIN_VALUE;
        boolean changed;
        boolean listed;
        /** The DuckDB sink's state only: {@code feed_state} holds a row of this feed. */
        boolean stored;

        Working(String exchange, String symbol) {
            this.exchange = exchange;
            this.symbol = symbol;
        }
    }

    private static final class Latest {
        long price = Long.MIN_VALUE;
        long size = Long.MIN_VALUE;
        long time = Long.MIN_VALUE;
        long sequence;
        long journalIndex;

        /** True when the held value is older than (time, sequence, journalIndex), or absent. */
        boolean isBefore(long t, long s, long j) {
            if (time == Long.MIN_VALUE) {
                return true;
            }
            if (time != t) {
                return time < t;
            }
            if (sequence != s) {
                return sequence < s;
            }
            return journalIndex < j;
        }

        /** Price, size, time, sequence, journal index: five {@code feed_state} columns (nulls when absent). */
        void append(DuckDBAppender a) throws SQLException {
            if (time == Long.MIN_VALUE) {
                for (int i = 0; i < 5; i++) {
                    a.appendNull();
                }
                return;
            }
            a.appendDecimal(price);
            if (size == Decimal8.NULL) {
                a.appendNull();
            } else {
                a.appendDecimal(size);
            }
            a.appendEpochMicros(time);
            a.append(sequence);
            a.append(journalIndex);
        }

        SideState state() {
            return time == Long.MIN_VALUE ? null : new SideState(price, size, time, sequence, journalIndex);
        }

        void set(long price, long size, long time, long sequence, long journalIndex) {
            this.price = price;
            this.size = size;
            this.time = time;
            this.sequence = sequence;
            this.journalIndex = journalIndex;
        }
    }
}

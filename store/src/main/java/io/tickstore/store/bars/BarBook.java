package io.tickstore.store.bars;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import org.duckdb.DuckDBAppender;

/**
 * The store writer's view of OHLCV bars: for the current batch, one partial {@link BarState} per
 * (feed, standard timeframe, bucket) the batch's trades touched, merged at commit into
 * {@code ohlcv_bars} (the stored bar is the merge of all partials, in any order); and per feed the
 * latest trade time, which decides completeness.
 *
 * <p><b>Complete</b>: a bar is complete once its feed has a trade at or after the bar's end
 * ({@code bucket_start + timeframe <= latest trade time}). A late tick into a complete bar revises it.
 *
 * <p>Writer thread only.
 */
public final class BarBook {
    public static final long NONE = Long.MIN_VALUE;
    private static final int TIMEFRAMES = Timeframe.STANDARD.size();

    private final HashMap<String, HashMap<String, FeedBars>> feeds = new HashMap<>();
    private final ArrayList<FeedBars> touched = new ArrayList<>();

    /** Folds one trade (a tick with last_price) into the batch. */
    public void onTrade(String exchange, String symbol, long price, long size, long time, long sequence,
                        long journalIndex) {
        FeedBars f = feed(exchange, symbol);
        if (!f.listed) {
            f.listed = true;
            touched.add(f);
        }
        if (time > f.latest) {
            f.latest = time;
        }
        for (int i = 0; i < TIMEFRAMES; i++) {
            long bucket = Timeframe.STANDARD.get(i).bucketStart(time);
            BarState bar = f.current[i];
            if (!f.currentUsed[i]) {
                bar.clear(bucket);
                f.currentUsed[i] = true;
            } else if (bar.bucketStart != bucket) {
                bar = f.other(i, bucket);
            }
            bar.addTrade(price, size, time, sequence, journalIndex);
        }
    }

    public boolean hasWork() {
        return !touched.isEmpty();
    }

    /**
     * Appends one row per bar the batch touched, in {@code ohlcv_bars} column order, to
     * {@code stage}. Returns the number of rows.
     */
    public int stageBars(DuckDBAppender stage, long nowMicros) throws SQLException {
        int rows = 0;
        for (FeedBars f : touched) {
            for (int i = 0; i < TIMEFRAMES; i++) {
                Timeframe tf = Timeframe.STANDARD.get(i);
                if (f.currentUsed[i]) {
                    appendBar(stage, f, tf, f.current[i], nowMicros);
                    rows++;
                }
                if (f.others[i] != null) {
                    for (BarState bar : f.others[i].values()) {
                        appendBar(stage, f, tf, bar, nowMicros);
                        rows++;
                    }
                }
            }
        }
        return rows;
    }

    /**
     * Appends (exchange, symbol, timeframe, bucket_start) of bars this batch completed without
     * trading in them: the bar of each feed's previous latest trade, when the batch's trades moved
     * past its end. Returns the number of rows.
     */
    public int stageCompletions(DuckDBAppender flips) throws SQLException {
        int rows = 0;
        for (FeedBars f : touched) {
            if (f.latestBefore == NONE || f.latest <= f.latestBefore) {
                continue;
            }
            for (int i = 0; i < TIMEFRAMES; i++) {
                Timeframe tf = Timeframe.STANDARD.get(i);
                long previous = tf.bucketStart(f.latestBefore);
                if (previous + tf.micros() <= f.latest && !f.touches(i, previous)) {
                    flips.beginRow();
                    flips.append(f.exchange);
                    flips.append(f.symbol);
                    flips.append(tf.label());
                    flips.appendEpochMicros(previous);
                    flips.endRow();
                    rows++;
                }
            }
        }
        return rows;
    }

    /** Whether a bar of this feed was already complete before the current batch (so a change is a revision). */
    public boolean wasComplete(String exchange, String symbol, long bucketStart, long timeframeMicros) {
        FeedBars f = find(exchange, symbol);
        return f != null && f.latestBefore != NONE && bucketStart + timeframeMicros <= f.latestBefore;
    }

    /** After a successful commit: the batch's state becomes the baseline. */
    public void committed() {
        for (FeedBars f : touched) {
            f.latestBefore = f.latest;
            f.listed = false;
            for (int i = 0; i < TIMEFRAMES; i++) {
                f.currentUsed[i] = false;
                if (f.others[i] != null) {
                    f.others[i].clear();
                }
            }
        }
        touched.clear();
    }

    /** Start-up: the latest stored trade time of a feed. */
    public void restoreLatestTradeTime(String exchange, String symbol, long time) {
        FeedBars f = feed(exchange, symbol);
        f.latest = time;
        f.latestBefore = time;
    }

    private static void appendBar(DuckDBAppender a, FeedBars f, Timeframe tf, BarState b, long nowMicros)
            throws SQLException {
        a.beginRow();
        a.append(f.exchange);
        a.append(f.symbol);
        a.append(tf.label());
        a.appendEpochMicros(b.bucketStart);
        a.appendDecimal(b.open);
        a.appendDecimal(b.high);
        a.appendDecimal(b.low);
        a.appendDecimal(b.close);
        a.append(b.volume.toBigDecimal(8));
        a.append(b.tradeCount);
        a.append(b.priceVolume.toBigDecimal(16));
        a.appendEpochMicros(b.openTime);
        a.append(b.openSequence);
        a.append(b.openJournalIndex);
        a.appendEpochMicros(b.closeTime);
        a.append(b.closeSequence);
        a.append(b.closeJournalIndex);
        a.append(b.bucketStart + tf.micros() <= f.latest);
        a.appendEpochMicros(nowMicros);
        a.endRow();
    }

    private FeedBars find(String exchange, String symbol) {
        HashMap<String, FeedBars> bySymbol = feeds.get(exchange);
        return bySymbol == null ? null : bySymbol.get(symbol);
    }

    private FeedBars feed(String exchange, String symbol) {
        HashMap<String, FeedBars> bySymbol = feeds.get(exchange);
        if (bySymbol == null) {
            bySymbol = new HashMap<>();
            feeds.put(exchange, bySymbol);
        }
        FeedBars f = bySymbol.get(symbol);
        if (f == null) {
            f = new FeedBars(exchange, symbol);
            bySymbol.put(symbol, f);
        }
        return f;
    }

    /** One feed's batch partials and trade-time watermark. */
    private static final class FeedBars {
        final String exchange;
        final String symbol;
        final BarState[] current = new BarState[TIMEFRAMES];
        final boolean[] currentUsed = new boolean[TIMEFRAMES];
        @SuppressWarnings("unchecked")
        final HashMap<Long, BarState>[] others = new HashMap[TIMEFRAMES];
        long latest = NONE;
        long latestBefore = NONE;
        boolean listed;

        FeedBars(String exchange, String symbol) {
            this.exchange = exchange;
            this.symbol = symbol;
            for (int i = 0; i < TIMEFRAMES; i++) {
                current[i] = new BarState();
            }
        }

        /** A bar of this batch other than the current one (late or out-of-order trades). */
        BarState other(int timeframe, long bucket) {
            if (others[timeframe] == null) {
                others[timeframe] = new HashMap<>();
            }
            BarState b = others[timeframe].get(bucket);
            if (b == null) {
                b = new BarState();
                b.clear(bucket);
                others[timeframe].put(bucket, b);
            }
            return b;
        }

        boolean touches(int timeframe, long bucket) {
            return (currentUsed[timeframe] && current[timeframe].bucketStart == bucket)
                    || (others[timeframe] != null && others[timeframe].containsKey(bucket));
        }
    }
}

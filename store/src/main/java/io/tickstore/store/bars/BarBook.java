package io.tickstore.store.bars;

import io.tickstore.store.live.BarUpdate;
import java.sql.SQLException;
import io.tickstore.store.model.FeedMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.duckdb.DuckDBAppender;

/**
 * The store writer's OHLCV bars for the standard timeframes. It keeps the full state of each feed's
 * latest bar per timeframe in memory, folds trades into it, and at commit writes every changed bar
 * whole. A bar it does not hold (after a restart, or a late trade into an older bar) is folded as a
 * partial and merged with its stored state, which the writer loads for the whole batch at once
 * ({@link #stageLoads}, {@link #mergeStored}); merging is exact in any order (see {@link BarState}).
 *
 * <p><b>Complete</b>: a bar is complete once its feed has a trade at or after the bar's end
 * ({@code bucket_start + timeframe <= latest trade time}). A late trade into a complete bar revises it.
 * Completeness is not stored (readers apply the rule); a bar that completes without trading is only
 * reported to listeners ({@link #updates}).
 *
 * <p>Writes: a bar the store does not have yet is appended; one it has is replaced. Only bars that
 * traded in the batch are written.
 *
 * <p>Writer thread only. Per batch: {@link #onTrade}…, then at commit {@link #stageLoads},
 * {@link #mergeStored} for each stored row, {@link #stageBars}, and after the commit
 * {@link #committed}.
 */
public final class BarBook {
    public static final long NONE = Long.MIN_VALUE;
    private static final int TIMEFRAMES = Timeframe.STANDARD.size();

    private final FeedMap<FeedBars> feeds = new FeedMap<>();
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
            f.bar(i, Timeframe.STANDARD.get(i).bucketStart(time)).addTrade(price, size, time, sequence, journalIndex);
        }
    }

    public boolean hasWork() {
        return !touched.isEmpty();
    }

    /**
     * Appends the keys (exchange, symbol, timeframe, bucket_start) of bars whose stored state must
     * be loaded and merged before they are written. Returns how many.
     */
    public int stageLoads(DuckDBAppender keys) throws SQLException {
        int rows = 0;
        for (FeedBars f : touched) {
            f.markCompletions();
            for (BarState b : f.pending) {
                if (b.needsLoad) {
                    keys.beginRow();
                    keys.append(f.exchange);
                    keys.append(f.symbol);
                    keys.append(Timeframe.STANDARD.get(b.timeframe).label());
                    keys.appendEpochMicros(b.bucketStart);
                    keys.endRow();
                    rows++;
                }
            }
        }
        return rows;
    }

    /** Merges a stored bar (loaded for {@link #stageLoads}) into the pending one of the same key. */
    public void mergeStored(String exchange, String symbol, String timeframe, BarState stored) {
        FeedBars f = find(exchange, symbol);
        int i = index(timeframe);
        BarState b = f == null || i < 0 ? null : f.pendingBar(i, stored.bucketStart);
        if (b == null || !b.needsLoad) {
            throw new IllegalStateException("stored bar " + exchange + " " + symbol + " " + timeframe + " "
                    + stored.bucketStart + " was not asked for");
        }
        b.merge(stored);
        b.stored = true;
    }

    /**
     * Appends every bar that traded in the batch, whole, in {@code ohlcv_bars} column order: bars the
     * store does not have to {@code fresh} (appended to the table as they are), the others to
     * {@code replace} (staged, then replacing their rows). Call after the loads were merged.
     * Returns the number of rows appended to {@code replace}.
     */
    public int stageBars(DuckDBAppender fresh, DuckDBAppender replace, long nowMicros) throws SQLException {
        int replaced = 0;
        for (FeedBars f : touched) {
            for (BarState b : f.pending) {
                b.needsLoad = false;
                Timeframe tf = Timeframe.STANDARD.get(b.timeframe);
                b.complete = b.tradeCount > 0 && b.bucketStart + tf.micros() <= f.latest;
                if (!b.traded) {
                    continue; // completed without trading: nothing stored changes
                }
                if (b.stored) {
                    appendBar(replace, f, tf, b, nowMicros);
                    replaced++;
                } else {
                    appendBar(fresh, f, tf, b, nowMicros);
                }
            }
        }
        return replaced;
    }

    /** The bars of this batch as they are now stored; call after the commit, before {@link #committed}. */
    public List<BarUpdate> updates() {
        List<BarUpdate> out = new ArrayList<>();
        for (FeedBars f : touched) {
            for (BarState b : f.pending) {
                if (b.tradeCount == 0) {
                    continue;
                }
                Timeframe tf = Timeframe.STANDARD.get(b.timeframe);
                boolean revision = b.traded && f.latestBefore != NONE && b.bucketStart + tf.micros() <= f.latestBefore;
                out.add(new BarUpdate(f.exchange, f.symbol, tf.label(), b.bucketStart, b.open, b.high, b.low, b.close,
                        b.volume.high(), b.volume.low(), b.priceVolume.high(), b.priceVolume.low(), b.tradeCount,
                        b.complete, revision));
            }
        }
        return out;
    }

    /** After a successful commit: keep each feed's latest bar per timeframe, drop the rest. */
    public void committed() {
        for (FeedBars f : touched) {
            f.committed();
        }
        touched.clear();
    }

    /** Start-up: the latest stored trade time of a feed (its latest bars are loaded when next touched). */
    public void restoreLatestTradeTime(String exchange, String symbol, long time) {
        FeedBars f = feed(exchange, symbol);
        f.latest = time;
        f.latestBefore = time;
    }

    private static int index(String timeframe) {
        for (int i = 0; i < TIMEFRAMES; i++) {
            if (Timeframe.STANDARD.get(i).label().equals(timeframe)) {
                return i;
            }
        }
        return -1;
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
        a.appendDecimal(b.volume.low(), b.volume.high()); // DECIMAL(38,8): the low word first
        a.append(b.tradeCount);
        a.appendDecimal(b.priceVolume.low(), b.priceVolume.high());
        a.appendEpochMicros(b.openTime);
        a.append(b.openSequence);
        a.append(b.openJournalIndex);
        a.appendEpochMicros(b.closeTime);
        a.append(b.closeSequence);
        a.append(b.closeJournalIndex);
        a.appendEpochMicros(nowMicros);
        a.endRow();
    }

    private FeedBars find(String exchange, String symbol) {
        return feeds.get(exchange, symbol);
    }

    private FeedBars feed(String exchange, String symbol) {
        return feeds.computeIfAbsent(exchange, symbol, FeedBars::new);
    }

    /**
     * One feed: per timeframe the latest bar, held whole across batches; the bars the batch changed
     * ({@link #pending}); and the trade-time watermarks that decide completeness.
     */
    private static final class FeedBars {
        final String exchange;
        final String symbol;
        /** Latest bar per timeframe, full state; null when not held (e.g. after a restart). */
        final BarState[] latestBar = new BarState[TIMEFRAMES];
        /** Bars of this batch other than the latest ones, by timeframe and bucket. */
        final BatchBars[] others = new BatchBars[TIMEFRAMES];
        /** Bars of earlier batches, free for reuse (a sparse feed opens a bar for nearly every trade). */
        final ArrayList<BarState> spare = new ArrayList<>();
        /** Every bar this batch changes, in first-touch order. */
        final ArrayList<BarState> pending = new ArrayList<>();
        long latest = NONE;
        long latestBefore = NONE;
        boolean listed;

        FeedBars(String exchange, String symbol) {
            this.exchange = exchange;
            this.symbol = symbol;
        }

        /** The bar a trade in {@code bucket} folds into, set up on first touch in this batch. */
        BarState bar(int tf, long bucket) {
            BarState l = latestBar[tf];
            if (l != null && l.bucketStart == bucket) {
                touch(l);
                return l;
            }
            long storedLatestBucket = latestBefore == NONE ? NONE : Timeframe.STANDARD.get(tf).bucketStart(latestBefore);
            if (l == null ? bucket > storedLatestBucket : bucket > l.bucketStart) {
                // A newer bucket than any this feed has: a new bar; the previous latest bar may now complete.
                BarState b = fresh();
                b.start(tf, bucket, false);
                latestBar[tf] = b;
                if (l != null) {
                    otherBars(tf).put(l.bucketStart, l); // kept for its completion until commit
                }
                touch(b);
                return b;
            }
            BarState b = pendingBar(tf, bucket);
            if (b == null) {
                // Not held: fold a partial, merge it with the stored bar (if any) at commit.
                b = fresh();
                b.start(tf, bucket, true);
                otherBars(tf).put(bucket, b);
                if (l == null && bucket == storedLatestBucket) {
                    latestBar[tf] = b; // the stored latest bar, loaded at commit, held from then on
                }
            }
            touch(b);
            return b;
        }

        /**
         * Before loading: the bar each timeframe's stored latest trade fell in completes when the
         * batch traded past its end. Held ones are marked; unheld ones are loaded to be written.
         */
        void markCompletions() {
            if (latestBefore == NONE || latest <= latestBefore) {
                return;
            }
            for (int tf = 0; tf < TIMEFRAMES; tf++) {
                Timeframe t = Timeframe.STANDARD.get(tf);
                long previous = t.bucketStart(latestBefore);
                if (previous + t.micros() > latest) {
                    continue;
                }
                BarState b = pendingBar(tf, previous);
                if (b == null) {
                    b = fresh();
                    b.start(tf, previous, true);
                    otherBars(tf).put(previous, b);
                }
                if (!b.inBatch) {
                    b.inBatch = true;
                    pending.add(b);
                }
            }
        }

        /** The bar of this batch for (timeframe, bucket): the latest or one of the others, or null. */
        BarState pendingBar(int tf, long bucket) {
            BarState l = latestBar[tf];
            if (l != null && l.bucketStart == bucket) {
                return l;
            }
            return others[tf] == null ? null : others[tf].get(bucket);
        }


        private void touch(BarState b) {
            b.traded = true;
            if (!b.inBatch) {
                b.inBatch = true;
                pending.add(b);
            }
        }

        private BatchBars otherBars(int tf) {
            if (others[tf] == null) {
                others[tf] = new BatchBars();
            }
            return others[tf];
        }

        private BarState fresh() {
            int n = spare.size();
            return n == 0 ? new BarState() : spare.remove(n - 1);
        }

        void committed() {
            latestBefore = latest;
            listed = false;
            for (BarState b : pending) {
                if (b.traded) {
                    b.stored = true;
                }
                b.inBatch = false;
                b.traded = false;
                b.needsLoad = false;
                if (latestBar[b.timeframe] != b) {
                    spare.add(b); // written, reported, and not held: free for the next batch's bars
                }
            }
            pending.clear();
            for (int tf = 0; tf < TIMEFRAMES; tf++) {
                if (others[tf] != null) {
                    others[tf].clear();
                }
                if (latestBar[tf] != null && latestBar[tf].tradeCount == 0) {
                    spare.add(latestBar[tf]);
                    latestBar[tf] = null; // was expected in the store but is not there
                }
            }
        }
    }

    /**
     * One timeframe's bars of a batch by bucket. A feed in order opens them in ascending buckets, so
     * they are kept in that order and found by binary search, without boxing a key per bar; a batch
     * out of order gets a hash index the first time it needs one.
     */
    private static final class BatchBars {
        private BarState[] bars = new BarState[8];
        private int size;
        private boolean ascending = true;
        private HashMap<Long, BarState> index;

        void put(long bucket, BarState b) {
            if (size > 0 && bucket <= bars[size - 1].bucketStart) {
                ascending = false;
            }
            if (size == bars.length) {
                bars = java.util.Arrays.copyOf(bars, size * 2);
            }
            bars[size++] = b;
            if (index != null) {
                index.put(bucket, b);
            }
        }

        BarState get(long bucket) {
            if (ascending) {
                int lo = 0;
                int hi = size - 1;
                while (lo <= hi) {
                    int mid = (lo + hi) >>> 1;
                    long v = bars[mid].bucketStart;
                    if (v < bucket) {
                        lo = mid + 1;
                    } else if (v > bucket) {
                        hi = mid - 1;
                    } else {
                        return bars[mid];
                    }
                }
                return null;
            }
            if (index == null) {
                index = new HashMap<>(size * 2);
                for (int i = 0; i < size; i++) {
                    index.put(bars[i].bucketStart, bars[i]);
                }
            }
            return index.get(bucket);
        }

        void clear() {
            java.util.Arrays.fill(bars, 0, size, null);
            size = 0;
            ascending = true;
            index = null;
        }
    }
}

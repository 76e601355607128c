package io.tickstore.store.bars;

import io.tickstore.store.model.Int128;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The hot tier's bars ("bar memory"): per series (exchange, symbol, standard timeframe) the bars of
 * the last {@code keepMicros} — counted back from the series' latest bar — as full mergeable state
 * ({@link BarState}: open and close with the (timestamp, sequence_number, journal_index) that set
 * them, exact sums), in sorted primitive arrays. The hot applier folds every trade in
 * ({@link #onTrade}) the moment it is journaled, so bars are queryable before DuckDB stores them.
 *
 * <p>Memory is authoritative for a series from its horizon: it holds every trade of every bar at or
 * after it. A trade into a bar before the horizon is not folded ({@link #onTrade} says so; the hot
 * tier keeps such a trade until DuckDB has stored it), and a read that starts before the horizon
 * takes that part from DuckDB. With {@code keepMicros} 0 each series keeps its latest bar only.
 *
 * <p>After a restart memory first holds each feed's latest hour (its latest day for daily bars);
 * {@link BarPreload} then reads the older stored bars on its own thread and {@link #install}s them
 * series by series, moving each horizon back. Trades the applier could not fold meanwhile (before a
 * horizon) are remembered while the preload runs ({@link #startPreload}) and folded in at install.
 *
 * <p>One writer thread (the hot applier; start-up before it), plus the preload's installs; reads from
 * any thread; each series guarded by its own monitor.
 */
public final class BarHistory {
    private static final int TIMEFRAMES = Timeframe.STANDARD.size();

    private final long keepMicros;
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, BarSeries[]>> series = new ConcurrentHashMap<>();
    /** Writer scratch: a bar moved out of the arrays, changed, moved back. */
    private final BarState scratch = new BarState();
    /** While a preload runs: trades before a series' horizon are remembered for its {@link #install}. */
    private volatile boolean preloading;
    /** Bars an install revised with remembered trades: the live stream is told on the applier thread. */
    private final ConcurrentLinkedQueue<Revision> revisions = new ConcurrentLinkedQueue<>();

    /** A bar {@link #install} changed with a trade the applier could not fold when it came. */
    public record Revision(String exchange, String symbol, int timeframe, long bucket) {
    }

    public BarHistory(long keepMicros) {
        if (keepMicros < 0) {
            throw new IllegalArgumentException("keepMicros < 0: " + keepMicros);
        }
        this.keepMicros = keepMicros;
    }

    public long keepMicros() {
        return keepMicros;
    }

    /**
     * Writer: folds one trade into its bar of every standard timeframe. Returns false when the bar of
     * some timeframe lies before that series' horizon (that timeframe was not changed: the caller must
     * keep the trade until DuckDB has stored it, for reads of that range). {@code storedIndex}: what
     * DuckDB has stored; bars past the kept days are dropped only once every trade in them is stored.
     */
    public boolean onTrade(String exchange, String symbol, long price, long size, long time, long sequence,
                           long journalIndex, long storedIndex) {
        BarSeries[] all = seriesOf(exchange, symbol);
        boolean held = true;
        for (int tf = 0; tf < TIMEFRAMES; tf++) {
            long bucket = Timeframe.STANDARD.get(tf).bucketStart(time);
            held &= all[tf].fold(bucket, price, size, time, sequence, journalIndex, keepMicros, storedIndex, scratch,
                    preloading);
        }
        return held;
    }

    /** Start-up, before any trade: memory answers for one series' bars from {@code horizon} on. */
    public void restoreHorizon(String exchange, String symbol, int timeframe, long horizon) {
        seriesOf(exchange, symbol)[timeframe].setHorizon(horizon);
    }

    /**
     * A preload begins (start-up, before the first trade is applied): from now on trades before a
     * horizon are remembered until {@link #endPreload}.
     */
    public void startPreload() {
        preloading = true;
    }

    /** The preload ended (done, failed or closed): forgets the remembered trades of series not installed. */
    public void endPreload() {
        preloading = false;
        series.values().forEach(bySymbol -> bySymbol.values().forEach(all -> {
            for (BarSeries s : all) {
                s.forgetPending();
            }
        }));
    }

    /**
     * The preload's step for one series: {@code loaded} (stored bars in bucket order, as DuckDB held them
     * at its applied index {@code applied}) fill memory from {@code horizon} up to the series' current
     * horizon, the remembered trades of messages after {@code applied} in that range are folded in, and
     * the horizon moves back to {@code horizon}. Nothing changes when the series already answers from
     * there. Returns the bars installed.
     */
    public int install(String exchange, String symbol, int timeframe, List<BarState> loaded, long applied,
                       long horizon) {
        return seriesOf(exchange, symbol)[timeframe].install(loaded, applied, horizon,
                Timeframe.STANDARD.get(timeframe), scratch(),
                bucket -> revisions.add(new Revision(exchange, symbol, timeframe, bucket)));
    }

    /** Whether an install revised bars not yet polled. */
    public boolean hasRevisions() {
        return !revisions.isEmpty();
    }

    /** The next bar an install revised, or null; the hot tier tells the live stream. */
    public Revision pollRevision() {
        return revisions.poll();
    }

    /** Any thread: the series' horizon, {@code Long.MIN_VALUE} for an unknown series. */
    public long horizon(String exchange, String symbol, int timeframe) {
        BarSeries s = find(exchange, symbol, timeframe);
        return s == null ? Long.MIN_VALUE : s.horizon();
    }

    private static BarState scratch() {
        return new BarState(); // the installing thread's own (the writer's scratch belongs to the applier)
    }

    /** Start-up: a stored bar (at or after the feed's horizon), whole. */
    public void restoreBar(String exchange, String symbol, int timeframe, BarState bar) {
        seriesOf(exchange, symbol)[timeframe].put(bar, keepMicros);
    }

    /** Writer: copies the bar of (feed, timeframe, bucket) into {@code out}; false when memory does not hold it. */
    public boolean get(String exchange, String symbol, int timeframe, long bucket, BarState out) {
        BarSeries s = find(exchange, symbol, timeframe);
        return s != null && s.get(bucket, out);
    }

    /** Any thread: the series' horizon (bars before it are not held), {@code Long.MIN_VALUE} for an unknown series. */
    public long horizon(String exchange, String symbol, Timeframe standard) {
        int tf = Timeframe.standardIndex(standard.label());
        BarSeries s = tf < 0 ? null : find(exchange, symbol, tf);
        return s == null ? Long.MIN_VALUE : s.horizon();
    }

    /**
     * Copies the bars of [max({@code from}, horizon), {@code to}) into {@code out}, at most
     * {@code max} of them, and returns the horizon it read at ({@code Long.MIN_VALUE} for a series
     * memory does not know: it has no bars). The part before the horizon, if any, is DuckDB's to answer.
     * Any thread.
     */
    public long read(String exchange, String symbol, Timeframe standard, long from, long to, int max, Bars out) {
        out.size = 0;
        int tf = Timeframe.standardIndex(standard.label());
        if (tf < 0) {
            throw new IllegalArgumentException("not a standard timeframe: " + standard);
        }
        BarSeries s = find(exchange, symbol, tf);
        if (s == null) {
            return Long.MIN_VALUE;
        }
        return s.read(from, to, max, out);
    }

    private BarSeries find(String exchange, String symbol, int tf) {
        ConcurrentHashMap<String, BarSeries[]> bySymbol = series.get(exchange);
        BarSeries[] all = bySymbol == null ? null : bySymbol.get(symbol);
        return all == null ? null : all[tf];
    }

    private BarSeries[] seriesOf(String exchange, String symbol) {
        ConcurrentHashMap<String, BarSeries[]> bySymbol = series.get(exchange);
        BarSeries[] all = bySymbol == null ? null : bySymbol.get(symbol);
        if (all == null) {
            all = new BarSeries[TIMEFRAMES];
            for (int i = 0; i < TIMEFRAMES; i++) {
                // A series that appears after start-up had no stored bars: memory holds all of it.
                all[i] = new BarSeries(Long.MIN_VALUE);
            }
            series.computeIfAbsent(exchange, e -> new ConcurrentHashMap<>()).put(symbol, all);
        }
        return all;
    }

    /** A reusable buffer of bars copied out of the history; values as in {@link BarState}. */
    public static final class Bars {
        public int size;
        public long[] bucket = new long[64];
        public long[] open = new long[64];
        public long[] high = new long[64];
        public long[] low = new long[64];
        public long[] close = new long[64];
        /** Σ size in units of 1e-8 and Σ price × size in units of 1e-16, as 128-bit high/low words. */
        public long[] volumeHigh = new long[64];
        public long[] volumeLow = new long[64];
        public long[] priceVolumeHigh = new long[64];
        public long[] priceVolumeLow = new long[64];
        public long[] tradeCount = new long[64];

        /** Bar {@code i}'s volume, exact at scale 8. */
        public BigDecimal volume(int i) {
            return Int128.toBigDecimal(volumeHigh[i], volumeLow[i], 8);
        }

        /** Bar {@code i}'s Σ price × size, exact at scale 16. */
        public BigDecimal priceVolume(int i) {
            return Int128.toBigDecimal(priceVolumeHigh[i], priceVolumeLow[i], 16);
        }

        /** Bars this buffer holds without growing. */
        public int capacity() {
            return bucket.length;
        }

        /** Appends a bar. */
        public void add(BarState b) {
            ensure(size + 1);
            int i = size++;
            bucket[i] = b.bucketStart;
            open[i] = b.open;
            high[i] = b.high;
            low[i] = b.low;
            close[i] = b.close;
            volumeHigh[i] = b.volume.high();
            volumeLow[i] = b.volume.low();
            priceVolumeHigh[i] = b.priceVolume.high();
            priceVolumeLow[i] = b.priceVolume.low();
            tradeCount[i] = b.tradeCount;
        }

        /** Appends bars {@code [from, from + n)} of {@code o}. */
        public void addAll(Bars o, int from, int n) {
            ensure(size + n);
            System.arraycopy(o.bucket, from, bucket, size, n);
            System.arraycopy(o.open, from, open, size, n);
            System.arraycopy(o.high, from, high, size, n);
            System.arraycopy(o.low, from, low, size, n);
            System.arraycopy(o.close, from, close, size, n);
            System.arraycopy(o.volumeHigh, from, volumeHigh, size, n);
            System.arraycopy(o.volumeLow, from, volumeLow, size, n);
            System.arraycopy(o.priceVolumeHigh, from, priceVolumeHigh, size, n);
            System.arraycopy(o.priceVolumeLow, from, priceVolumeLow, size, n);
            System.arraycopy(o.tradeCount, from, tradeCount, size, n);
            size += n;
        }

        void ensure(int n) {
            if (bucket.length >= n) {
                return;
            }
            int c = Math.max(n, bucket.length * 2);
            bucket = java.util.Arrays.copyOf(bucket, c);
            open = java.util.Arrays.copyOf(open, c);
            high = java.util.Arrays.copyOf(high, c);
            low = java.util.Arrays.copyOf(low, c);
            close = java.util.Arrays.copyOf(close, c);
            volumeHigh = java.util.Arrays.copyOf(volumeHigh, c);
            volumeLow = java.util.Arrays.copyOf(volumeLow, c);
            priceVolumeHigh = java.util.Arrays.copyOf(priceVolumeHigh, c);
            priceVolumeLow = java.util.Arrays.copyOf(priceVolumeLow, c);
            tradeCount = java.util.Arrays.copyOf(tradeCount, c);
        }
    }

    /** One series' bars, sorted by bucket, in full mergeable state, guarded by its monitor. */
    static final class BarSeries {
        private static final int FIELDS = 17;
        // Per bar, FIELDS longs: bucket, open, high, low, close, volume (hi, lo), price×volume (hi, lo),
        // trade count, open (time, sequence, journal index), close (time, sequence, journal index),
        // the highest journal index of its trades.
        private static final int BUCKET = 0;
        private static final int OPEN = 1;
        private static final int HIGH = 2;
        private static final int LOW = 3;
        private static final int CLOSE = 4;
        private static final int VOLUME_HIGH = 5;
        private static final int VOLUME_LOW = 6;
        private static final int PV_HIGH = 7;
        private static final int PV_LOW = 8;
        private static final int COUNT = 9;
        private static final int OPEN_TIME = 10;
        private static final int OPEN_SEQUENCE = 11;
        private static final int OPEN_JOURNAL = 12;
        private static final int CLOSE_TIME = 13;
        private static final int CLOSE_SEQUENCE = 14;
        private static final int CLOSE_JOURNAL = 15;
        /** The highest journal index of the bar's trades: the bar may be dropped once DuckDB stored it. */
        private static final int MAX_JOURNAL = 16;

        /** Per remembered trade: price, size, time, sequence, journal index. */
        private static final int TRADE_FIELDS = 5;

        private long horizon;
        private int size;
        private long[] bars = new long[4 * FIELDS];
        /** Trades before the horizon while a preload runs (null when none). */
        private long[] pending;
        private int pendingSize;

        BarSeries(long horizon) {
            this.horizon = horizon;
        }

        synchronized long horizon() {
            return horizon;
        }

        synchronized void setHorizon(long h) {
            horizon = h;
        }

        /** Folds a trade into the bar of {@code bucket}; false (nothing changed) when it lies before the horizon. */
        synchronized boolean fold(long bucket, long price, long size, long time, long sequence, long journalIndex,
                                  long keepMicros, long storedIndex, BarState scratch, boolean remember) {
            if (bucket < horizon) {
                if (remember) {
                    remember(price, size, time, sequence, journalIndex);
                }
                return false;
            }
            int i = find(bucket);
            if (i < 0) {
                i = insert(-i - 1, bucket);
                scratch.clear(bucket);
            } else {
                load(i, scratch);
            }
            scratch.addTrade(price, size, time, sequence, journalIndex);
            store(i, scratch);
            int at = i * FIELDS + MAX_JOURNAL;
            bars[at] = Math.max(bars[at], journalIndex);
            trim(keepMicros, storedIndex);
            return true;
        }

        /** Start-up: a whole stored bar. */
        synchronized void put(BarState b, long keepMicros) {
            if (b.bucketStart < horizon) {
                return;
            }
            int i = find(b.bucketStart);
            if (i < 0) {
                i = insert(-i - 1, b.bucketStart);
            }
            store(i, b);
            trim(keepMicros, Long.MAX_VALUE);
        }

        private void remember(long price, long size, long time, long sequence, long journalIndex) {
            if (pending == null) {
                pending = new long[16 * TRADE_FIELDS];
            } else if ((pendingSize + 1) * TRADE_FIELDS > pending.length) {
                pending = java.util.Arrays.copyOf(pending, pending.length * 2);
            }
            int at = pendingSize++ * TRADE_FIELDS;
            pending[at] = price;
            pending[at + 1] = size;
            pending[at + 2] = time;
            pending[at + 3] = sequence;
            pending[at + 4] = journalIndex;
        }

        synchronized void forgetPending() {
            pending = null;
            pendingSize = 0;
        }

        /** See {@link BarHistory#install}. */
        synchronized int install(List<BarState> loaded, long applied, long newHorizon, Timeframe timeframe,
                                 BarState scratch, java.util.function.LongConsumer revised) {
            long old = horizon;
            if (newHorizon >= old) {
                return 0;
            }
            // Memory holds only buckets at or after the horizon: the loaded ones below it go first.
            int n = 0;
            for (BarState b : loaded) {
                if (b.bucketStart >= newHorizon && b.bucketStart < old) {
                    n++;
                }
            }
            if (n > 0) {
                long[] grown = new long[Math.max(bars.length, (size + n) * FIELDS)];
                System.arraycopy(bars, 0, grown, n * FIELDS, size * FIELDS);
                bars = grown;
                size += n;
                int i = 0;
                for (BarState b : loaded) {
                    if (b.bucketStart >= newHorizon && b.bucketStart < old) {
                        store(i, b);
                        bars[i * FIELDS + MAX_JOURNAL] = Long.MIN_VALUE; // stored: may be trimmed
                        i++;
                    }
                }
            }
            for (int k = 0; k < pendingSize; k++) {
                int at = k * TRADE_FIELDS;
                long journalIndex = pending[at + 4];
                long bucket = timeframe.bucketStart(pending[at + 2]);
                if (bucket < newHorizon || bucket >= old) {
                    continue; // outside what memory now answers for
                }
                revised.accept(bucket); // the live stream has not seen this trade in its bar yet
                if (journalIndex <= applied) {
                    continue; // in the loaded bar already
                }
                int i = find(bucket);
                if (i < 0) {
                    i = insert(-i - 1, bucket);
                    scratch.clear(bucket);
                } else {
                    load(i, scratch);
                }
                scratch.addTrade(pending[at], pending[at + 1], pending[at + 2], pending[at + 3], journalIndex);
                store(i, scratch);
                int mj = i * FIELDS + MAX_JOURNAL;
                bars[mj] = Math.max(bars[mj], journalIndex);
            }
            pending = null;
            pendingSize = 0;
            horizon = newHorizon;
            return n;
        }

        synchronized boolean get(long bucket, BarState out) {
            int i = bucket < horizon ? -1 : find(bucket);
            if (i < 0) {
                return false;
            }
            load(i, out);
            return true;
        }

        synchronized long read(long from, long to, int max, Bars out) {
            int i = find(Math.max(from, horizon));
            if (i < 0) {
                i = -i - 1;
            }
            int n = 0;
            for (; i < size && n < max; i++, n++) {
                int at = i * FIELDS;
                if (bars[at + BUCKET] >= to) {
                    break;
                }
                out.ensure(n + 1);
                out.bucket[n] = bars[at + BUCKET];
                out.open[n] = bars[at + OPEN];
                out.high[n] = bars[at + HIGH];
                out.low[n] = bars[at + LOW];
                out.close[n] = bars[at + CLOSE];
                out.volumeHigh[n] = bars[at + VOLUME_HIGH];
                out.volumeLow[n] = bars[at + VOLUME_LOW];
                out.priceVolumeHigh[n] = bars[at + PV_HIGH];
                out.priceVolumeLow[n] = bars[at + PV_LOW];
                out.tradeCount[n] = bars[at + COUNT];
            }
            out.size = n;
            return horizon;
        }

        private void load(int i, BarState b) {
            int at = i * FIELDS;
            b.clear(bars[at + BUCKET]);
            b.open = bars[at + OPEN];
            b.high = bars[at + HIGH];
            b.low = bars[at + LOW];
            b.close = bars[at + CLOSE];
            b.volume.set(bars[at + VOLUME_HIGH], bars[at + VOLUME_LOW]);
            b.priceVolume.set(bars[at + PV_HIGH], bars[at + PV_LOW]);
            b.tradeCount = bars[at + COUNT];
            b.openTime = bars[at + OPEN_TIME];
            b.openSequence = bars[at + OPEN_SEQUENCE];
            b.openJournalIndex = bars[at + OPEN_JOURNAL];
            b.closeTime = bars[at + CLOSE_TIME];
            b.closeSequence = bars[at + CLOSE_SEQUENCE];
            b.closeJournalIndex = bars[at + CLOSE_JOURNAL];
        }

        private void store(int i, BarState b) {
            int at = i * FIELDS;
            bars[at + BUCKET] = b.bucketStart;
            bars[at + OPEN] = b.open;
            bars[at + HIGH] = b.high;
            bars[at + LOW] = b.low;
            bars[at + CLOSE] = b.close;
            bars[at + VOLUME_HIGH] = b.volume.high();
            bars[at + VOLUME_LOW] = b.volume.low();
            bars[at + PV_HIGH] = b.priceVolume.high();
            bars[at + PV_LOW] = b.priceVolume.low();
            bars[at + COUNT] = b.tradeCount;
            bars[at + OPEN_TIME] = b.openTime;
            bars[at + OPEN_SEQUENCE] = b.openSequence;
            bars[at + OPEN_JOURNAL] = b.openJournalIndex;
            bars[at + CLOSE_TIME] = b.closeTime;
            bars[at + CLOSE_SEQUENCE] = b.closeSequence;
            bars[at + CLOSE_JOURNAL] = b.closeJournalIndex;
        }

        /** Opens a slot for a new bar at position {@code i}; returns {@code i}. */
        private int insert(int i, long bucket) {
            if ((size + 1) * FIELDS > bars.length) {
                bars = java.util.Arrays.copyOf(bars, bars.length * 2);
            }
            int tail = size - i;
            if (tail > 0) {
                System.arraycopy(bars, i * FIELDS, bars, (i + 1) * FIELDS, tail * FIELDS);
            }
            size++;
            bars[i * FIELDS + BUCKET] = bucket;
            bars[i * FIELDS + MAX_JOURNAL] = Long.MIN_VALUE;
            return i;
        }

        /**
         * Drops bars older than the latest bucket − keep whose trades DuckDB has all stored (oldest
         * first, stopping at the first that is not); memory then answers from after the last dropped
         * bar (from the cut, when every bar before it went).
         */
        private void trim(long keepMicros, long storedIndex) {
            long cut = bars[(size - 1) * FIELDS + BUCKET] - keepMicros;
            if (cut <= horizon || bars[BUCKET] >= cut) {
                return; // nothing held lies before the cut (the common case: checked without a search)
            }
            int below = find(cut);
            if (below < 0) {
                below = -below - 1;
            }
            int drop = 0;
            while (drop < below && bars[drop * FIELDS + MAX_JOURNAL] <= storedIndex) {
                drop++;
            }
            if (drop == 0) {
                return; // nothing older is held (or not yet stored): memory still answers from where it did
            }
            horizon = drop == below ? cut : bars[(drop - 1) * FIELDS + BUCKET] + 1;
            int keep = size - drop;
            System.arraycopy(bars, drop * FIELDS, bars, 0, keep * FIELDS);
            size = keep;
        }

        private int find(long b) {
            // Appends and trades into the latest bar are the common cases: check the end first.
            if (size == 0) {
                return -1;
            }
            long last = bars[(size - 1) * FIELDS + BUCKET];
            if (last < b) {
                return -(size + 1);
            }
            if (last == b) {
                return size - 1;
            }
            int lo = 0;
            int hi = size - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                long v = bars[mid * FIELDS + BUCKET];
                if (v < b) {
                    lo = mid + 1;
                } else if (v > b) {
                    hi = mid - 1;
                } else {
                    return mid;
                }
            }
            return -(lo + 1);
        }
    }
}

package io.tickstore.store.bars;

import io.tickstore.store.live.BarUpdate;
import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.Int128;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Recent stored bars in memory, so that bar queries (the hottest reads) need no DuckDB scan:
 * DuckDB stores bars in arrival order, all symbols interleaved, so even a small per-symbol range
 * scans every symbol's bars of that time. Per series (exchange, symbol, standard timeframe) the
 * last {@code keepMicros} of bars — counted back from the series' latest bar — are kept in sorted
 * primitive arrays, equal to {@code ohlcv_bars} as of the last commit.
 *
 * <p>Memory is authoritative for a series from its {@link #horizon}: a read that starts earlier must
 * go to DuckDB. The store writer calls {@link #apply} after each commit; start-up loads the
 * recent bars and the horizon of every stored series. Reads are safe from any thread.
 */
public final class BarHistory {
    private static final int TIMEFRAMES = Timeframe.STANDARD.size();

    private final long keepMicros;
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, BarSeries[]>> series = new ConcurrentHashMap<>();

    /** {@code keepMicros} 0 keeps nothing: every read goes to DuckDB. */
    public BarHistory(long keepMicros) {
        this.keepMicros = keepMicros;
    }

    public boolean enabled() {
        return keepMicros > 0;
    }

    /** Writer thread, after a commit: the bars as now stored. */
    public void apply(List<BarUpdate> updates) {
        if (keepMicros == 0) {
            return;
        }
        for (BarUpdate u : updates) {
            int tf = index(u.timeframe());
            if (tf < 0) {
                continue;
            }
            series(u.exchange(), u.symbol(), tf, Long.MIN_VALUE).upsert(u.bucketStart(), u.open(), u.high(), u.low(),
                    u.close(), u.volumeHigh(), u.volumeLow(), u.priceVolumeHigh(), u.priceVolumeLow(), u.tradeCount(),
                    keepMicros);
        }
    }

    /**
     * Start-up: every stored series' first and latest bucket, from rows of (exchange, symbol,
     * timeframe, epoch_us(min(bucket_start)), epoch_us(max(bucket_start))); bars older than
     * latest − keep stay in DuckDB only.
     */
    public void loadHorizons(ResultSet rs) throws SQLException {
        if (keepMicros == 0) {
            return;
        }
        while (rs.next()) {
            int tf = index(rs.getString(3));
            if (tf >= 0) {
                long cut = rs.getLong(5) - keepMicros;
                series(rs.getString(1), rs.getString(2), tf, rs.getLong(4) >= cut ? Long.MIN_VALUE : cut);
            }
        }
    }

    /** The cut for {@link #loadBars}: bars at or after a series' latest bucket − keep are loaded. */
    public long keepMicros() {
        return keepMicros;
    }

    /**
     * Start-up: recent bars, rows of (exchange, symbol, timeframe, epoch_us(bucket_start), open,
     * high, low, close, volume, price_volume, trade_count) in ascending bucket order per series.
     */
    public void loadBars(ResultSet rs) throws SQLException {
        if (keepMicros == 0) {
            return;
        }
        while (rs.next()) {
            int tf = index(rs.getString(3));
            if (tf < 0) {
                continue;
            }
            BigDecimal volume = rs.getBigDecimal(9);
            BigDecimal priceVolume = rs.getBigDecimal(10);
            series(rs.getString(1), rs.getString(2), tf, Long.MIN_VALUE).upsert(rs.getLong(4),
                    Decimal8.fromBigDecimal(rs.getBigDecimal(5)),
                    Decimal8.fromBigDecimal(rs.getBigDecimal(6)),
                    Decimal8.fromBigDecimal(rs.getBigDecimal(7)),
                    Decimal8.fromBigDecimal(rs.getBigDecimal(8)),
                    Int128.high(volume, 8), Int128.low(volume, 8), Int128.high(priceVolume, 16),
                    Int128.low(priceVolume, 16), rs.getLong(11), keepMicros);
        }
    }

    /**
     * Copies the bars of [{@code from}, {@code to}) into {@code out}, at most {@code max} of them
     * (plus one more, to tell there is more). Returns false when memory cannot answer (the range
     * starts before the series' horizon, or memory is off): the caller reads DuckDB. An unknown
     * series answers true with no bars.
     */
    public boolean read(String exchange, String symbol, Timeframe standard, long from, long to, int max, Bars out) {
        out.size = 0;
        if (keepMicros == 0) {
            return false;
        }
        int tf = index(standard.label());
        if (tf < 0) {
            return false;
        }
        ConcurrentHashMap<String, BarSeries[]> bySymbol = series.get(exchange);
        BarSeries[] all = bySymbol == null ? null : bySymbol.get(symbol);
        BarSeries s = all == null ? null : all[tf];
        if (s == null) {
            return true;
        }
        return s.read(from, to, max, out);
    }

    private BarSeries series(String exchange, String symbol, int tf, long horizon) {
        BarSeries[] all = series.computeIfAbsent(exchange, e -> new ConcurrentHashMap<>())
                .computeIfAbsent(symbol, s -> new BarSeries[TIMEFRAMES]);
        BarSeries s = all[tf];
        if (s == null) {
            // A series that appears after start-up had no stored bars: memory holds all of it.
            s = new BarSeries(horizon);
            all[tf] = s;
        }
        return s;
    }

    private static int index(String label) {
        for (int i = 0; i < TIMEFRAMES; i++) {
            if (Timeframe.STANDARD.get(i).label().equals(label)) {
                return i;
            }
        }
        return -1;
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

    /** One series' bars, sorted by bucket, guarded by its monitor. */
    static final class BarSeries {
        private long horizon;
        private int size;
        private long[] bucket = new long[16];
        private long[] open = new long[16];
        private long[] high = new long[16];
        private long[] low = new long[16];
        private long[] close = new long[16];
        /** Σ size (units of 1e-8) and Σ price × size (units of 1e-16) as 128-bit high/low words. */
        private long[] volumeHigh = new long[16];
        private long[] volumeLow = new long[16];
        private long[] priceVolumeHigh = new long[16];
        private long[] priceVolumeLow = new long[16];
        private long[] tradeCount = new long[16];

        BarSeries(long horizon) {
            this.horizon = horizon;
        }

        /** {@code vHigh:vLow} and {@code pvHigh:pvLow}: the 128-bit words of volume (1e-8) and price×volume (1e-16). */
        synchronized void upsert(long b, long o, long h, long l, long c, long vHigh, long vLow, long pvHigh, long pvLow,
                                 long n, long keepMicros) {
            if (b < horizon) {
                return; // older than what memory answers for (a late tick into old history)
            }
            int i = find(b);
            if (i < 0) {
                i = -i - 1;
                grow();
                int tail = size - i;
                if (tail > 0) {
                    shift(i, tail);
                }
                size++;
            }
            bucket[i] = b;
            open[i] = o;
            high[i] = h;
            low[i] = l;
            close[i] = c;
            volumeHigh[i] = vHigh;
            volumeLow[i] = vLow;
            priceVolumeHigh[i] = pvHigh;
            priceVolumeLow[i] = pvLow;
            tradeCount[i] = n;
            trim(bucket[size - 1] - keepMicros);
        }

        synchronized boolean read(long from, long to, int max, Bars out) {
            if (from < horizon) {
                return false;
            }
            int i = find(from);
            if (i < 0) {
                i = -i - 1;
            }
            int end = find(to);
            if (end < 0) {
                end = -end - 1;
            }
            int n = 0;
            int limit = max + 1;
            out.ensure(Math.min(limit, Math.max(0, end - i)));
            for (; i < size && bucket[i] < to && n < limit; i++, n++) {
                out.bucket[n] = bucket[i];
                out.open[n] = open[i];
                out.high[n] = high[i];
                out.low[n] = low[i];
                out.close[n] = close[i];
                out.volumeHigh[n] = volumeHigh[i];
                out.volumeLow[n] = volumeLow[i];
                out.priceVolumeHigh[n] = priceVolumeHigh[i];
                out.priceVolumeLow[n] = priceVolumeLow[i];
                out.tradeCount[n] = tradeCount[i];
            }
            out.size = n;
            return true;
        }

        /** Drops bars before {@code cut}; memory then answers from {@code cut} on (if it dropped any). */
        private void trim(long cut) {
            if (cut <= horizon) {
                return;
            }
            int drop = find(cut);
            if (drop < 0) {
                drop = -drop - 1;
            }
            if (drop == 0) {
                return; // nothing older is held: memory still answers from where it did
            }
            horizon = cut;
            int keep = size - drop;
            System.arraycopy(bucket, drop, bucket, 0, keep);
            System.arraycopy(open, drop, open, 0, keep);
            System.arraycopy(high, drop, high, 0, keep);
            System.arraycopy(low, drop, low, 0, keep);
            System.arraycopy(close, drop, close, 0, keep);
            System.arraycopy(volumeHigh, drop, volumeHigh, 0, keep);
            System.arraycopy(volumeLow, drop, volumeLow, 0, keep);
            System.arraycopy(priceVolumeHigh, drop, priceVolumeHigh, 0, keep);
            System.arraycopy(priceVolumeLow, drop, priceVolumeLow, 0, keep);
            System.arraycopy(tradeCount, drop, tradeCount, 0, keep);
            size = keep;
        }

        private int find(long b) {
            // Appends are the common case: check the end first.
            if (size > 0 && bucket[size - 1] < b) {
                return -(size + 1);
            }
            return java.util.Arrays.binarySearch(bucket, 0, size, b);
        }

        private void grow() {
            if (size < bucket.length) {
                return;
            }
            int c = bucket.length * 2;
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

        private void shift(int i, int tail) {
            System.arraycopy(bucket, i, bucket, i + 1, tail);
            System.arraycopy(open, i, open, i + 1, tail);
            System.arraycopy(high, i, high, i + 1, tail);
            System.arraycopy(low, i, low, i + 1, tail);
            System.arraycopy(close, i, close, i + 1, tail);
            System.arraycopy(volumeHigh, i, volumeHigh, i + 1, tail);
            System.arraycopy(volumeLow, i, volumeLow, i + 1, tail);
            System.arraycopy(priceVolumeHigh, i, priceVolumeHigh, i + 1, tail);
            System.arraycopy(priceVolumeLow, i, priceVolumeLow, i + 1, tail);
            System.arraycopy(tradeCount, i, tradeCount, i + 1, tail);
        }
    }
}

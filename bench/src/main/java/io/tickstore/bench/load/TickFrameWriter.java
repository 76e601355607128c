package io.tickstore.bench.load;

/**
 * Writes tick frames for one feed (one exchange) into a reused {@link StringBuilder}: symbols in
 * turn, each with its own increasing sequence number (from 1), random-walk prices with all 8
 * fraction digits, and strictly increasing ISO-8601 microsecond timestamps. No per-tick objects:
 * the JSON is written by a {@link TickJsonWriter}.
 * One writer per feed; not thread-safe.
 */
public final class TickFrameWriter {
    private static final long SCALE = 100_000_000L;
    /** Keeps prices far from 0 and far below DECIMAL(18,8)'s 10^10. */
    private static final long MIN_MID = SCALE;
    private static final long MAX_MID = 1_000_000 * SCALE;

    private final String exchange;
    private final String[] prefixes;
    private final String[] rowPrefixes;
    private final long[] sequences;
    private final long[] mids;
    private final StringBuilder out = new StringBuilder(4096);
    private final TickJsonWriter json = new TickJsonWriter();
    private long lastMicros = Long.MIN_VALUE;
    private long random;
    private int nextSymbol;

    /** @param seed any value; the same seed writes the same prices */
    public TickFrameWriter(String exchange, int symbols, long seed) {
        if (symbols < 1) {
            throw new IllegalArgumentException("symbols must be at least 1, got " + symbols);
        }
        this.exchange = exchange;
        this.prefixes = new String[symbols];
        this.rowPrefixes = new String[symbols];
        this.sequences = new long[symbols];
        this.mids = new long[symbols];
        this.random = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
        for (int s = 0; s < symbols; s++) {
            prefixes[s] = TickJsonWriter.prefix(exchange, symbol(s));
            rowPrefixes[s] = TickJsonWriter.rowPrefix(exchange, symbol(s));
            // 10.00000000 .. ~1010, with all 8 fraction digits in play
            mids[s] = 10 * SCALE + Math.floorMod(next(), 1000 * SCALE);
        }
    }

    /** The symbol name of index {@code s}: {@code S00000}, {@code S00001}, ... */
    public static String symbol(int s) {
        return String.format("S%05d", s);
    }

    public String exchange() {
        return exchange;
    }

    public int symbols() {
        return prefixes.length;
    }

    /** The last sequence number written for symbol {@code s}; 0 before the first. */
    public long lastSequence(int s) {
        return sequences[s];
    }

    /**
     * The next frame of {@code ticks} ticks stamped from {@code nowMicros} on (epoch microseconds): a
     * bare object for one tick, an array otherwise. The returned builder is reused by the next call.
     */
    public StringBuilder next(int ticks, long nowMicros) {
        StringBuilder b = out;
        b.setLength(0);
        if (ticks != 1) {
            b.append('[');
        }
        for (int i = 0; i < ticks; i++) {
            if (i > 0) {
                b.append(',');
            }
            tick(b, stamp(nowMicros), false);
        }
        if (ticks != 1) {
            b.append(']');
        }
        return b;
    }

    /**
     * Like {@link #next}, as a frame of rows: the header ({@link TickJsonWriter#ROWS_HEADER}), then one
     * row per tick, always an array.
     */
    public StringBuilder nextRows(int ticks, long nowMicros) {
        StringBuilder b = out;
        b.setLength(0);
        b.append('[').append(TickJsonWriter.ROWS_HEADER);
        for (int i = 0; i < ticks; i++) {
            b.append(',');
            tick(b, stamp(nowMicros), true);
        }
        return b.append(']');
    }

    /** {@code nowMicros}, or one microsecond after the last tick's time when the clock has not moved past it. */
    private long stamp(long nowMicros) {
        lastMicros = lastMicros == Long.MIN_VALUE || nowMicros > lastMicros ? nowMicros : lastMicros + 1;
        return lastMicros;
    }

    private void tick(StringBuilder b, long micros, boolean row) {
        int s = nextSymbol;
        nextSymbol = s + 1 == prefixes.length ? 0 : s + 1;
        long r = next();
        long mid = mids[s] + (r % 50_001); // a step of at most 0.00050000 either way
        if (mid < MIN_MID || mid > MAX_MID) {
            mid = mids[s] - (r % 50_001);
        }
        mids[s] = mid;
        long r2 = next();
        long half = 1_000 + ((r2 >>> 1) % 20_000);
        long sizes = next() >>> 1;
        long bidSize = (1 + sizes % 100) * 100 * SCALE;
        long askSize = (1 + (sizes >>> 8) % 100) * 100 * SCALE;
        long last = mid - half + ((r2 >>> 24) % (2 * half + 1));
        long lastSize = (1 + (sizes >>> 16) % 1000) * SCALE;
        if (row) {
            json.row(b, rowPrefixes[s], micros, mid - half, mid + half, bidSize, askSize, last, lastSize, ++sequences[s]);
        } else {
            json.tick(b, prefixes[s], micros, mid - half, mid + half, bidSize, askSize, last, lastSize, ++sequences[s]);
        }
    }

    /** A positive Decimal8 unscaled value with all 8 fraction digits: {@code 189.98000000}. */
    static void decimal8(StringBuilder b, long units) {
        TickJsonWriter.price(b, units);
    }

    /** xorshift64*: cheap, good enough for prices. */
    private long next() {
        long x = random;
        x ^= x >>> 12;
        x ^= x << 25;
        x ^= x >>> 27;
        random = x;
        return x * 0x2545F4914F6CDD1DL;
    }
}

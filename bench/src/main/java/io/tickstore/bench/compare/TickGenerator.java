package io.tickstore.bench.compare;

import io.tickstore.store.model.Decimal8;

/**
 * The deterministic tick stream of a {@link DataSet}: tick {@code i} falls in the i-th equal slice of
 * the range (with a random offset inside it), so timestamps strictly increase over the whole stream
 * and no two ticks share one; its symbol is drawn uniformly; 3 in 10 are trades (last price and a
 * size with up to 8 decimals), the rest quotes (bid and ask around the symbol's mid, sizes in round
 * lots). Each symbol's mid is a random walk with all 8 fraction digits in play; each symbol's
 * sequence numbers run 1, 2, 3, ... Its own xorshift64* generator, so the stream does not depend on
 * the JDK.
 */
public final class TickGenerator {
    private static final long SCALE = Decimal8.SCALE;
    /** Keeps prices far from 0 and far below DECIMAL(18,8)'s 10^10. */
    private static final long MIN_MID = SCALE;
    private static final long MAX_MID = 1_000_000 * SCALE;
    /** Ticks per 10 that are trades. */
    static final int TRADES_PER_10 = 3;

    private final DataSet data;
    private final long step;
    private final long remainder;
    private final long[] mids;
    private final long[] sequences;
    private long random;
    private long index;

    public TickGenerator(DataSet data) {
        if (data.ticks() > Compare.MAX_TICKS) {
            throw new IllegalArgumentException("at most " + Compare.MAX_TICKS + " ticks, got " + data.ticks());
        }
        this.data = data;
        this.step = data.spanMicros() / data.ticks();
        this.remainder = data.spanMicros() % data.ticks();
        this.mids = new long[data.symbols()];
        this.sequences = new long[data.symbols()];
        this.random = data.seed() == 0 ? 0x9E3779B97F4A7C15L : data.seed();
        for (int s = 0; s < mids.length; s++) {
            mids[s] = 10 * SCALE + Math.floorMod(next(), 1000 * SCALE); // 10.00000000 .. ~1010
        }
    }

    /** Fills {@code row} with the next tick; false after the last. */
    public boolean next(TickRow row) {
        if (index == data.ticks()) {
            return false;
        }
        long i = index++;
        // remainder < ticks <= MAX_TICKS, so i * remainder cannot overflow
        long slice = data.startMicros() + i * step + (i * remainder) / data.ticks();
        long time = slice + (step > 1 ? Math.floorMod(next(), step) : 0);
        int s = (int) Math.floorMod(next(), (long) mids.length);
        long r = next();
        long walk = next();
        long mid = mids[s] + walk % 50_001; // a step of at most 0.00050000 either way
        if (mid < MIN_MID || mid > MAX_MID) {
            mid = mids[s] - walk % 50_001;
        }
        mids[s] = mid;
        long half = 1_000 + Math.floorMod(r >>> 8, 20_000L); // half spread 0.00001 .. 0.00021
        long sequence = ++sequences[s];
        if (Math.floorMod(r, 10L) < TRADES_PER_10) {
            long price = mid - half + Math.floorMod(walk >>> 20, 2 * half + 1);
            long size = 1 + Math.floorMod(next(), 100 * SCALE); // 0.00000001 .. 100
            row.trade(s, sequence, time, price, size);
        } else {
            long lots = next() >>> 1;
            row.quote(s, sequence, time, mid - half, mid + half, (1 + lots % 100) * 100 * SCALE,
                    (1 + (lots >>> 8) % 100) * 100 * SCALE);
        }
        return true;
    }

    /** xorshift64*. */
    private long next() {
        long x = random;
        x ^= x >>> 12;
        x ^= x << 25;
        x ^= x >>> 27;
        random = x;
        return x * 0x2545F4914F6CDD1DL;
    }
}

package io.tickstore.bench.compare;

import io.tickstore.bench.load.TickFrameWriter;

/**
 * What the generator makes: {@code ticks} ticks of one exchange over {@code symbols} symbols,
 * spread over {@code days} days from {@code startMicros} (a Monday, UTC midnight), from
 * {@code seed}. The same values always give the same ticks.
 */
public record DataSet(long seed, long ticks, int symbols, String exchange, long startMicros, int days) {
    public static final long MICROS_PER_DAY = 86_400_000_000L;
    /** 2024-01-01T00:00:00Z, a Monday. */
    public static final long DEFAULT_START = 1_704_067_200_000_000L;
    public static final int DEFAULT_DAYS = 14;
    public static final String DEFAULT_EXCHANGE = "BENCH";

    public DataSet {
        if (ticks < 1 || symbols < 1 || days < 7) {
            throw new IllegalArgumentException("expected ticks >= 1, symbols >= 1, days >= 7, got " + ticks + ", "
                    + symbols + ", " + days);
        }
        if (ticks > spanMicros(days)) {
            throw new IllegalArgumentException("at most one tick per microsecond: " + ticks + " ticks over " + days
                    + " days");
        }
    }

    public static DataSet of(long seed, long ticks, int symbols) {
        return new DataSet(seed, ticks, symbols, DEFAULT_EXCHANGE, DEFAULT_START, DEFAULT_DAYS);
    }

    public long spanMicros() {
        return spanMicros(days);
    }

    private static long spanMicros(int days) {
        return days * MICROS_PER_DAY;
    }

    /** Exclusive end of the range. */
    public long endMicros() {
        return startMicros + spanMicros();
    }

    /** {@code S00000}, {@code S00001}, ... (the load generator's names). */
    public String symbol(int s) {
        return TickFrameWriter.symbol(s);
    }
}

package io.tickstore.store.bars;

import java.util.List;

/**
 * A bar length: {@code Ns}, {@code Nm}, {@code Nh} or {@code Nd}. Buckets are aligned to the Unix
 * epoch: {@code bucket_start = floor(t / length) * length}, so every timeframe that divides a day
 * is aligned to UTC midnight, and multi-day ones count from 1970-01-01 (a Thursday).
 */
public record Timeframe(String label, long micros) {
    public static final long MICROS_PER_SECOND = 1_000_000L;
    public static final Timeframe M1 = new Timeframe("1m", 60 * MICROS_PER_SECOND);
    public static final Timeframe M5 = new Timeframe("5m", 5 * 60 * MICROS_PER_SECOND);
    public static final Timeframe M15 = new Timeframe("15m", 15 * 60 * MICROS_PER_SECOND);
    public static final Timeframe H1 = new Timeframe("1h", 3600 * MICROS_PER_SECOND);
    public static final Timeframe D1 = new Timeframe("1d", 86_400 * MICROS_PER_SECOND);

    /** The timeframes the writer keeps in {@code ohlcv_bars}, shortest first. */
    public static final List<Timeframe> STANDARD = List.of(M1, M5, M15, H1, D1);

    /** The longest timeframe accepted: 366 days. */
    public static final long MAX_MICROS = 366 * 86_400 * MICROS_PER_SECOND;

    /**
     * Parses {@code 7m}, {@code 2h}, {@code 30s}, {@code 1d}: a positive integer without sign or
     * leading zeros, then one unit letter. The label is normalized ({@code 60m} stays {@code 60m};
     * it equals {@code 1h} in length, and {@link #standardEquivalent} maps it to the stored bars).
     *
     * @throws IllegalArgumentException with a message naming what is wrong
     */
    public static Timeframe parse(String text) {
        if (text == null || text.length() < 2 || text.length() > 8) {
            throw new IllegalArgumentException(expected(text));
        }
        char unit = text.charAt(text.length() - 1);
        long unitMicros = switch (unit) {
            case 's' -> MICROS_PER_SECOND;
            case 'm' -> 60 * MICROS_PER_SECOND;
            case 'h' -> 3600 * MICROS_PER_SECOND;
            case 'd' -> 86_400 * MICROS_PER_SECOND;
            default -> throw new IllegalArgumentException(expected(text));
        };
        String digits = text.substring(0, text.length() - 1);
        if (digits.charAt(0) == '0') {
            throw new IllegalArgumentException(expected(text));
        }
        long n = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException(expected(text));
            }
            n = n * 10 + (c - '0');
        }
        long micros = n * unitMicros;
        if (micros > MAX_MICROS) {
            throw new IllegalArgumentException("longer than the maximum of 366d: " + text);
        }
        return new Timeframe(text, micros);
    }

    private static String expected(String text) {
        return "expected a timeframe like 1m, 7m, 2h, 30s or 1d (a positive integer and one of s, m, h, d), got "
                + (text == null ? "nothing" : "\"" + (text.length() > 20 ? text.substring(0, 20) + "..." : text) + "\"");
    }

    /** The position of a standard timeframe's label in {@link #STANDARD}, or -1. */
    public static int standardIndex(String label) {
        for (int i = 0; i < STANDARD.size(); i++) {
            if (STANDARD.get(i).label().equals(label)) {
                return i;
            }
        }
        return -1;
    }

    public long bucketStart(long epochMicros) {
        return Math.floorDiv(epochMicros, micros) * micros;
    }

    /** The standard timeframe of the same length, or null. */
    public Timeframe standardEquivalent() {
        for (Timeframe t : STANDARD) {
            if (t.micros == micros) {
                return t;
            }
        }
        return null;
    }

    /**
     * The longest standard timeframe whose bars tile this one exactly (its length divides this
     * length; with epoch alignment the buckets then nest), or null when only ticks can build it
     * (e.g. {@code 90s}).
     */
    public Timeframe rollUpSource() {
        Timeframe best = null;
        for (Timeframe t : STANDARD) {
            if (micros % t.micros == 0) {
                best = t;
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return label;
    }
}

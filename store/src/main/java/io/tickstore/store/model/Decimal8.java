package io.tickstore.store.model;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Codec for DECIMAL(18,8) held as a scaled {@code long}: the value times 10^8 ("unscaled").
 * Valid unscaled values satisfy {@code |unscaled| <= MAX_UNSCALED}; {@link #NULL} means absent.
 *
 * <p>{@link #parse} and {@link #format} do not allocate on the success path. Errors throw
 * {@link FormatException} with a message the caller prefixes with the field name.
 * Stateless, so safe on any thread.
 */
public final class Decimal8 {
    /** Sentinel for an absent value; never a valid unscaled value. */
    public static final long NULL = Long.MIN_VALUE;
    /** 10^8: the unscaled value of 1. */
    public static final long SCALE = 100_000_000L;
    /** Largest unscaled magnitude: 18 nines, i.e. 9999999999.99999999. */
    public static final long MAX_UNSCALED = 999_999_999_999_999_999L;

    private static final int FRACTION_DIGITS = 8;
    /** Largest power of ten of a digit in a value in range: 10^9 (the value is below 10^10). */
    private static final int MAX_DIGIT_EXPONENT = 9;
    private static final int MAX_TEXT_IN_MESSAGE = 40;
    private static final long EXPONENT_SATURATION = 100_000_000_000_000L;

    private static final long[] POW10 = {
        1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L,
        1_000_000_000L, 10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L,
        10_000_000_000_000L, 100_000_000_000_000L, 1_000_000_000_000_000L,
        10_000_000_000_000_000L, 100_000_000_000_000_000L, 1_000_000_000_000_000_000L,
    };

    private Decimal8() {
    }

    /** Thrown for text or values that are not an exact DECIMAL(18,8). Carries no stack trace. */
    public static final class FormatException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public FormatException(String message) {
            super(message);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    /** Parses {@code text} (JSON number syntax) exactly; see {@link #parse(char[], int, int)}. */
    public static long parse(CharSequence text) {
        Objects.requireNonNull(text, "text");
        return parse(null, text, 0, text.length());
    }

    /**
     * Parses a JSON number exactly to units of 1e-8: {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}.
     * After applying the exponent the value may have at most 8 significant fraction digits
     * ({@code 1.100000000000} is fine, {@code 0.000000001} is not) and |value| must not exceed
     * 9999999999.99999999. {@code -0} parses to 0.
     *
     * @throws FormatException if the text is empty, not JSON number syntax, not exact at 8
     *                         fraction digits, or out of range
     */
    public static long parse(char[] text, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, text.length);
        return parse(text, null, offset, length);
    }

    // Exactly one of a / s is non-null; one body keeps both entry points allocation-free.
    private static long parse(char[] a, CharSequence s, int off, int len) {
        if (len == 0) {
            throw new FormatException("empty value");
        }
        final int end = off + len;
        int i = off;
        char c = charAt(a, s, i);
        final boolean negative = c == '-';
        if (negative) {
            if (++i == end) {
                throw notANumber(a, s, off, len, null);
            }
            c = charAt(a, s, i);
        }
        if (!isDigit(c)) {
            String hint = c == '+' && !negative ? "JSON does not allow a leading '+'"
                    : c == '.' ? "JSON requires a digit before '.'"
                    : null;
            throw notANumber(a, s, off, len, hint);
        }

        // Digits of integer and fraction part are numbered n = 0, 1, ... from the left. Only the
        // significant run (first..last non-zero digit) is accumulated, so trailing zeros never
        // overflow; overflow means more than 18 significant digits, which the checks below reject.
        int n = 0;
        int first = -1;
        int last = -1;
        long mantissa = 0;
        boolean overflow = false;

        if (c == '0') {
            i++;
            n = 1;
            if (i < end && isDigit(charAt(a, s, i))) {
                throw notANumber(a, s, off, len, "JSON does not allow leading zeros");
            }
        } else {
            while (i < end && isDigit(c = charAt(a, s, i))) {
                int d = c - '0';
                if (d != 0) {
                    if (first < 0) {
                        first = n;
                        mantissa = d;
                    } else if (n - first >= 18) {
                        overflow = true;
                    } else if (!overflow) {
                        mantissa = mantissa * POW10[n - last] + d;
                    }
                    last = n;
                }
                i++;
                n++;
            }
        }
        final int integerDigits = n;

        if (i < end && charAt(a, s, i) == '.') {
            i++;
            if (i == end || !isDigit(charAt(a, s, i))) {
                throw notANumber(a, s, off, len, "JSON requires a digit after '.'");
            }
            while (i < end && isDigit(c = charAt(a, s, i))) {
                int d = c - '0';
                if (d != 0) {
                    if (first < 0) {
                        first = n;
                        mantissa = d;
                    } else if (n - first >= 18) {
                        overflow = true;
                    } else if (!overflow) {
                        mantissa = mantissa * POW10[n - last] + d;
                    }
                    last = n;
                }
                i++;
                n++;
            }
        }

        long exponent = 0;
        if (i < end && ((c = charAt(a, s, i)) == 'e' || c == 'E')) {
            i++;
            boolean negativeExponent = false;
            if (i < end && ((c = charAt(a, s, i)) == '+' || c == '-')) {
                negativeExponent = c == '-';
                i++;
            }
            if (i == end || !isDigit(charAt(a, s, i))) {
                throw notANumber(a, s, off, len, "exponent has no digits");
            }
            while (i < end && isDigit(c = charAt(a, s, i))) {
                if (exponent < EXPONENT_SATURATION) {
                    exponent = exponent * 10 + (c - '0');
                }
                i++;
            }
            if (negativeExponent) {
                exponent = -exponent;
            }
        }
        if (i != end) {
            throw notANumber(a, s, off, len, null);
        }
        if (first < 0) {
            return 0;
        }

        // Power of ten of the most and least significant non-zero digit.
        final long msdExponent = integerDigits - 1L - first + exponent;
        final long lsdExponent = integerDigits - 1L - last + exponent;
        if (msdExponent > MAX_DIGIT_EXPONENT) {
            throw outOfRange(text(a, s, off, len));
        }
        if (lsdExponent < -FRACTION_DIGITS) {
            throw tooManyFractionDigits(text(a, s, off, len));
        }
        // Here at most 18 significant digits, so overflow is false and the product fits.
        final long unscaled = mantissa * POW10[(int) (lsdExponent + FRACTION_DIGITS)];
        return negative ? -unscaled : unscaled;
    }

    /**
     * Appends the shortest exact plain text of {@code unscaled}: no exponent, no trailing
     * fraction zeros ({@code 80001000000} is {@code 800.01}, {@code -5} is {@code -0.00000005}).
     *
     * @throws IllegalArgumentException if {@code unscaled} is {@link #NULL} or out of range
     */
    public static void format(long unscaled, StringBuilder out) {
        checkUnscaled(unscaled);
        formatUnits(unscaled, out);
    }

    /**
     * {@link #format} for any count of 1e-8 units, also beyond DECIMAL(18,8) (a bar's volume, a sum
     * of sizes, can be). Does not allocate, except for {@code Long.MIN_VALUE}.
     */
    public static void formatUnits(long unscaled, StringBuilder out) {
        if (unscaled == Long.MIN_VALUE) { // no positive long magnitude
            out.append(BigDecimal.valueOf(unscaled, FRACTION_DIGITS).stripTrailingZeros().toPlainString());
            return;
        }
        long abs = unscaled;
        if (unscaled < 0) {
            out.append('-');
            abs = -unscaled;
        }
        out.append(abs / SCALE);
        long fraction = abs % SCALE;
        if (fraction == 0) {
            return;
        }
        int width = FRACTION_DIGITS;
        while (fraction % 10 == 0) {
            fraction /= 10;
            width--;
        }
        // 10^width + fraction prints as '1' and then the fraction's digits with their leading zeros;
        // the '1' becomes the decimal point.
        out.append(POW10[width] + fraction);
        out.setCharAt(out.length() - width - 1, '.');
    }

    /** {@link #format} into a new String. */
    public static String toString(long unscaled) {
        StringBuilder out = new StringBuilder(21);
        format(unscaled, out);
        return out.toString();
    }

    /**
     * The exact value with scale 8.
     *
     * @throws IllegalArgumentException if {@code unscaled} is {@link #NULL} or out of range
     */
    public static BigDecimal toBigDecimal(long unscaled) {
        checkUnscaled(unscaled);
        return BigDecimal.valueOf(unscaled, FRACTION_DIGITS);
    }

    /** {@link #fromBigDecimal}, with SQL NULL (a null {@code value}) as {@link #NULL}: a nullable column read back. */
    public static long fromNullable(BigDecimal value) {
        return value == null ? NULL : fromBigDecimal(value);
    }

    /**
     * The unscaled value of {@code value}, exactly.
     *
     * @throws FormatException if {@code value} has more than 8 fraction digits after stripping
     *                         trailing zeros, or is out of range
     */
    public static long fromBigDecimal(BigDecimal value) {
        Objects.requireNonNull(value, "value");
        if (value.signum() == 0) {
            return 0;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        long msdExponent = (long) stripped.precision() - stripped.scale() - 1;
        if (msdExponent > MAX_DIGIT_EXPONENT) {
            throw outOfRange(value.toString());
        }
        if (stripped.scale() > FRACTION_DIGITS) {
            throw tooManyFractionDigits(value.toString());
        }
        return stripped.movePointRight(FRACTION_DIGITS).longValueExact();
    }

    private static void checkUnscaled(long unscaled) {
        if (unscaled == NULL) {
            throw new IllegalArgumentException("Decimal8.NULL has no value");
        }
        if (unscaled > MAX_UNSCALED || unscaled < -MAX_UNSCALED) {
            throw new IllegalArgumentException(
                    "unscaled value out of range for DECIMAL(18,8) (max |" + MAX_UNSCALED + "|), got " + unscaled);
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static char charAt(char[] a, CharSequence s, int i) {
        return a != null ? a[i] : s.charAt(i);
    }

    // ---- error path: allocation is fine from here on

    private static FormatException notANumber(char[] a, CharSequence s, int off, int len, String hint) {
        String text = text(a, s, off, len);
        if (hint == null && hasWhitespace(a, s, off, len)) {
            hint = "contains whitespace";
        }
        return new FormatException(hint == null ? "not a number: " + text : "not a number (" + hint + "): " + text);
    }

    private static FormatException outOfRange(String text) {
        return new FormatException("out of range for DECIMAL(18,8) (max 9999999999.99999999), got " + truncate(text));
    }

    private static FormatException tooManyFractionDigits(String text) {
        return new FormatException("expected a decimal with at most 8 fraction digits, got " + truncate(text));
    }

    private static boolean hasWhitespace(char[] a, CharSequence s, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (Character.isWhitespace(charAt(a, s, i))) {
                return true;
            }
        }
        return false;
    }

    private static String text(char[] a, CharSequence s, int off, int len) {
        int shown = Math.min(len, MAX_TEXT_IN_MESSAGE);
        String head = a != null ? new String(a, off, shown) : s.subSequence(off, off + shown).toString();
        return len > MAX_TEXT_IN_MESSAGE ? head + "..." : head;
    }

    static String truncate(String text) {
        return text.length() > MAX_TEXT_IN_MESSAGE ? text.substring(0, MAX_TEXT_IN_MESSAGE) + "..." : text;
    }
}

package io.tickstore.store.model;

import java.time.Instant;
import java.util.Objects;

/**
 * Codec for timestamps held as epoch microseconds UTC in a {@code long}; {@link #NULL} means absent.
 * The store keeps trading data only from 1970-01-01T00:00:00Z ({@link #MIN_ACCEPTED}) up to
 * 2100-01-01T00:00:00Z ({@link #MAX_ACCEPTED_EXCLUSIVE}). {@link #parseIso} enforces that window;
 * {@link #fromEpochMicros} starts it at {@link #MIN_ACCEPTED_INTEGER} instead (see there).
 *
 * <p>{@link #parseIso}, {@link #fromEpochMicros} and {@link #formatIso} do not allocate on the
 * success path and do not use java.time. Errors throw {@link FormatException} with a message the
 * caller prefixes with the field name. Stateless, so safe on any thread.
 */
public final class EpochMicros {
    /** Sentinel for an absent timestamp. */
    public static final long NULL = Long.MIN_VALUE;
    /** 1970-01-01T00:00:00Z. */
    public static final long MIN_ACCEPTED = 0L;
    /** 2100-01-01T00:00:00Z: 47482 days after the epoch. */
    public static final long MAX_ACCEPTED_EXCLUSIVE = 4_102_444_800_000_000L;
    /**
     * Smallest epoch integer {@link #fromEpochMicros} accepts: 1970-02-17T11:34:04.8Z. Every smaller
     * non-negative integer is also a valid 1970..2100 time in milliseconds or seconds, and a
     * millisecond or second timestamp is far likelier than trading data from early 1970, so such
     * integers are rejected with a unit hint instead of being silently read as microseconds.
     */
    public static final long MIN_ACCEPTED_INTEGER = MAX_ACCEPTED_EXCLUSIVE / 1_000;

    /**
     * {@code t} moved into [{@link #MIN_ACCEPTED}, {@link #MAX_ACCEPTED_EXCLUSIVE}]: every stored time
     * lies in that range, so a range bound outside it selects the same rows once clamped (and SQL can
     * hold it as a timestamp).
     */
    public static long clampAccepted(long t) {
        return Math.max(MIN_ACCEPTED, Math.min(t, MAX_ACCEPTED_EXCLUSIVE));
    }

    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final long MICROS_PER_DAY = 86_400L * MICROS_PER_SECOND;
    private static final long SECONDS_PER_DAY = 86_400L;
    /** 0001-01-01T00:00:00Z and 10000-01-01T00:00:00Z: the years {@link #formatIso} can write. */
    private static final long MIN_FORMATTABLE = -719_162L * MICROS_PER_DAY;
    private static final long MAX_FORMATTABLE_EXCLUSIVE = 2_932_897L * MICROS_PER_DAY;
    private static final int MAX_TEXT_IN_MESSAGE = 40;
    private static final int MAX_OFFSET_HOURS = 18;

    private EpochMicros() {
    }

    /** Thrown for text or integers that are not an accepted timestamp. Carries no stack trace. */
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

    /** Parses an ISO-8601 timestamp with a zone; see {@link #parseIso(char[], int, int)}. */
    public static long parseIso(CharSequence text) {
        Objects.requireNonNull(text, "text");
        return parseIso(null, text, 0, text.length());
    }

    /**
     * Parses {@code YYYY-MM-DDTHH:MM:SS[.f]} followed by {@code Z}, {@code z}, {@code +HH:MM},
     * {@code +HHMM} or {@code +HH} (or {@code -}). {@code T} may be {@code t}; the fraction has 1 to
     * 9 digits and is truncated to microseconds. The offset is at most 18:00. The instant must lie
     * in [1970-01-01T00:00:00Z, 2100-01-01T00:00:00Z).
     *
     * @return epoch microseconds UTC
     * @throws FormatException if the text is malformed, has no zone, a field is out of range
     *                         (including leap second 60), or the instant is outside the window
     */
    public static long parseIso(char[] text, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, text.length);
        return parseIso(text, null, offset, length);
    }

    // Exactly one of a / s is non-null; one body keeps both entry points allocation-free.
    private static long parseIso(char[] a, CharSequence s, int off, int len) {
        if (len == 0) {
            throw new FormatException("empty value");
        }
        if (len < 19
                || charAt(a, s, off + 4) != '-' || charAt(a, s, off + 7) != '-'
                || (charAt(a, s, off + 10) | 0x20) != 't'
                || charAt(a, s, off + 13) != ':' || charAt(a, s, off + 16) != ':') {
            throw malformed(a, s, off, len);
        }
        final int year = digits(a, s, off, 4);
        final int month = digits(a, s, off + 5, 2);
        final int day = digits(a, s, off + 8, 2);
        final int hour = digits(a, s, off + 11, 2);
        final int minute = digits(a, s, off + 14, 2);
        final int second = digits(a, s, off + 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            throw malformed(a, s, off, len);
        }

        final int end = off + len;
        int i = off + 19;
        long fractionMicros = 0;
        if (i < end && charAt(a, s, i) == '.') {
            i++;
            final int start = i;
            char c;
            while (i < end && (c = charAt(a, s, i)) >= '0' && c <= '9') {
                if (i - start < 6) {
                    fractionMicros = fractionMicros * 10 + (c - '0');
                }
                i++;
            }
            final int fractionDigits = i - start;
            if (fractionDigits == 0) {
                throw malformed(a, s, off, len);
            }
            if (fractionDigits > 9) {
                throw new FormatException("expected 1 to 9 fraction digits in " + text(a, s, off, len));
            }
            for (int k = fractionDigits; k < 6; k++) {
                fractionMicros *= 10;
            }
        }

        if (i == end) {
            throw new FormatException(
                    "expected an ISO-8601 timestamp with Z or an offset, got " + text(a, s, off, len));
        }
        int offsetSeconds = 0;
        final char zone = charAt(a, s, i);
        if (zone == 'Z' || zone == 'z') {
            if (i + 1 != end) {
                throw badZone(a, s, off, len);
            }
        } else if (zone == '+' || zone == '-') {
            final int zoneLength = end - i - 1;
            final int offsetHours = zoneLength >= 2 ? digits(a, s, i + 1, 2) : -1;
            int offsetMinutes;
            if (zoneLength == 2) {
                offsetMinutes = 0;
            } else if (zoneLength == 4) {
                offsetMinutes = digits(a, s, i + 3, 2);
            } else if (zoneLength == 5 && charAt(a, s, i + 3) == ':') {
                offsetMinutes = digits(a, s, i + 4, 2);
            } else {
                offsetMinutes = -1;
            }
            if (offsetHours < 0 || offsetMinutes < 0) {
                throw badZone(a, s, off, len);
            }
            if (offsetHours > MAX_OFFSET_HOURS || (offsetHours == MAX_OFFSET_HOURS && offsetMinutes > 0)) {
                throw new FormatException("offset " + text(a, s, i, end - i)
                        + " out of range (max 18:00) in " + text(a, s, off, len));
            }
            if (offsetMinutes > 59) {
                throw new FormatException("offset minute " + offsetMinutes + " out of range in " + text(a, s, off, len));
            }
            offsetSeconds = offsetHours * 3600 + offsetMinutes * 60;
            if (zone == '-') {
                offsetSeconds = -offsetSeconds;
            }
        } else {
            throw badZone(a, s, off, len);
        }

        if (year == 0) {
            throw new FormatException("year 0000 out of range in " + text(a, s, off, len));
        }
        if (month < 1 || month > 12) {
            throw new FormatException("month " + month + " out of range in " + text(a, s, off, len));
        }
        if (day < 1 || day > lengthOfMonth(year, month)) {
            throw new FormatException("day " + day + " out of range for " + text(a, s, off, 7)
                    + " in " + text(a, s, off, len));
        }
        if (hour > 23) {
            throw new FormatException("hour " + hour + " out of range in " + text(a, s, off, len));
        }
        if (minute > 59) {
            throw new FormatException("minute " + minute + " out of range in " + text(a, s, off, len));
        }
        if (second > 59) {
            throw new FormatException("second " + second + " out of range" + (second == 60 ? " (leap seconds are not supported)" : "")
                    + " in " + text(a, s, off, len));
        }

        final long epochSeconds = daysFromCivil(year, month, day) * SECONDS_PER_DAY
                + hour * 3600L + minute * 60L + second - offsetSeconds;
        // fractionMicros is a non-negative part of the second, so dropping digits beyond 6 is a floor.
        final long micros = epochSeconds * MICROS_PER_SECOND + fractionMicros;
        if (micros < MIN_ACCEPTED || micros >= MAX_ACCEPTED_EXCLUSIVE) {
            throw new FormatException("out of range: expected a timestamp from 1970-01-01T00:00:00Z up to "
                    + "2100-01-01T00:00:00Z (exclusive), got " + text(a, s, off, len));
        }
        return micros;
    }

    /**
     * Checks an integer epoch timestamp, which must be in microseconds and lie in
     * [{@link #MIN_ACCEPTED_INTEGER}, {@link #MAX_ACCEPTED_EXCLUSIVE}).
     *
     * @return {@code value} unchanged
     * @throws FormatException otherwise, naming seconds, milliseconds or nanoseconds when the value
     *                         would be a 1970..2100 time in that unit
     */
    public static long fromEpochMicros(long value) {
        if (value >= MIN_ACCEPTED_INTEGER && value < MAX_ACCEPTED_EXCLUSIVE) {
            return value;
        }
        throw unitError(value);
    }

    /**
     * Appends {@code micros} like {@link Instant#toString()}: {@code 2024-01-02T09:30:00Z}, with a
     * 3-digit fraction for whole milliseconds and a 6-digit fraction otherwise.
     *
     * @throws IllegalArgumentException if {@code micros} is {@link #NULL} or outside years 0001..9999
     */
    public static void formatIso(long micros, StringBuilder out) {
        if (!formattable(micros)) {
            throw new IllegalArgumentException(micros == NULL ? "EpochMicros.NULL has no value"
                    : "epoch microseconds " + micros + " outside years 0001..9999");
        }
        final long epochDay = Math.floorDiv(micros, MICROS_PER_DAY);
        final long microsOfDay = Math.floorMod(micros, MICROS_PER_DAY);

        final int date = civilDate(epochDay);
        final int year = date / 10_000;
        final int month = date / 100 % 100;
        final int day = date % 100;

        final int secondOfDay = (int) (microsOfDay / MICROS_PER_SECOND);
        final int fraction = (int) (microsOfDay % MICROS_PER_SECOND);

        appendPadded(out, year, 4);
        out.append('-');
        appendPadded(out, month, 2);
        out.append('-');
        appendPadded(out, day, 2);
        out.append('T');
        appendPadded(out, secondOfDay / 3600, 2);
        out.append(':');
        appendPadded(out, secondOfDay / 60 % 60, 2);
        out.append(':');
        appendPadded(out, secondOfDay % 60, 2);
        if (fraction != 0) {
            out.append('.');
            if (fraction % 1000 == 0) {
                appendPadded(out, fraction / 1000, 3);
            } else {
                appendPadded(out, fraction, 6);
            }
        }
        out.append('Z');
    }

    /**
     * The calendar date of a day after 0000-03-01 (epoch day -719468) as {@code yyyy * 10000 + mm *
     * 100 + dd} (proleptic Gregorian, as {@link #formatIso} writes it).
     */
    public static int civilDate(long epochDay) {
        // civil_from_days (H. Hinnant); z >= 0, so era >= 0.
        final long z = epochDay + 719_468;
        final long era = z / 146_097;
        final long dayOfEra = z - era * 146_097;
        final long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        final long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        final long monthIndex = (5 * dayOfYear + 2) / 153;
        final int day = (int) (dayOfYear - (153 * monthIndex + 2) / 5 + 1);
        final int month = (int) (monthIndex < 10 ? monthIndex + 3 : monthIndex - 9);
        final int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
        return year * 10_000 + month * 100 + day;
    }

    /** Whether {@link #formatIso} can write {@code micros}: years 0001..9999, not {@link #NULL}. */
    public static boolean formattable(long micros) {
        return micros >= MIN_FORMATTABLE && micros < MAX_FORMATTABLE_EXCLUSIVE;
    }

    /** {@link #formatIso} into a new String. */
    public static String toIso(long micros) {
        StringBuilder out = new StringBuilder(27);
        formatIso(micros, out);
        return out.toString();
    }

    /**
     * Epoch microseconds of {@code instant}, nanoseconds floored. No window check.
     *
     * @throws ArithmeticException if the result does not fit in a long
     */
    public static long toEpochMicros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), MICROS_PER_SECOND), instant.getNano() / 1000);
    }

    /**
     * The instant of {@code micros}.
     *
     * @throws IllegalArgumentException if {@code micros} is {@link #NULL}
     */
    public static Instant toInstant(long micros) {
        if (micros == NULL) {
            throw new IllegalArgumentException("EpochMicros.NULL has no value");
        }
        return Instant.ofEpochSecond(Math.floorDiv(micros, MICROS_PER_SECOND),
                Math.floorMod(micros, MICROS_PER_SECOND) * 1000);
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (days_from_civil, H. Hinnant). */
    static long daysFromCivil(int year, int month, int day) {
        final long y = month <= 2 ? year - 1 : year;
        final long era = (y >= 0 ? y : y - 399) / 400;
        final long yearOfEra = y - era * 400;
        final long dayOfYear = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        final long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }

    static int lengthOfMonth(int year, int month) {
        if (month == 2) {
            return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
        }
        return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
    }

    /** The value of {@code count} ASCII digits at {@code at}, or -1 if any is not a digit. */
    private static int digits(char[] a, CharSequence s, int at, int count) {
        int value = 0;
        for (int k = 0; k < count; k++) {
            char c = charAt(a, s, at + k);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** {@code value} in exactly {@code width} (2, 3, 4 or 6) digits; constant divisors only. */
    private static void appendPadded(StringBuilder out, int value, int width) {
        switch (width) {
            case 2 -> appendTwo(out, value);
            case 3 -> {
                out.append((char) ('0' + value / 100));
                appendTwo(out, value % 100);
            }
            case 4 -> {
                appendTwo(out, value / 100);
                appendTwo(out, value % 100);
            }
            case 6 -> {
                appendTwo(out, value / 10_000);
                appendTwo(out, value / 100 % 100);
                appendTwo(out, value % 100);
            }
            default -> throw new IllegalArgumentException("width " + width);
        }
    }

    private static void appendTwo(StringBuilder out, int value) {
        out.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }

    private static char charAt(char[] a, CharSequence s, int i) {
        return a != null ? a[i] : s.charAt(i);
    }

    // ---- error path: allocation is fine from here on

    private static FormatException malformed(char[] a, CharSequence s, int off, int len) {
        return new FormatException(
                "expected an ISO-8601 timestamp like 2024-01-02T09:30:00.123456Z, got " + text(a, s, off, len));
    }

    private static FormatException badZone(char[] a, CharSequence s, int off, int len) {
        return new FormatException(
                "expected Z or an offset like +01:00, +0100 or +01 at the end, got " + text(a, s, off, len));
    }

    private static FormatException unitError(long value) {
        final String unit;
        if (value >= 0 && value < MAX_ACCEPTED_EXCLUSIVE / MICROS_PER_SECOND) {
            unit = " (looks like seconds)";
        } else if (value >= 0 && value < MIN_ACCEPTED_INTEGER) {
            unit = " (looks like milliseconds)";
        } else if (value >= MAX_ACCEPTED_EXCLUSIVE && value < MAX_ACCEPTED_EXCLUSIVE * 1000) {
            unit = " (looks like nanoseconds)";
        } else {
            unit = null;
        }
        String expected = "expected epoch microseconds between 1970-01-01 and 2100-01-01";
        return new FormatException(unit != null
                ? "epoch integer " + value + " is not in microseconds" + unit + "; " + expected
                : "epoch integer " + value + " is out of range; " + expected);
    }

    private static String text(char[] a, CharSequence s, int off, int len) {
        int shown = Math.min(len, MAX_TEXT_IN_MESSAGE);
        String head = a != null ? new String(a, off, shown) : s.subSequence(off, off + shown).toString();
        return len > MAX_TEXT_IN_MESSAGE ? head + "..." : head;
    }
}

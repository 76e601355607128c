package io.tickstore.query;

import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.EpochMicros;
import io.tickstore.store.model.JsonString;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A reply's text written straight into bytes: ASCII literals, numbers, {@link Decimal8} values and
 * ISO-8601 times exactly as the reference formatters ({@link Decimal8#format}, {@link
 * EpochMicros#formatIso}) write them, and texts as CSV fields ({@link CsvText#field}) or JSON strings
 * ({@link JsonString#append}), in UTF-8. Used for the replies that are mostly numbers and long: pages
 * of ticks and tick pushes.
 *
 * <p>Why bytes and not a {@link StringBuilder}: a page of ticks is ~300 lines of ten numbers, and
 * per-character appends (each checking capacity and coder) plus {@code Long.toString}-style digit
 * loops were most of its cost (~57 µs for 300 ticks as CSV, against ~30 µs here, measured
 * in-process); it is also sent without a String-to-UTF-8 copy. A time's date changes rarely within a
 * page, so {@code yyyy-MM-ddT} is computed once per day.
 *
 * <p>Writes into its thread's buffer, reused text after text ({@link #toPooledBody} and {@link #toText}
 * copy the text out and give the buffer back): a fresh array per request had to be zeroed first, 15% of
 * the event loop's samples in a JFR recording of CSV tick replies. A second text begun on the same
 * thread before the first is taken gets its own array. One grown past {@link #KEPT_BYTES} is let go.
 */
public final class TextBytes {
    private static final long MICROS_PER_DAY = 86_400_000_000L;
    private static final byte[] TWO_DIGITS = new byte[200];
    private static final int INITIAL_BYTES = 64 * 1024;
    private static final int KEPT_BYTES = 1 << 20;
    /** The longest number {@link #number} writes: a sign and 19 digits. */
    static final int MAX_NUMBER = 20;
    /** The longest value {@link #decimal} writes: a sign, 10 whole digits, a point and 8 decimals. */
    static final int MAX_DECIMAL = 21;
    /** The longest time {@link #isoTime} writes: {@code yyyy-MM-ddTHH:mm:ss.SSSSSSZ}. */
    static final int MAX_TIME = 27;
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[INITIAL_BYTES]);

    static {
        for (int i = 0; i < 100; i++) {
            TWO_DIGITS[2 * i] = (byte) ('0' + i / 10);
            TWO_DIGITS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    private byte[] buf;
    private int len;
    /** The epoch day whose {@code yyyy-MM-ddT} is in {@link #datePrefix}. */
    private long day = Long.MIN_VALUE;
    private final byte[] datePrefix = new byte[11];

    /** An empty text on this thread's buffer; take it once with {@link #toPooledBody} or {@link #toText}. */
    public TextBytes() {
        byte[] b = SCRATCH.get();
        if (b == null) { // the thread's buffer holds a text not yet taken
            b = new byte[INITIAL_BYTES];
        } else {
            SCRATCH.set(null);
        }
        buf = b;
    }

    /** The text, copied out into a pooled direct buffer the sender releases; the buffer goes back to the thread. */
    PooledBody toPooledBody() {
        PooledBody text = PooledBody.copyOf(buf, len);
        release();
        return text;
    }

    /** The text as a String; the buffer goes back to the thread. */
    public String toText() {
        String text = new String(buf, 0, len, StandardCharsets.UTF_8);
        release();
        return text;
    }

    private void release() {
        if (buf.length <= KEPT_BYTES) {
            SCRATCH.set(buf); // keeps a buffer that grew
        } else {
            SCRATCH.remove();
        }
        buf = null; // taken: any further write fails
    }

    /** Room for {@code more} bytes; the single-byte and number writers below rely on a caller's earlier call. */
    public void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }

    /** One ASCII character (room ensured by the caller). */
    public void put(char c) {
        buf[len++] = (byte) c;
    }

    /** A literal's bytes, encoded once, for {@link #put(byte[])}. */
    public static byte[] literal(String ascii) {
        return ascii.getBytes(StandardCharsets.US_ASCII);
    }

    /** An ASCII text. */
    public void ascii(CharSequence s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) s.charAt(i); // ASCII: one byte a char
        }
    }

    /** Bytes written before, e.g. a key and its punctuation encoded once (room ensured by the caller). */
    public void put(byte[] bytes) {
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
    }

    /** A time as {@link EpochMicros#formatIso} writes it (room for {@link #MAX_TIME} ensured by the caller). */
    public void isoTime(long micros) {
        if (!EpochMicros.formattable(micros)) {
            EpochMicros.formatIso(micros, new StringBuilder()); // throws its error
        }
        long d = Math.floorDiv(micros, MICROS_PER_DAY);
        if (d != day) {
            int date = EpochMicros.civilDate(d);
            int year = date / 10_000;
            datePrefix[0] = TWO_DIGITS[2 * (year / 100)];
            datePrefix[1] = TWO_DIGITS[2 * (year / 100) + 1];
            datePrefix[2] = TWO_DIGITS[2 * (year % 100)];
            datePrefix[3] = TWO_DIGITS[2 * (year % 100) + 1];
            datePrefix[4] = '-';
            datePrefix[5] = TWO_DIGITS[2 * (date / 100 % 100)];
            datePrefix[6] = TWO_DIGITS[2 * (date / 100 % 100) + 1];
            datePrefix[7] = '-';
            datePrefix[8] = TWO_DIGITS[2 * (date % 100)];
            datePrefix[9] = TWO_DIGITS[2 * (date % 100) + 1];
            datePrefix[10] = 'T';
            day = d;
        }
        System.arraycopy(datePrefix, 0, buf, len, 11);
        len += 11;
        long microsOfDay = micros - d * MICROS_PER_DAY;
        int second = (int) (microsOfDay / 1_000_000);
        int fraction = (int) (microsOfDay - second * 1_000_000L);
        two(second / 3600);
        buf[len++] = ':';
        two(second / 60 % 60);
        buf[len++] = ':';
        two(second % 60);
        if (fraction != 0) {
            buf[len++] = '.';
            if (fraction % 1000 == 0) { // whole milliseconds: three digits, as formatIso
                int ms = fraction / 1000;
                buf[len++] = (byte) ('0' + ms / 100);
                two(ms % 100);
            } else {
                two(fraction / 10_000);
                two(fraction / 100 % 100);
                two(fraction % 100);
            }
        }
        buf[len++] = 'Z';
    }

    private void two(int v) {
        buf[len] = TWO_DIGITS[2 * v];
        buf[len + 1] = TWO_DIGITS[2 * v + 1];
        len += 2;
    }

    /** A long in decimal digits (room for {@link #MAX_NUMBER} ensured by the caller). */
    public void number(long v) {
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                byte[] text = Long.toString(v).getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(text, 0, buf, len, text.length);
                len += text.length;
                return;
            }
            buf[len++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long p = 10; digits < 19 && v >= p; p *= 10) {
            digits++;
        }
        int at = len + digits;
        len = at;
        while (v >= 100) {
            long q = v / 100;
            int r = (int) (v - q * 100);
            at -= 2;
            buf[at] = TWO_DIGITS[2 * r];
            buf[at + 1] = TWO_DIGITS[2 * r + 1];
            v = q;
        }
        if (v >= 10) {
            buf[at - 2] = TWO_DIGITS[2 * (int) v];
            buf[at - 1] = TWO_DIGITS[2 * (int) v + 1];
        } else {
            buf[at - 1] = (byte) ('0' + v);
        }
    }

    /**
     * Decimal8 units as {@link Decimal8#format} writes them (no trailing zeros); nothing for {@link
     * Decimal8#NULL}, which each format writes its own way (room for {@link #MAX_DECIMAL} ensured by the
     * caller).
     */
    public void decimal(long unscaled) {
        if (unscaled == Decimal8.NULL) {
            return;
        }
        long abs = Math.abs(unscaled);
        if (abs > Decimal8.MAX_UNSCALED) {
            Decimal8.format(unscaled, new StringBuilder()); // throws its error
        }
        if (unscaled < 0) {
            buf[len++] = '-';
        }
        long whole = abs / Decimal8.SCALE;
        number(whole);
        int fraction = (int) (abs - whole * Decimal8.SCALE);
        if (fraction == 0) {
            return;
        }
        buf[len++] = '.';
        int width = 8;
        if (fraction % 10_000 == 0) {
            fraction /= 10_000;
            width = 4;
        }
        if (fraction % 100 == 0) {
            fraction /= 100;
            width -= 2;
        }
        if (fraction % 10 == 0) {
            fraction /= 10;
            width--;
        }
        int at = len + width;
        len = at;
        if ((width & 1) == 1) {
            buf[--at] = (byte) ('0' + fraction % 10);
            fraction /= 10;
            width--;
        }
        for (; width > 0; width -= 2) {
            int r = fraction % 100;
            fraction /= 100;
            at -= 2;
            buf[at] = TWO_DIGITS[2 * r];
            buf[at + 1] = TWO_DIGITS[2 * r + 1];
        }
    }

    /** A text as {@link CsvText#field} writes it. */
    public void csvField(String s) {
        if (s == null) {
            return;
        }
        boolean plain = !s.isEmpty();
        for (int i = 0; i < s.length() && plain; i++) {
            char c = s.charAt(i);
            plain = c < 0x80 && c != ',' && c != '"' && c != '\r' && c != '\n';
        }
        if (plain) { // ASCII without CSV specials: the common case, byte for byte
            ascii(s);
            return;
        }
        StringBuilder field = new StringBuilder(s.length() + 2);
        CsvText.field(field, s);
        utf8(field);
    }

    /** A text as {@link JsonString#append} writes it: quoted and escaped, {@code null} for null. */
    public void jsonString(String s) {
        if (s == null) {
            ascii("null");
            return;
        }
        boolean plain = true;
        for (int i = 0; i < s.length() && plain; i++) {
            char c = s.charAt(i);
            plain = c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
        }
        if (plain) { // printable ASCII without quote or backslash: the common case, byte for byte
            ensure(s.length() + 2);
            buf[len++] = '"';
            for (int i = 0; i < s.length(); i++) {
                buf[len++] = (byte) s.charAt(i);
            }
            buf[len++] = '"';
            return;
        }
        StringBuilder string = new StringBuilder(s.length() + 8);
        JsonString.append(string, s);
        utf8(string);
    }

    private void utf8(CharSequence text) {
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
    }
}

package io.tickstore.query;

import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.EpochMicros;
import io.tickstore.store.model.TickRecord;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A CSV page of ticks written straight into bytes: a header line, then one {@code \n}-terminated
 * line per tick with the values {@link MarketJson#tick} gives — the timestamp as {@link
 * EpochMicros#formatIso} writes it, decimals as {@link Decimal8#format} does, an absent value an
 * empty field, texts as {@link CsvText#field} writes them (UTF-8).
 *
 * <p>Why bytes and not a {@link StringBuilder} like every other reply: a page of ticks is ~300
 * lines of ten numbers, and per-character appends (each checking capacity and coder) plus
 * {@code Long.toString}-style digit loops were most of its cost (~57 µs for 300 ticks, against
 * ~30 µs here, measured in-process); it is also sent without a String-to-UTF-8 copy. A tick's
 * date changes rarely within a page, so {@code yyyy-MM-ddT} is computed once per day.
 */
final class TickCsv {
    /** The header line, without the line end. */
    static final String HEADER_LINE = "timestamp,sequence_number,bid_price,ask_price,bid_size,ask_size,"
            + "last_price,last_size,volume,conditions,tape";
    private static final byte[] HEADER = (HEADER_LINE + "\n").getBytes(StandardCharsets.US_ASCII);
    /** The longest line a tick without texts can need: 27 + 20 + 7 x 21 + 12 separators. */
    private static final int MAX_NUMBERS_LINE = 27 + 20 + 7 * 21 + 12;
    private static final long MICROS_PER_DAY = 86_400_000_000L;
    private static final byte[] TWO_DIGITS = new byte[200];

    static {
        for (int i = 0; i < 100; i++) {
            TWO_DIGITS[2 * i] = (byte) ('0' + i / 10);
            TWO_DIGITS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    /**
     * Each thread's page buffer, reused page after page ({@link #toBuffer} copies the page out): a
     * fresh array per request had to be zeroed first, 15% of the event loop's samples in a JFR
     * recording of CSV tick replies. One grown past {@link #KEPT_BYTES} is let go.
     */
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[64 * 1024]);
    private static final int KEPT_BYTES = 1 << 20;

    private byte[] buf;
    private int len;
    /** The epoch day whose {@code yyyy-MM-ddT} is in {@link #datePrefix}. */
    private long day = Long.MIN_VALUE;
    private final byte[] datePrefix = new byte[11];

    /** A page on this thread's buffer: write it with {@link #add}, then take it once with {@link #toBuffer}. */
    TickCsv() {
        buf = SCRATCH.get();
        System.arraycopy(HEADER, 0, buf, 0, HEADER.length);
        len = HEADER.length;
    }

    void add(TickRecord t) {
        if (!EpochMicros.formattable(t.timestamp)) {
            EpochMicros.formatIso(t.timestamp, new StringBuilder()); // throws its error
        }
        ensure(MAX_NUMBERS_LINE);
        timestamp(t.timestamp);
        buf[len++] = ',';
        number(t.sequenceNumber);
        buf[len++] = ',';
        decimal(t.bidPrice);
        buf[len++] = ',';
        decimal(t.askPrice);
        buf[len++] = ',';
        decimal(t.bidSize);
        buf[len++] = ',';
        decimal(t.askSize);
        buf[len++] = ',';
        decimal(t.lastPrice);
        buf[len++] = ',';
        decimal(t.lastSize);
        buf[len++] = ',';
        decimal(t.volume);
        buf[len++] = ',';
        text(t.conditions);
        ensure(2);
        buf[len++] = ',';
        text(t.tape);
        ensure(1);
        buf[len++] = '\n';
    }

    /** The page, copied out of the thread's buffer (which the next page on this thread reuses). */
    Buffer toBuffer() {
        Buffer page = Buffer.buffer(len).appendBytes(buf, 0, len);
        if (buf.length <= KEPT_BYTES) {
            SCRATCH.set(buf); // keeps a buffer that grew
        } else {
            SCRATCH.remove();
        }
        return page;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }

    private void timestamp(long micros) {
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

    /** A long in decimal digits. */
    private void number(long v) {
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

    /** Decimal8 units as {@link Decimal8#format} writes them (no trailing zeros), nothing for NULL. */
    private void decimal(long unscaled) {
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

    /** A text field as {@link CsvText#field} writes it, in UTF-8. */
    private void text(String s) {
        if (s == null) {
            return;
        }
        boolean plain = !s.isEmpty();
        for (int i = 0; i < s.length() && plain; i++) {
            char c = s.charAt(i);
            plain = c < 0x80 && c != ',' && c != '"' && c != '\r' && c != '\n';
        }
        if (plain) { // ASCII without CSV specials: the common case, byte for byte
            ensure(s.length());
            for (int i = 0; i < s.length(); i++) {
                buf[len++] = (byte) s.charAt(i);
            }
            return;
        }
        StringBuilder field = new StringBuilder(s.length() + 2);
        CsvText.field(field, s);
        byte[] bytes = field.toString().getBytes(StandardCharsets.UTF_8);
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
    }
}

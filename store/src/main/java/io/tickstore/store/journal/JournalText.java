package io.tickstore.store.journal;

import java.nio.charset.StandardCharsets;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.core.pool.StringInterner;

/**
 * One journal reader's cache of the strings that repeat from message to message (exchange, symbol,
 * strategy, conditions, tape), so a reader that tails millions of ticks of a hundred feeds allocates a
 * string only when the cache misses. A short ASCII string (the usual case) is looked up by its bytes
 * in the journal, without decoding it; any other is decoded into a reused buffer and interned.
 * One reader thread only.
 */
public final class JournalText {
    /** Longest string looked up by its bytes. */
    private static final int SHORT = 64;
    private static final int SLOTS = 4096;

    private final StringBuilder buffer = new StringBuilder(64);
    private final StringInterner cache = new StringInterner(4096);
    /** Direct-mapped by the bytes' hash: the bytes and the string of each short ASCII string seen. */
    private final byte[][] keys = new byte[SLOTS][];
    private final String[] values = new String[SLOTS];

    /** Reads one stop-bit-length UTF-8 string (null for length -1), as {@link Bytes#writeUtf8} wrote it. */
    String read(Bytes<?> in) {
        long start = in.readPosition();
        long length = in.readStopBit();
        if (length >= 0 && length <= SHORT) {
            int n = (int) length;
            long at = in.readPosition();
            int hash = 0;
            boolean ascii = true;
            for (int i = 0; i < n; i++) {
                byte b = in.readByte(at + i);
                ascii &= b >= 0;
                hash = 31 * hash + b;
            }
            if (ascii) {
                int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
                byte[] key = keys[slot];
                if (key != null && key.length == n && same(in, at, key)) {
                    in.readSkip(n);
                    return values[slot];
                }
                byte[] bytes = new byte[n];
                for (int i = 0; i < n; i++) {
                    bytes[i] = in.readByte(at + i);
                }
                String text = cache.intern(new String(bytes, StandardCharsets.US_ASCII));
                keys[slot] = bytes;
                values[slot] = text;
                in.readSkip(n);
                return text;
            }
        }
        in.readPosition(start); // null, long or not ASCII: the general path
        if (!in.readUtf8(buffer)) {
            return null;
        }
        return cache.intern(buffer);
    }

    private static boolean same(Bytes<?> in, long at, byte[] key) {
        for (int i = 0; i < key.length; i++) {
            if (in.readByte(at + i) != key[i]) {
                return false;
            }
        }
        return true;
    }
}

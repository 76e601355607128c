package io.tickstore.store.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.core.pool.StringInterner;

/**
 * One journal reader's cache of the strings that repeat from message to message (exchange, symbol,
 * strategy, conditions, tape): a string is decoded into a reused buffer and looked up, so a reader
 * that tails millions of ticks of a hundred feeds allocates a string only when the cache misses.
 * One reader thread only.
 */
public final class JournalText {
    private final StringBuilder buffer = new StringBuilder(64);
    private final StringInterner cache = new StringInterner(4096);

    /** Reads one stop-bit-length UTF-8 string (null for length -1). */
    String read(Bytes<?> in) {
        if (!in.readUtf8(buffer)) {
            return null;
        }
        return cache.intern(buffer);
    }
}

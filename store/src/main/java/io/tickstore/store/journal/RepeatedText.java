package io.tickstore.store.journal;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import net.openhft.chronicle.bytes.Bytes;

/**
 * The UTF-8 bytes of the short texts journal messages repeat (exchange, symbol, strategy, tape), kept
 * so that writing one copies them instead of encoding them char by char again. Written exactly as
 * Chronicle's {@code writeUtf8} writes them (a stop-bit length, then the bytes), so readers see no
 * difference. Only ASCII texts are kept (for them the bytes are the chars), at most
 * {@link #MAX_KEPT}; anything else is written by {@code writeUtf8}. Thread-safe.
 */
final class RepeatedText {
    static final int MAX_KEPT = 65_536;

    private final ConcurrentHashMap<String, byte[]> kept = new ConcurrentHashMap<>();

    void write(Bytes<?> out, String text) {
        if (text == null) {
            out.writeUtf8((String) null);
            return;
        }
        byte[] bytes = kept.get(text);
        if (bytes == null) {
            if (kept.size() >= MAX_KEPT || !ascii(text)) {
                out.writeUtf8(text);
                return;
            }
            bytes = text.getBytes(StandardCharsets.US_ASCII);
            kept.putIfAbsent(text, bytes);
        }
        out.writeStopBit(bytes.length);
        out.write(bytes);
    }

    private static boolean ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}

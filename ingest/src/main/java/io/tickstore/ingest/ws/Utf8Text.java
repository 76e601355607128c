package io.tickstore.ingest.ws;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Checks a text frame's payload is UTF-8 without decoding it: the common case (ASCII JSON) costs one
 * scan for a byte above 0x7F; only a frame holding one is checked strictly.
 */
final class Utf8Text {
    private Utf8Text() {
    }

    /** Whether {@code bytes} are valid UTF-8: a scan for non-ASCII bytes, the strict check only when there are some. */
    static boolean valid(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return invalidAt(bytes) < 0;
            }
        }
        return true;
    }

    /** Byte offset of the first invalid UTF-8 sequence in {@code bytes}, or -1 if there is none. */
    static int invalidAt(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(Math.min(bytes.length, 8192) + 1);
        while (true) {
            CoderResult r = decoder.decode(in, out, true);
            if (r.isError()) {
                return in.position();
            }
            if (r.isUnderflow()) {
                return -1;
            }
            out.clear(); // overflow: the text itself is not needed
        }
    }
}

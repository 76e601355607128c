package io.tickstore.ingest.ws;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a text frame's payload. The common case costs one {@code new String} plus a scan for U+FFFD;
 * only a frame holding U+FFFD (a replaced bad sequence, or a genuine U+FFFD) is checked strictly.
 */
final class Utf8Text {
    private Utf8Text() {
    }

    /** The frame as text, or null when {@code bytes} is not valid UTF-8 ({@link #invalidAt} says where). */
    static String decode(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') >= 0 && invalidAt(bytes) >= 0) {
            return null;
        }
        return text;
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

package io.tickstore.query;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The {@code next_cursor} of a paged list: the sort key of the last row of a page, so the next page
 * starts right after it and pages neither skip nor repeat rows. Opaque to clients; URL-safe
 * (digits, {@code :}, {@code -}, {@code _} and base64url letters). A cursor that does not decode is
 * a 400 naming {@code cursor}.
 */
final class PageCursor {
    private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODE = Base64.getUrlDecoder();
    private static final char SEPARATOR = '\u0000';

    private PageCursor() {
    }

    /** A time and a number: {@code "<epoch micros>:<n>"}. */
    static String of(long time, long n) {
        return time + ":" + n;
    }

    /** A time and a text: {@code "<epoch micros>:<base64url(text)>"}. */
    static String of(long time, String text) {
        return time + ":" + ENCODE.encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A time and a word of a known few (plain letters): {@code "<epoch micros>:<word>"}. */
    static String ofWord(long time, String word) {
        return time + ":" + word;
    }

    /** Texts (none containing U+0000): {@code base64url(a \0 b \0 …)}. */
    static String of(String... texts) {
        return ENCODE.encodeToString(String.join(String.valueOf(SEPARATOR), texts).getBytes(StandardCharsets.UTF_8));
    }

    /** A decoded time-and-number cursor. */
    record TimeAndNumber(long time, long n) {
    }

    /** A decoded time-and-text cursor. */
    record TimeAndText(long time, String text) {
    }

    static TimeAndNumber timeAndNumber(String cursor) throws BadParameter {
        int colon = cursor.indexOf(':');
        if (colon > 0) {
            try {
                return new TimeAndNumber(Long.parseLong(cursor.substring(0, colon)),
                        Long.parseLong(cursor.substring(colon + 1)));
            } catch (NumberFormatException e) {
                // falls through to the error
            }
        }
        throw bad(cursor);
    }

    static TimeAndText timeAndText(String cursor) throws BadParameter {
        int colon = cursor.indexOf(':');
        if (colon > 0) {
            try {
                long time = Long.parseLong(cursor.substring(0, colon));
                String text = decode(cursor.substring(colon + 1));
                if (!text.isEmpty()) {
                    return new TimeAndText(time, text);
                }
            } catch (IllegalArgumentException e) {
                // NumberFormatException too; falls through to the error
            }
        }
        throw bad(cursor);
    }

    /** A decoded {@link #ofWord} cursor whose word is one of {@code words}. */
    static TimeAndText timeAndWord(String cursor, java.util.Set<String> words) throws BadParameter {
        int colon = cursor.indexOf(':');
        if (colon > 0 && words.contains(cursor.substring(colon + 1))) {
            try {
                return new TimeAndText(Long.parseLong(cursor.substring(0, colon)), cursor.substring(colon + 1));
            } catch (NumberFormatException e) {
                // falls through to the error
            }
        }
        throw bad(cursor);
    }

    /** The {@code count} texts of a {@link #of(String...)} cursor. */
    static String[] texts(String cursor, int count) throws BadParameter {
        try {
            String[] parts = decode(cursor).split(String.valueOf(SEPARATOR), -1);
            if (parts.length == count) {
                return parts;
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error
        }
        throw bad(cursor);
    }

    private static String decode(String base64) {
        byte[] bytes = DECODE.decode(base64);
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (!java.util.Arrays.equals(bytes, text.getBytes(StandardCharsets.UTF_8))) {
            throw new IllegalArgumentException("not UTF-8");
        }
        return text;
    }

    private static BadParameter bad(String cursor) {
        return new BadParameter("cursor", "not a next_cursor of a previous reply: " + QueryParams.shorten(cursor));
    }
}

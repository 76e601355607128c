package io.tickstore.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What a key accepts.
 *
 * @param allowed text that follows "expected" in an error, e.g. {@code an integer 0..65535}
 * @param parser  trimmed, non-empty text to value, or null when the text is not allowed; no I/O
 * @param check   a further test of a parsed value, which may look at the file system
 */
record ValueRule<T>(String allowed, Function<String, T> parser, Predicate<T> check) {

    ValueRule(String allowed, Function<String, T> parser) {
        this(allowed, parser, value -> true);
    }

    /** @return the same rule with {@code note} appended to the allowed text; the note is enforced elsewhere */
    ValueRule<T> noting(String note) {
        return new ValueRule<>(allowed + ", " + note, parser, check);
    }

    static ValueRule<Integer> integer(int min, int max) {
        return new ValueRule<>("an integer " + min + ".." + max, text -> parseInt(text, min, max));
    }

    static ValueRule<Long> longInteger(long min, long max) {
        return new ValueRule<>("an integer " + min + ".." + max, text -> {
            if (!text.matches("-?[0-9]{1,18}")) {
                return null;
            }
            long value = Long.parseLong(text);
            return value >= min && value <= max ? value : null;
        });
    }

    /** A non-negative decimal with at most 8 fraction digits, at most {@code max}. */
    static ValueRule<java.math.BigDecimal> amount(String max) {
        java.math.BigDecimal limit = new java.math.BigDecimal(max);
        return new ValueRule<>("a decimal 0.." + max + " with at most 8 fraction digits", text -> {
            if (!text.matches("[0-9]{1,20}(\\.[0-9]{1,8})?")) {
                return null;
            }
            java.math.BigDecimal v = new java.math.BigDecimal(text);
            return v.compareTo(limit) <= 0 ? v : null;
        });
    }

    static ValueRule<Integer> powerOfTwo(int min, int max) {
        return new ValueRule<>("a power of two " + min + ".." + max, text -> {
            Integer value = parseInt(text, min, max);
            return value != null && Integer.bitCount(value) == 1 ? value : null;
        });
    }

    static ValueRule<Boolean> bool() {
        return new ValueRule<>("true or false", text -> switch (text) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> null;
        });
    }

    static <E extends Enum<E>> ValueRule<E> oneOf(E[] constants, Function<E, String> configValue) {
        String names = Arrays.stream(constants).map(configValue).collect(Collectors.joining(", "));
        return new ValueRule<>("one of " + names, text -> {
            for (E constant : constants) {
                if (configValue.apply(constant).equals(text)) {
                    return constant;
                }
            }
            return null;
        });
    }

    static ValueRule<String> host() {
        return new ValueRule<>("a host name or IP literal, without spaces",
                text -> HostSyntax.isHost(text) ? text : null);
    }

    /** {@code none} (parsed to ""), or {@code postgresql://} / {@code postgres://} followed by at least a host. */
    static ValueRule<String> postgresUrl() {
        return new ValueRule<>("none, or a URL postgresql://[user[:password]@]host[:port]/database",
                text -> text.equals("none") ? "" : text.matches("postgres(ql)?://[^\\s/]+(/[^\\s]*)?") ? text : null);
    }

    /** An unquoted PostgreSQL identifier: lower-case letters, digits and _, not starting with a digit. */
    static ValueRule<String> sqlIdentifier() {
        return new ValueRule<>("a name of lower-case letters, digits and _ (at most 63), not starting with a digit",
                text -> text.matches("[a-z_][a-z0-9_]{0,62}") ? text : null);
    }

    static ValueRule<Path> directory() {
        return new ValueRule<>("a directory path, not an existing file", text -> {
            try {
                return Path.of(text);
            } catch (InvalidPathException e) {
                return null;
            }
        }, path -> !Files.exists(path) || Files.isDirectory(path));
    }

    /** {@code none}, or the path of an existing regular file (read at start-up by whoever needs it). */
    static ValueRule<java.util.Optional<Path>> optionalFile() {
        return new ValueRule<>("none, or the path of an existing file", text -> {
            if (text.equals(NONE)) {
                return java.util.Optional.empty();
            }
            try {
                return java.util.Optional.of(Path.of(text));
            } catch (InvalidPathException e) {
                return null;
            }
        }, path -> path.isEmpty() || Files.isRegularFile(path.get()));
    }

    /** {@code none} (parsed to ""), or an http(s) URL with a host and no path. */
    static ValueRule<String> optionalUrl() {
        return new ValueRule<>("none, or a URL http[s]://host[:port]",
                text -> text.equals(NONE) ? "" : text.matches("https?://[^\\s/?#]+/?") ? text : null);
    }

    /** {@code none} (parsed to ""), or an S3 bucket name: 3..63 of lower-case letters, digits, '.' and '-'. */
    static ValueRule<String> optionalBucket() {
        return new ValueRule<>("none, or a bucket name of 3..63 lower-case letters, digits, '.' and '-'",
                text -> text.equals(NONE) ? "" : text.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]") ? text : null);
    }

    /** {@code none} (parsed to ""), or '/'-separated segments of letters, digits and {@code . _ - =}. */
    static ValueRule<String> objectPrefix() {
        return new ValueRule<>("none, or '/'-separated names of letters, digits, '.', '_', '-' and '=', no leading or "
                + "trailing '/'", text -> text.equals(NONE) ? ""
                : text.matches("[A-Za-z0-9._=-]+(/[A-Za-z0-9._=-]+)*") ? text : null);
    }

    static ValueRule<String> region() {
        return new ValueRule<>("a region name of lower-case letters, digits and '-'",
                text -> text.matches("[a-z0-9-]{1,64}") ? text : null);
    }

    /** {@code none} (parsed to ""), or any text without spaces. */
    static ValueRule<String> optionalText() {
        return new ValueRule<>("none, or text without spaces", text -> text.equals(NONE) ? ""
                : text.matches("\\S+") ? text : null);
    }

    static ValueRule<String> autoBool() {
        return new ValueRule<>("auto, true or false",
                text -> text.equals("auto") || text.equals("true") || text.equals("false") ? text : null);
    }

    /** The value of an optional key that is not set to anything. */
    static final String NONE = "none";

    /** Plain ASCII decimal, optional minus sign; no '+', underscores or non-ASCII digits. */
    private static Integer parseInt(String text, int min, int max) {
        int start = text.startsWith("-") ? 1 : 0;
        int digits = text.length() - start;
        if (digits < 1 || digits > 10) {
            return null;
        }
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        long value = Long.parseLong(text);
        return value >= min && value <= max ? (int) value : null;
    }
}

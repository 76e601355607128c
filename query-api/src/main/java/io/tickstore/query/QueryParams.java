package io.tickstore.query;

import io.tickstore.store.model.EpochMicros;
import io.vertx.core.MultiMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Typed access to a request's query parameters. Every getter names the parameter in its error;
 * a parameter given twice, or one the endpoint does not know, is an error too.
 */
final class QueryParams {
    private static final int MAX_TEXT = 64;

    private final MultiMap params;

    QueryParams(MultiMap params, Set<String> known) throws BadParameter {
        this.params = params;
        for (String name : params.names()) {
            if (!known.contains(name)) {
                throw new BadParameter(name, known.isEmpty() ? "unknown parameter; this endpoint takes none"
                        : "unknown parameter; expected one of " + String.join(", ", known));
            }
            if (params.getAll(name).size() > 1) {
                throw new BadParameter(name, "given more than once");
            }
        }
    }

    String requiredText(String name) throws BadParameter {
        String v = optionalText(name);
        if (v == null) {
            throw new BadParameter(name, "required");
        }
        return v;
    }

    String optionalText(String name) throws BadParameter {
        return optionalText(name, MAX_TEXT);
    }

    /** A non-empty text of at most {@code maxLength} characters; null when not given. */
    String optionalText(String name, int maxLength) throws BadParameter {
        String v = params.get(name);
        if (v == null) {
            return null;
        }
        if (v.isEmpty()) {
            throw new BadParameter(name, "must not be empty");
        }
        if (v.length() > maxLength) {
            throw new BadParameter(name, "longer than " + maxLength + " characters");
        }
        return v;
    }

    /**
     * A text of at most 64 characters that may be empty: the empty text is a value of its own (for
     * {@code strategy_id}, "no strategy"). Null when not given.
     */
    String optionalTextOrEmpty(String name) throws BadParameter {
        String v = params.get(name);
        if (v != null && v.length() > MAX_TEXT) {
            throw new BadParameter(name, "longer than " + MAX_TEXT + " characters");
        }
        return v;
    }

    /**
     * Whether the reply is CSV: {@code format=csv} or {@code format=json} (any letter case), or
     * without {@code format}, {@code acceptsCsv} (the request's Accept header lists text/csv).
     */
    boolean csv(boolean acceptsCsv) throws BadParameter {
        String format = optionalText("format");
        if (format == null) {
            return acceptsCsv;
        }
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "json" -> false;
            case "csv" -> true;
            default -> throw new BadParameter("format", "expected json or csv, got \"" + shorten(format) + "\"");
        };
    }

    /** {@code true} or {@code false} (any letter case); {@code absent} when not given. */
    boolean bool(String name, boolean absent) throws BadParameter {
        String v = params.get(name);
        if (v == null) {
            return absent;
        }
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw new BadParameter(name, "expected true or false, got \"" + shorten(v) + "\"");
    }

    /** Like {@link #time} but the parameter must be given. */
    long requiredTime(String name) throws BadParameter {
        if (params.get(name) == null) {
            throw new BadParameter(name, "required");
        }
        return time(name, 0);
    }

    /** {@code from} inclusive, {@code to} exclusive, in epoch microseconds. */
    record TimeRange(long from, long to) {
    }

    /** Optional {@code from} and {@code to} (all time when absent); 400 on {@code to} unless {@code from < to}. */
    TimeRange range() throws BadParameter {
        return ordered(time("from", EpochMicros.MIN_ACCEPTED), time("to", EpochMicros.MAX_ACCEPTED_EXCLUSIVE));
    }

    /** Required {@code from} and {@code to}; 400 on {@code to} unless {@code from < to}. */
    TimeRange requiredRange() throws BadParameter {
        return ordered(requiredTime("from"), requiredTime("to"));
    }

    private static TimeRange ordered(long from, long to) throws BadParameter {
        if (from >= to) {
            throw new BadParameter("to", "must be after from");
        }
        return new TimeRange(from, to);
    }

    /** ISO-8601 with zone, or integer epoch microseconds; {@code absent} when not given. */
    long time(String name, long absent) throws BadParameter {
        String v = params.get(name);
        if (v == null) {
            return absent;
        }
        try {
            if (!v.isEmpty() && isInteger(v)) {
                return EpochMicros.fromEpochMicros(Long.parseLong(v));
            }
            return EpochMicros.parseIso(v);
        } catch (EpochMicros.FormatException e) {
            throw new BadParameter(name, e.getMessage());
        } catch (NumberFormatException e) {
            throw new BadParameter(name, "integer out of range: " + v);
        }
    }

    /**
     * A comma-separated list of non-empty texts of at most 64 characters each, duplicates dropped,
     * at most {@code maxItems} items; null when not given.
     */
    Set<String> optionalList(String name, int maxItems) throws BadParameter {
        String v = params.get(name);
        if (v == null) {
            return null;
        }
        if (v.isEmpty()) {
            throw new BadParameter(name, "must not be empty");
        }
        Set<String> out = new LinkedHashSet<>();
        int start = 0;
        int position = 0;
        while (true) {
            int comma = v.indexOf(',', start);
            int end = comma < 0 ? v.length() : comma;
            position++;
            if (position > maxItems) {
                throw new BadParameter(name, "more than " + maxItems + " items");
            }
            if (end == start) {
                throw new BadParameter(name, "item " + position + " is empty");
            }
            if (end - start > MAX_TEXT) {
                throw new BadParameter(name, "item " + position + " is longer than " + MAX_TEXT + " characters");
            }
            out.add(v.substring(start, end));
            if (comma < 0) {
                return out;
            }
            start = comma + 1;
        }
    }

    int integer(String name, int absent, int min, int max) throws BadParameter {
        String v = params.get(name);
        if (v == null) {
            return absent;
        }
        if (v.isEmpty() || !isInteger(v) || v.length() > 10) {
            throw new BadParameter(name, "expected an integer " + min + ".." + max + ", got \"" + shorten(v) + "\"");
        }
        long n = Long.parseLong(v);
        if (n < min || n > max) {
            throw new BadParameter(name, "expected an integer " + min + ".." + max + ", got " + n);
        }
        return (int) n;
    }

    private static boolean isInteger(String v) {
        int start = v.charAt(0) == '-' ? 1 : 0;
        if (start == v.length()) {
            return false;
        }
        for (int i = start; i < v.length(); i++) {
            if (v.charAt(i) < '0' || v.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    static String shorten(String v) {
        return v.length() <= 40 ? v : v.substring(0, 40) + "...";
    }
}

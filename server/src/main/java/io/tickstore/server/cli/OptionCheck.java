package io.tickstore.server.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Range and consistency checks of parsed options: a failure is a {@link ParameterException} naming
 * the option, what it expects and what it got, as picocli's own messages do (exit code 2).
 */
public final class OptionCheck {
    private OptionCheck() {
    }

    public static long within(CommandSpec spec, String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw bad(spec, option, "expected an integer from " + min + " to " + max + ", got " + value);
        }
        return value;
    }

    public static int within(CommandSpec spec, String option, int value, int min, int max) {
        return (int) within(spec, option, (long) value, min, max);
    }

    /** A time from {@code min} to {@code max}, both inclusive. */
    public static Duration within(CommandSpec spec, String option, Duration value, Duration min, Duration max) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw bad(spec, option, "expected a time from " + text(min) + " to " + text(max) + ", got " + text(value));
        }
        return value;
    }

    /**
     * Refuses a host that is not a loopback address (load and benchmark commands aim at this machine
     * unless told otherwise). {@code host} may be an IPv6 literal in brackets.
     */
    public static void loopback(CommandSpec spec, String option, String host, String unlessOption) {
        String h = host != null && host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        boolean loopback;
        try {
            loopback = h != null && InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw bad(spec, option, "unknown host \"" + h + "\"");
        }
        if (!loopback) {
            throw bad(spec, option, "host " + h + " is not a loopback address"
                    + (unlessOption == null ? "" : "; pass " + unlessOption + " to aim at another machine on purpose"));
        }
    }

    /** The error for {@code option}, in picocli's words for a bad value. */
    public static ParameterException bad(CommandSpec spec, String option, String problem) {
        return new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': " + problem);
    }

    /** {@code 1h}, {@code 10s}, {@code 500ms}, {@code 250us}: the largest unit that divides it. */
    static String text(Duration d) {
        long nanos = d.toNanos();
        if (nanos == 0) {
            return "0s";
        } else if (nanos % 3_600_000_000_000L == 0) {
            return nanos / 3_600_000_000_000L + "h";
        } else if (nanos % 60_000_000_000L == 0) {
            return nanos / 60_000_000_000L + "m";
        } else if (nanos % 1_000_000_000L == 0) {
            return nanos / 1_000_000_000L + "s";
        } else if (nanos % 1_000_000L == 0) {
            return nanos / 1_000_000L + "ms";
        }
        return nanos / 1_000L + "us";
    }
}

package io.tickstore.server.cli;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * An option's time as people type it: {@code 20s}, {@code 500ms}, {@code 250us}, {@code 2m},
 * {@code 1h}; a bare number is seconds. Bounds are the command's to check ({@link OptionCheck}).
 */
public final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        long nanosPerUnit;
        int suffix;
        if (v.endsWith("ms")) {
            nanosPerUnit = 1_000_000L;
            suffix = 2;
        } else if (v.endsWith("us")) {
            nanosPerUnit = 1_000L;
            suffix = 2;
        } else if (v.endsWith("s")) {
            nanosPerUnit = 1_000_000_000L;
            suffix = 1;
        } else if (v.endsWith("m")) {
            nanosPerUnit = 60_000_000_000L;
            suffix = 1;
        } else if (v.endsWith("h")) {
            nanosPerUnit = 3_600_000_000_000L;
            suffix = 1;
        } else {
            nanosPerUnit = 1_000_000_000L;
            suffix = 0;
        }
        String digits = v.substring(0, v.length() - suffix).replace("_", "");
        try {
            long n = Long.parseLong(digits);
            if (n >= 0 && n <= Long.MAX_VALUE / nanosPerUnit) {
                return Duration.ofNanos(n * nanosPerUnit);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new TypeConversionException("expected a time such as 20s, 500ms, 250us or 2m, got \"" + value + "\"");
    }
}

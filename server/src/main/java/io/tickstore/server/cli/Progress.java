package io.tickstore.server.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The progress of one long task (a load, an import, a backup): on a terminal a bar redrawn in place
 * with the rows done, the rate and the time left; otherwise (a file, a pipe, CI) a plain line every
 * few seconds with the same figures, and one when done. Chosen once, when the task starts
 * ({@link Display#detect}). {@link #stepTo}, {@link #stepBy} and {@link #message} may be called
 * from any thread, as often as convenient: they only store a number.
 *
 * <pre>{@code
 * try (Progress p = Progress.start("import", rows, "rows", err)) {
 *     ... p.stepBy(batch.size()); ...
 * }
 * }</pre>
 */
public final class Progress implements AutoCloseable {
    /** How often plain lines are written by default. */
    public static final Duration LINE_EVERY = Duration.ofSeconds(5);
    /** Set by the launcher: {@code bar} when its stderr is a terminal, else {@code lines}. */
    static final String DISPLAY_PROPERTY = "tickstore.progress";

    /** Where progress goes. */
    public enum Display {
        /** A bar redrawn in place on the terminal (stderr). */
        BAR,
        /** A plain line every few seconds. */
        LINES,
        /** Nothing (a caller that prints its own summary, e.g. JSON output). */
        NONE;

        /** {@code -Dtickstore.progress=bar|lines|none} (the launcher sets it), else a bar only when there is a console. */
        public static Display detect() {
            String chosen = System.getProperty(DISPLAY_PROPERTY);
            if (chosen != null) {
                return valueOf(chosen.trim().toUpperCase(Locale.ROOT));
            }
            return System.console() != null ? BAR : LINES;
        }
    }

    private final String task;
    private final long total;
    private final String unit;
    private final long startNanos = System.nanoTime();
    private final AtomicLong done = new AtomicLong();
    private volatile String message = "";
    /** {@link System#nanoTime} when a task of fixed length ends, or 0: the time left comes from it. */
    private volatile long endsAtNanos;
    private final ProgressBar bar;
    private final PrintWriter lines;
    private final Thread liner;
    private volatile boolean closed;

    private Progress(String task, long total, String unit, PrintStream terminal, PrintWriter lines, Duration every) {
        this.task = task;
        this.total = total;
        this.unit = unit;
        this.bar = terminal == null ? null : new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setUnit(" " + unit, 1)
                .showSpeed()
                .setEtaFunction(state -> Optional.ofNullable(left(state.getCurrent(), state.getTotalElapsed())))
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                .setUpdateIntervalMillis(250)
                .setConsumer(new ConsoleProgressBarConsumer(terminal))
                .build();
        this.lines = lines;
        if (lines != null) {
            liner = new Thread(() -> writeLines(every), "progress-" + task);
            liner.setDaemon(true);
            liner.start();
        } else {
            liner = null;
        }
    }

    /**
     * Starts showing a task the way {@link Display#detect} says: a bar on stderr, or lines to
     * {@code lines} every {@link #LINE_EVERY}. {@code total} is the rows expected, or -1 if unknown
     * (no percentage or time left then).
     */
    public static Progress start(String task, long total, String unit, PrintWriter lines) {
        return start(Display.detect(), task, total, unit, lines, LINE_EVERY);
    }

    /** As {@code display} says; plain lines every {@code every}. */
    public static Progress start(Display display, String task, long total, String unit, PrintWriter lines,
                                 Duration every) {
        return switch (display) {
            case BAR -> bar(task, total, unit, System.err);
            case LINES -> lines(task, total, unit, lines, every);
            case NONE -> new Progress(task, total, unit, null, null, null);
        };
    }

    /** A bar on {@code terminal}, redrawn a few times a second (me.tongfei:progressbar). */
    public static Progress bar(String task, long total, String unit, PrintStream terminal) {
        return new Progress(task, total, unit, terminal, null, null);
    }

    /** A plain line to {@code out} every {@code every}, and one when closed. */
    public static Progress lines(String task, long total, String unit, PrintWriter out, Duration every) {
        return new Progress(task, total, unit, null, out, every);
    }

    /**
     * For a task that runs for a set time (a timed load), whatever the rows: the time left counts
     * down to {@code nanoTime} (a {@link System#nanoTime} value).
     */
    public Progress endsAt(long nanoTime) {
        endsAtNanos = nanoTime;
        return this;
    }

    /** Sets how many rows are done. */
    public void stepTo(long rows) {
        done.set(rows);
        if (bar != null) {
            bar.stepTo(rows);
        }
    }

    public void stepBy(long rows) {
        long now = done.addAndGet(rows);
        if (bar != null) {
            bar.stepTo(now);
        }
    }

    /** Words shown after the figures ("acked 120,000 ticks/s, 12 frames in flight"); "" for none. */
    public void message(String text) {
        message = text;
        if (bar != null) {
            bar.setExtraMessage(text.isEmpty() ? "" : " " + text);
        }
    }

    public long done() {
        return done.get();
    }

    /** Ends the display: the bar's last state, or a final line with the total, time and rate. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (bar != null) {
            bar.close();
        }
        if (liner != null) {
            liner.interrupt();
            try {
                liner.join(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            long rows = done.get();
            line(String.format(Locale.ROOT, "%s: done, %,d %s in %.1f s (%,.0f %s/s)%s", task, rows, unit, seconds,
                    seconds > 0 ? rows / seconds : 0.0, unit, message.isEmpty() ? "" : ", " + message));
        }
    }

    private void writeLines(Duration every) {
        long lastRows = 0;
        long lastNanos = startNanos;
        while (!closed) {
            try {
                Thread.sleep(every.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            if (closed) {
                return;
            }
            long now = System.nanoTime();
            long rows = done.get();
            line(line(rows, (rows - lastRows) / ((now - lastNanos) / 1e9), (now - startNanos) / 1e9));
            lastRows = rows;
            lastNanos = now;
        }
    }

    /** "load: 1,234,567 / 10,000,000 ticks (12.3%), 250,000 ticks/s, 35 s left[, message]". */
    String line(long rows, double ratePerSecond, double elapsedSeconds) {
        StringBuilder b = new StringBuilder(task).append(": ").append(String.format(Locale.ROOT, "%,d", rows));
        if (total > 0) {
            b.append(String.format(Locale.ROOT, " / %,d %s (%.1f%%)", total, unit, 100.0 * rows / total));
        } else {
            b.append(' ').append(unit);
        }
        b.append(String.format(Locale.ROOT, ", %,.0f %s/s", ratePerSecond, unit));
        Duration left = left(rows, Duration.ofNanos((long) (elapsedSeconds * 1e9)));
        if (left != null) {
            long s = left.toSeconds();
            b.append(", ").append(s < 100 ? s + " s" : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60))
                    .append(" left");
        }
        if (!message.isEmpty()) {
            b.append(", ").append(message);
        }
        return b.toString();
    }

    /** Time left: to the set end, else by the average rate so far; null when unknown. */
    private Duration left(long rows, Duration elapsed) {
        long endsAt = endsAtNanos;
        if (endsAt != 0) {
            return Duration.ofNanos(Math.max(0, endsAt - System.nanoTime()));
        }
        if (total > 0 && rows > 0 && rows < total) {
            return Duration.ofNanos((long) (elapsed.toNanos() * ((double) (total - rows) / rows)));
        }
        return null;
    }

    private void line(String text) {
        synchronized (lines) {
            lines.println(text);
            lines.flush();
        }
    }
}

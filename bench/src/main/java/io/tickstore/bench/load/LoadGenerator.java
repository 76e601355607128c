package io.tickstore.bench.load;

import java.io.IOException;
import io.tickstore.server.cli.Progress;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * {@code tickstore load}: drives a running server's ingest endpoint and reports acked ticks/s and
 * ack latency. One sender thread writes every connection's frames (on a fixed schedule with
 * {@code --rate}, else whenever a connection has fewer than {@code --window} frames in flight); one
 * Vert.x event loop reads the replies. Both stay cheap: the server shares the machine.
 */
public final class LoadGenerator {
    private static final long DRAIN_NANOS = 10_000_000_000L;
    private static final long PROGRESS_NANOS = 1_000_000_000L;
    private static final Duration PROGRESS_EVERY = Duration.ofNanos(PROGRESS_NANOS);
    /** Longest park while blocked on a full window; acks unpark the sender sooner. */
    private static final long BLOCKED_PARK_NANOS = 1_000_000L;

    private final LoadOptions options;
    private final PrintWriter err;
    private volatile boolean senderBlocked;
    private volatile Thread senderThread;
    /**
     * Times a frame was due but its connection's window was full (the server, not the generator, held
     * the sender back). Written by the sender thread, read after it ended.
     */
    private long windowFullWaits;
    /** One frame writer (one feed) per connection; the sender thread's only. */
    private TickFrameWriter[] writers;

    private LoadGenerator(LoadOptions options, PrintWriter err) {
        this.options = options;
        this.err = err;
    }

    /** Runs one load; returns the exit code (see {@link LoadCommand}). */
    public static int run(LoadOptions options, PrintWriter out, PrintWriter err) throws InterruptedException {
        LoadSummary summary;
        try {
            summary = measure(options, err);
        } catch (IOException e) {
            err.println("tickstore load: " + e.getMessage() + " (is the server running? ./tickstore serve)");
            return 1;
        }
        out.println(options.json() ? summary.json() : summary.text());
        return summary.exitCode();
    }

    /**
     * Runs one load and returns its figures without printing them (progress still goes to {@code err}).
     *
     * @throws IOException when the connections cannot be opened
     */
    public static LoadSummary measure(LoadOptions options, PrintWriter err) throws IOException, InterruptedException {
        return new LoadGenerator(options, err).execute();
    }

    private LoadSummary execute() throws IOException, InterruptedException {
        LoadOptions o = options;
        String prefix = "LOAD-" + System.currentTimeMillis();
        writers = new TickFrameWriter[o.connections()];
        for (int c = 0; c < writers.length; c++) {
            writers[c] = new TickFrameWriter(prefix + "-c" + c, o.symbols(), 31L * c + 17);
        }
        try (IngestConnections ingest = IngestConnections.connect(o.url(), o.connections(), o.window(), o.token(),
                o.tls(), c -> wakeSender())) {
            return measure(ingest.connections(), prefix, ingest.log());
        }
    }

    private LoadSummary measure(LoadConnection[] conns, String prefix, ErrorLog log) throws InterruptedException {
        LoadOptions o = options;
        ServerAckLatency serverLatency = new ServerAckLatency(o.url(), o.token(), o.tls());
        serverLatency.snapshot(); // loads the HTTP client now: a cold one can take seconds on a busy machine
        long start = System.nanoTime();
        long warmupEnd = start + o.warmupNanos();
        long end = warmupEnd + o.durationNanos();
        long drainUntil = end + DRAIN_NANOS;
        for (LoadConnection c : conns) {
            c.measure(warmupEnd, end);
        }
        Histogram sendLag = new Histogram(3);
        long[] unsent = new long[1];
        Thread sender = new Thread(() -> unsent[0] = sendLoop(conns, start, warmupEnd, end, drainUntil, sendLag),
                "load-sender");
        sender.setDaemon(true);
        senderThread = sender;
        sender.start();
        err.printf(Locale.ROOT, "tickstore load: %d connection(s) to %s, %s, warmup %.1f s, measuring %.1f s%n",
                conns.length, o.url(), o.rate() > 0 ? "target " + o.rate() + " ticks/s" : "no rate limit",
                o.warmupNanos() / 1e9, o.durationNanos() / 1e9);

        ServerAckLatency.Snapshot serverAtWarmupEnd = null;
        long[] atWarmupEnd = null;
        long nextProgress = start + PROGRESS_NANOS;
        long expected = o.rate() > 0 ? o.rate() * (o.warmupNanos() + o.durationNanos()) / 1_000_000_000L : -1;
        Progress.Display display = o.json() ? Progress.Display.NONE : Progress.Display.detect();
        try (Progress progress = Progress.start(display, "load", expected, "ticks", err, PROGRESS_EVERY).endsAt(end)) {
            while (true) {
                long now = System.nanoTime();
                if (atWarmupEnd == null && now >= warmupEnd) {
                    atWarmupEnd = counters(conns);
                    serverAtWarmupEnd = serverLatency.snapshot();
                    for (LoadConnection c : conns) {
                        c.replyGaps.getIntervalHistogram(); // discards the warmup's; safe against the recording thread
                        c.gapsMeasured = true;
                    }
                }
                if (now >= end) {
                    break;
                }
                if (now >= nextProgress) {
                    long accepted = counters(conns)[0];
                    progress.stepTo(accepted);
                    progress.message("in flight " + inFlight(conns) + " frames" + (now < warmupEnd ? " (warmup)" : ""));
                    nextProgress += PROGRESS_NANOS;
                }
                long until = Math.min(end, Math.min(nextProgress, atWarmupEnd == null ? warmupEnd : end));
                sleepNanos(until - System.nanoTime());
            }
            progress.stepTo(counters(conns)[0]);
        }
        long[] atEnd = counters(conns);
        ReplyGaps gaps = ReplyGaps.NONE;
        for (LoadConnection c : conns) {
            Histogram h = c.replyGaps.getIntervalHistogram();
            long over = h.getTotalCount() == 0 || h.getMaxValue() <= ReplyGaps.LONG_NANOS ? 0
                    : h.getCountBetweenValues(h.nextNonEquivalentValue(ReplyGaps.LONG_NANOS), h.getMaxValue());
            gaps = gaps.and(new ReplyGaps(c.longestGapNanos, c.longestGapEndedMillis, over));
        }
        // Frames stamped in the window but answered after it still count for latency: wait for them.
        sender.join();
        while (inFlightOnOpen(conns) > 0 && System.nanoTime() < drainUntil) {
            sleepNanos(10_000_000L);
        }
        ServerAckLatency.Snapshot serverAtEnd = serverLatency.snapshot();
        Histogram latency = new Histogram(3);
        int closes = 0;
        long errors = 0;
        long duplicates = 0;
        for (LoadConnection c : conns) {
            latency.add(c.latency.getIntervalHistogram());
            closes += c.closed ? 1 : 0;
            errors += c.errorReplies;
            duplicates += c.duplicates;
        }
        long unacked = inFlight(conns) + unsent[0];
        double window = o.durationNanos() / 1e9;
        return new LoadSummary(o, prefix, window, atEnd[0] - atWarmupEnd[0], duplicates, atEnd[1] - atWarmupEnd[1],
                atEnd[2] - atWarmupEnd[2], latency, o.rate() > 0 ? sendLag : null, windowFullWaits, gaps, errors,
                unacked, closes,
                log.errors(), log.problems(), ServerAckLatency.between(serverAtWarmupEnd, serverAtEnd));
    }

    /** {accepted ticks, replies, sent ticks} summed over the connections. */
    private static long[] counters(LoadConnection[] conns) {
        long[] sum = new long[3];
        for (LoadConnection c : conns) {
            sum[0] += c.accepted;
            sum[1] += c.replies;
            sum[2] += c.ticksSent;
        }
        return sum;
    }

    private static long inFlight(LoadConnection[] conns) {
        long n = 0;
        for (LoadConnection c : conns) {
            n += c.inFlight.size();
        }
        return n;
    }

    private static long inFlightOnOpen(LoadConnection[] conns) {
        long n = 0;
        for (LoadConnection c : conns) {
            n += c.closed ? 0 : c.inFlight.size();
        }
        return n;
    }

    /**
     * The sender thread; returns how many frames due before {@code end} it never sent. Open loop:
     * connection c's k-th frame is due at {@code start + (k + c/n) * interval}; a frame sent late
     * (generator lag, or a full window) is still stamped with its due time, so a server stall shows in
     * the latency of every frame it delayed. Frames due before {@code end} are still sent after it
     * (until {@code giveUp}), so a stall at the end of the window is not left out. Closed loop: sends
     * while a window has room, until {@code end}.
     */
    private long sendLoop(LoadConnection[] conns, long start, long measureFrom, long end, long giveUp,
                          Histogram sendLag) {
        LoadOptions o = options;
        int n = conns.length;
        int ticks = o.frameSize();
        int window = o.window();
        boolean openLoop = o.rate() > 0;
        double interval = openLoop ? (double) ticks * n * 1e9 / o.rate() : 0;
        long[] scheduled = new long[n];
        boolean[] waiting = new boolean[n]; // connection c has a due frame held back by its full window
        long epochMicrosAtStart = System.currentTimeMillis() * 1000;
        while (true) {
            long now = System.nanoTime();
            if (openLoop ? now >= giveUp : now >= end) {
                break;
            }
            long micros = epochMicrosAtStart + (now - start) / 1000;
            long nextDue = Long.MAX_VALUE;
            boolean blocked = false;
            int pending = 0; // connections with something left to send
            for (int c = 0; c < n; c++) {
                LoadConnection lc = conns[c];
                if (lc.closed) {
                    continue;
                }
                if (openLoop) {
                    while (true) {
                        long due = due(start, scheduled[c], c, n, interval);
                        if (due - end >= 0) {
                            break; // the schedule is done for this connection
                        }
                        if (due > now) {
                            nextDue = Math.min(nextDue, due);
                            pending++;
                            break;
                        }
                        if (lc.inFlight.size() >= window) {
                            if (!waiting[c]) {
                                waiting[c] = true;
                                windowFullWaits++;
                            }
                            blocked = true;
                            pending++;
                            break;
                        }
                        waiting[c] = false;
                        lc.send(frame(writers[c], ticks, micros, o.rows()), due, ticks);
                        if (due - measureFrom >= 0) {
                            sendLag.recordValue(Math.max(0, System.nanoTime() - due));
                        }
                        scheduled[c]++;
                    }
                } else {
                    while (lc.inFlight.size() < window) {
                        lc.send(frame(writers[c], ticks, micros, o.rows()), System.nanoTime(), ticks);
                    }
                    blocked = true;
                    pending++;
                }
            }
            if (pending == 0) {
                break;
            }
            long wakeAt = Math.min(nextDue, openLoop ? giveUp : end);
            if (blocked) {
                senderBlocked = true;
                if (!hasRoom(conns, window, openLoop, start, interval, scheduled, end)) {
                    LockSupport.parkNanos(Math.min(BLOCKED_PARK_NANOS, wakeAt - System.nanoTime()));
                }
                senderBlocked = false;
            } else {
                long wait = wakeAt - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
        }
        long unsent = 0;
        if (openLoop) {
            for (int c = 0; c < n; c++) {
                if (!conns[c].closed) {
                    for (long k = scheduled[c]; due(start, k, c, n, interval) - end < 0; k++) {
                        unsent++;
                    }
                }
            }
        }
        return unsent;
    }

    private static long due(long start, long k, int c, int n, double interval) {
        return start + (long) ((k + (double) c / n) * interval);
    }

    /** Whether a connection with a frame due now (or, closed loop, any connection) has room in its window. */
    private static boolean hasRoom(LoadConnection[] conns, int window, boolean openLoop, long start, double interval,
                                   long[] scheduled, long end) {
        long now = System.nanoTime();
        for (int c = 0; c < conns.length; c++) {
            LoadConnection lc = conns[c];
            if (lc.closed || lc.inFlight.size() >= window) {
                continue;
            }
            if (!openLoop) {
                return true;
            }
            long due = due(start, scheduled[c], c, conns.length, interval);
            if (due <= now && due - end < 0) {
                return true;
            }
        }
        return false;
    }

    /** Called on the event loop after each reply or close: wakes the sender only if a full window stopped it. */
    private void wakeSender() {
        if (senderBlocked) {
            Thread t = senderThread;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    /** The writer's next frame of {@code ticks} ticks: rows under a header, or tick objects. */
    private static String frame(TickFrameWriter w, int ticks, long micros, boolean rows) {
        return (rows ? w.nextRows(ticks, micros) : w.next(ticks, micros)).toString();
    }

    private static void sleepNanos(long nanos) throws InterruptedException {
        if (nanos > 0) {
            TimeUnit.NANOSECONDS.sleep(nanos);
        }
    }
}

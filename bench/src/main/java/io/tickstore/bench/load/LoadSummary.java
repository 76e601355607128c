package io.tickstore.bench.load;

import io.tickstore.store.model.JsonString;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The figures of one load run. Throughput counts ticks whose ack arrived inside the measured window;
 * latency covers the frames stamped (scheduled or sent) inside it, whenever their ack came.
 *
 * @param latencyNanos   ack latencies of the measured window
 * @param sendLagNanos   open loop only: actual minus scheduled send time (the generator's own lag, and the
 *                       waits for a full window), else null
 * @param windowFullWaits times a frame was due while its connection's window was full: then the send lag is
 *                       the server's doing (it was more than a window behind), not the generator's
 * @param replyGaps     the silences between replies on a connection in the window (the longest, when, how many over 100 ms)
 * @param unacked        frames never answered by the end of the drain after the run (open loop: with the
 *                       frames due in the window that were never sent)
 * @param closes         connections the server closed, or that failed, during the run
 * @param serverLatency  the server's own ack latency histogram over the window (from /metrics), or null
 */
public record LoadSummary(LoadOptions options, String exchangePrefix, double windowSeconds, long acceptedTicks,
                   long duplicates, long ackedFrames, long sentTicks, Histogram latencyNanos,
                   Histogram sendLagNanos, long windowFullWaits, ReplyGaps replyGaps, long errorReplies, long unacked, int closes,
                   List<String> firstErrors, List<String> firstProblems, ServerAckLatency.Window serverLatency) {

    double ackedTicksPerSecond() {
        return acceptedTicks / windowSeconds;
    }

    double framesPerSecond() {
        return ackedFrames / windowSeconds;
    }

    double sentTicksPerSecond() {
        return sentTicks / windowSeconds;
    }

    boolean openLoop() {
        return options.rate() > 0;
    }

    /** 0 ok; 1 when anything went wrong or nothing was acked. */
    public int exitCode() {
        return errorReplies > 0 || unacked > 0 || closes > 0 || acceptedTicks == 0 ? 1 : 0;
    }

    private static double micros(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
    }

    private static double maxMicros(Histogram h) {
        return h.getTotalCount() == 0 ? 0 : h.getMaxValue() / 1000.0;
    }

    String text() {
        StringBuilder b = new StringBuilder();
        LoadOptions o = options;
        b.append(String.format(Locale.ROOT, "tickstore load: %s, %d connection%s, %d tick%s/frame, window %d, %s%n",
                o.url(), o.connections(), o.connections() == 1 ? "" : "s", o.frameSize(),
                o.frameSize() == 1 ? "" : "s", o.window(),
                openLoop() ? "target " + o.rate() + " ticks/s (open loop)" : "no rate limit (closed loop)"));
        b.append(String.format(Locale.ROOT, "  measured %.1f s after %.1f s warmup; feeds %s-c0..c%d%n",
                windowSeconds, o.warmupNanos() / 1e9, exchangePrefix, o.connections() - 1));
        b.append(String.format(Locale.ROOT, "  acked ticks/s      %,.0f%n", ackedTicksPerSecond()));
        b.append(String.format(Locale.ROOT, "  frames/s           %,.1f%n", framesPerSecond()));
        b.append(String.format(Locale.ROOT, "  sent ticks/s       %,.0f%n", sentTicksPerSecond()));
        b.append(String.format(Locale.ROOT, "  ack latency (us)   p50 %.1f  p99 %.1f  p99.9 %.1f  max %.1f  (%d frames)%n",
                micros(latencyNanos, 50), micros(latencyNanos, 99), micros(latencyNanos, 99.9),
                maxMicros(latencyNanos), latencyNanos.getTotalCount()));
        if (openLoop()) {
            b.append("  latency is measured from each frame's scheduled send time (open loop: "
                    + "coordinated-omission safe)\n");
            b.append(String.format(Locale.ROOT, "  generator send lag (us)  p50 %.1f  p99 %.1f  max %.1f"
                            + "  (included in the latency above)%n",
                    micros(sendLagNanos, 50), micros(sendLagNanos, 99), maxMicros(sendLagNanos)));
            if (windowFullWaits > 0) {
                b.append(String.format(Locale.ROOT, "  the sender waited for a full window %d time(s): the server "
                        + "was more than %d frames behind%n", windowFullWaits, o.window()));
            }
        } else {
            b.append("  latency is measured from each frame's actual send time (closed loop: a stall delays "
                    + "sends, so it is not coordinated-omission safe; use --rate for that)\n");
        }
        if (serverLatency != null) {
            b.append(String.format(Locale.ROOT, "  server-side ack latency (us, from /metrics over the window)  "
                            + "p50 <= %.0f  p99 <= %.0f  p99.9 <= %.0f  (%d frames; arrival to reply written)%n",
                    serverLatency.p50Micros(), serverLatency.p99Micros(), serverLatency.p999Micros(),
                    serverLatency.frames()));
        }
        b.append(String.format(Locale.ROOT, "  longest gap between replies on a connection: %.1f ms%s; gaps over 100 ms: %d%n",
                replyGaps.longestNanos() / 1e6, replyGaps.longestEndedMillis() == 0 ? ""
                        : ", ended " + java.time.Instant.ofEpochMilli(replyGaps.longestEndedMillis()),
                replyGaps.over100Ms()));
        b.append(String.format(Locale.ROOT, "  errors %d  duplicates %d  closes %d  unacked %d%n",
                errorReplies, duplicates, closes, unacked));
        for (String e : firstErrors) {
            b.append("  error: ").append(e).append('\n');
        }
        for (String p : firstProblems) {
            b.append("  problem: ").append(p).append('\n');
        }
        if (acceptedTicks == 0) {
            b.append("  FAILED: nothing was acked in the measured window\n");
        } else if (exitCode() != 0) {
            b.append("  FAILED: see the errors above\n");
        }
        return b.toString();
    }

    /** One JSON line for scripts; times in microseconds. */
    String json() {
        LoadOptions o = options;
        StringBuilder b = new StringBuilder(512);
        b.append("{\"url\":");
        string(b, o.url().toString());
        b.append(",\"connections\":").append(o.connections())
                .append(",\"frame_size\":").append(o.frameSize())
                .append(",\"window\":").append(o.window())
                .append(",\"rate\":").append(o.rate())
                .append(",\"symbols\":").append(o.symbols())
                .append(",\"warmup_s\":").append(num(o.warmupNanos() / 1e9))
                .append(",\"measured_s\":").append(num(windowSeconds))
                .append(",\"exchange_prefix\":");
        string(b, exchangePrefix);
        b.append(",\"acked_ticks_per_s\":").append(num(ackedTicksPerSecond()))
                .append(",\"frames_per_s\":").append(num(framesPerSecond()))
                .append(",\"sent_ticks_per_s\":").append(num(sentTicksPerSecond()))
                .append(",\"accepted\":").append(acceptedTicks)
                .append(",\"latency_from\":\"").append(openLoop() ? "scheduled" : "sent").append('"')
                .append(",\"latency_us\":{\"p50\":").append(num(micros(latencyNanos, 50)))
                .append(",\"p99\":").append(num(micros(latencyNanos, 99)))
                .append(",\"p999\":").append(num(micros(latencyNanos, 99.9)))
                .append(",\"max\":").append(num(maxMicros(latencyNanos)))
                .append(",\"count\":").append(latencyNanos.getTotalCount()).append('}');
        if (openLoop()) {
            b.append(",\"send_lag_us\":{\"p50\":").append(num(micros(sendLagNanos, 50)))
                    .append(",\"p99\":").append(num(micros(sendLagNanos, 99)))
                    .append(",\"max\":").append(num(maxMicros(sendLagNanos))).append('}')
                    .append(",\"window_full_waits\":").append(windowFullWaits);
        }
        if (serverLatency != null) {
            b.append(",\"server_latency_us\":{\"p50_at_most\":").append(num(serverLatency.p50Micros()))
                    .append(",\"p99_at_most\":").append(num(serverLatency.p99Micros()))
                    .append(",\"p999_at_most\":").append(num(serverLatency.p999Micros()))
                    .append(",\"frames\":").append(serverLatency.frames()).append('}');
        }
        b.append(",\"max_reply_gap_ms\":").append(num(replyGaps.longestNanos() / 1e6))
                .append(",\"max_reply_gap_ended_ms\":").append(replyGaps.longestEndedMillis())
                .append(",\"reply_gaps_over_100ms\":").append(replyGaps.over100Ms())
                .append(",\"errors\":").append(errorReplies)
                .append(",\"duplicates\":").append(duplicates)
                .append(",\"closes\":").append(closes)
                .append(",\"unacked\":").append(unacked)
                .append(",\"first_errors\":[");
        for (int i = 0; i < firstErrors.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            string(b, firstErrors.get(i));
        }
        b.append("],\"ok\":").append(exitCode() == 0).append('}');
        return b.toString();
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static void string(StringBuilder b, String s) {
        JsonString.append(b, s);
    }
}

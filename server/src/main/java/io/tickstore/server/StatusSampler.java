package io.tickstore.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.util.concurrent.TimeUnit;

/**
 * Reads the server's own meters (the ones {@code /metrics} exports) once a second and keeps the last
 * {@value #WINDOW_SECONDS} seconds of readings, so {@code GET /api/v1/status} can give rates and the
 * ack latency over that window without anyone scraping {@code /metrics}. {@link #sample} runs on one
 * timer (one Vert.x periodic, never per verticle); {@link #window} may be read from any event loop.
 */
final class StatusSampler {
    static final int WINDOW_SECONDS = 10;

    private final MeterRegistry registry;
    private final Reading[] ring = new Reading[WINDOW_SECONDS + 1];
    private int next;
    private int held;

    /** The counters at one instant; cumulative since start. */
    private record Reading(long nanos, double messages, double okFrames, double errorFrames, long acks,
                           double ackSeconds, CountAtBucket[] ackBuckets, double queries, double queryServerErrors) {
    }

    /**
     * What happened between the oldest and the newest reading.
     *
     * @param seconds            the span covered (0 before the second reading)
     * @param messagesTotal      messages journaled since start (ticks, orders, trades; duplicates not counted)
     * @param messagesPerSecond  journaled messages per second over the span
     * @param framesPerSecond    ingest frames answered ok per second
     * @param errorFramesPerSecond ingest frames answered with an error (rejected or failed) per second
     * @param ackMeanMillis      mean ack latency of the frames answered in the span, or NaN if none
     * @param ackP99Millis       upper bound of the latency bucket holding the 99th percentile, or NaN if none
     * @param queriesPerSecond   HTTP read API replies per second
     * @param queryServerErrorsPerSecond  of which 5xx
     */
    record Window(double seconds, double messagesTotal, double messagesPerSecond, double framesPerSecond,
                  double errorFramesPerSecond, double ackMeanMillis, double ackP99Millis, double queriesPerSecond,
                  double queryServerErrorsPerSecond) {
    }

    StatusSampler(MeterRegistry registry) {
        this.registry = registry;
        sample();
    }

    synchronized void sample() {
        ring[next] = read();
        next = (next + 1) % ring.length;
        held = Math.min(held + 1, ring.length);
    }

    synchronized Window window() {
        Reading newest = ring[(next - 1 + ring.length) % ring.length];
        Reading oldest = ring[(next - held + ring.length) % ring.length];
        double seconds = (newest.nanos - oldest.nanos) / 1e9;
        if (seconds <= 0) {
            return new Window(0, newest.messages, 0, 0, 0, Double.NaN, Double.NaN, 0, 0);
        }
        long acks = newest.acks - oldest.acks;
        return new Window(seconds, newest.messages, (newest.messages - oldest.messages) / seconds,
                (newest.okFrames - oldest.okFrames) / seconds, (newest.errorFrames - oldest.errorFrames) / seconds,
                acks == 0 ? Double.NaN : (newest.ackSeconds - oldest.ackSeconds) * 1000 / acks,
                acks == 0 ? Double.NaN : p99Millis(oldest.ackBuckets, newest.ackBuckets, acks),
                (newest.queries - oldest.queries) / seconds,
                (newest.queryServerErrors - oldest.queryServerErrors) / seconds);
    }

    /** The first bucket whose cumulative count, between the two readings, reaches 99% of the acks. */
    private static double p99Millis(CountAtBucket[] before, CountAtBucket[] after, long acks) {
        double target = acks * 0.99;
        for (int i = 0; i < after.length; i++) {
            double inWindow = after[i].count() - (i < before.length ? before[i].count() : 0);
            if (inWindow >= target) {
                return after[i].bucket(TimeUnit.MILLISECONDS);
            }
        }
        return Double.POSITIVE_INFINITY; // beyond the largest bucket
    }

    private Reading read() {
        double messages = sum("tickstore.ingest.messages");
        double ok = 0;
        double errors = 0;
        for (Counter c : registry.find("tickstore.ingest.frames").counters()) {
            if ("ok".equals(c.getId().getTag("outcome"))) {
                ok += c.count();
            } else {
                errors += c.count();
            }
        }
        Timer ack = registry.find("tickstore.ingest.ack.latency").timer();
        HistogramSnapshot snapshot = ack == null ? null : ack.takeSnapshot();
        double queries = 0;
        double serverErrors = 0;
        for (Timer t : registry.find("tickstore.query.latency").timers()) {
            String status = t.getId().getTag("status");
            queries += t.count();
            if (status != null && status.startsWith("5")) {
                serverErrors += t.count();
            }
        }
        return new Reading(System.nanoTime(), messages, ok, errors, snapshot == null ? 0 : snapshot.count(),
                snapshot == null ? 0 : snapshot.total(TimeUnit.SECONDS),
                snapshot == null ? new CountAtBucket[0] : snapshot.histogramCounts(), queries, serverErrors);
    }

    private double sum(String counter) {
        double total = 0;
        for (Counter c : registry.find(counter).counters()) {
            total += c.count();
        }
        return total;
    }
}

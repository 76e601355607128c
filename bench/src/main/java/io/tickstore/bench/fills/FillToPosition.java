package io.tickstore.bench.fills;

import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Fill → position visible over HTTP, under a background order load (BENCHMARKS.md, "Fill to
 * position"). Runs against a server that is already up: {@code ./tickstore fill-to-position --rate 10000}.
 * The figure includes the writer's group commit ({@code pipeline.commit_interval_ms}, default 20):
 * a fill becomes visible only with the commit that holds it. Exit codes: 0 ok, 1 the run failed, 2 bad options.
 */
public final class FillToPosition {
    private FillToPosition() {
    }

    /** Runs one measurement; returns the exit code (see {@link FillToPositionCommand}). */
    static int run(FillOptions o, PrintWriter out, PrintWriter err) throws Exception {
        String runId = "F" + System.currentTimeMillis();
        String exchange = "FILLS-" + runId;
        Vertx vertx = Vertx.vertx();
        try (OrderLoad load = OrderLoad.connect(vertx, o, runId, exchange);
             PositionProbe probe = PositionProbe.connect(vertx, o, runId, exchange)) {
            probe.setUp();
            load.start();
            if (!o.json()) {
                err.printf(Locale.ROOT, "run %s: background load %d orders/s on %d connections; warmup %.1f s, then %d probes%n",
                        runId, o.rate(), o.connections(), o.warmupNanos() / 1e9, o.probes());
            }
            Thread.sleep(o.warmupNanos() / 1_000_000);
            long created0 = load.ordersCreated.get();
            long acked0 = load.messagesAcked.get();
            long t0 = System.nanoTime();
            for (int i = 1; i <= o.probes() && load.errorReplies.get() == 0 && !load.anyClosed(); i++) {
                probe.probe(i);
                if (o.probeIntervalNanos() > 0) {
                    Thread.sleep(o.probeIntervalNanos() / 1_000_000, (int) (o.probeIntervalNanos() % 1_000_000));
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double ordersPerSecond = (load.ordersCreated.get() - created0) / seconds;
            double ackedPerSecond = (load.messagesAcked.get() - acked0) / seconds;
            Histogram lag = load.lag();
            boolean failed = load.errorReplies.get() > 0 || load.anyClosed() || probe.timedOut > 0
                    || probe.toVisible.getTotalCount() < o.probes();
            if (o.json()) {
                out.println(json(o, runId, seconds, ordersPerSecond, ackedPerSecond, lag, load, probe));
            } else {
                out.printf(Locale.ROOT, "fill -> position visible over HTTP, %d probes over %.1f s%n",
                        probe.toVisible.getTotalCount(), seconds);
                out.printf(Locale.ROOT, "  background: target %d orders/s; sent %.0f orders/s (%.0f messages/s), acked %.0f "
                        + "messages/s; sender lag p50 %s p99 %s max %s; error replies %d%n", o.rate(), ordersPerSecond,
                        3 * ordersPerSecond, ackedPerSecond, ms(lag.getValueAtPercentile(50)),
                        ms(lag.getValueAtPercentile(99)), ms(lag.getMaxValue()), load.errorReplies.get());
                out.printf(Locale.ROOT, "  fill -> ack:     p50 %s  p90 %s  p99 %s  max %s%n", ms(probe.toAck.getValueAtPercentile(50)),
                        ms(probe.toAck.getValueAtPercentile(90)), ms(probe.toAck.getValueAtPercentile(99)),
                        ms(probe.toAck.getMaxValue()));
                out.printf(Locale.ROOT, "  fill -> visible: p50 %s  p90 %s  p99 %s  max %s  (%.1f polls per probe, poll interval %s)%n",
                        ms(probe.toVisible.getValueAtPercentile(50)), ms(probe.toVisible.getValueAtPercentile(90)),
                        ms(probe.toVisible.getValueAtPercentile(99)), ms(probe.toVisible.getMaxValue()),
                        probe.polls / (double) Math.max(1, o.probes()), ms(o.pollIntervalNanos() / 1_000));
                if (probe.timedOut > 0) {
                    out.printf("  %d probes not visible within the probe timeout%n", probe.timedOut);
                }
                if (load.firstError != null) {
                    out.println("  first load error: " + load.firstError);
                }
            }
            return failed ? 1 : 0;
        } finally {
            vertx.close().await();
        }
    }

    private static String ms(long micros) {
        return String.format(Locale.ROOT, "%.2f ms", micros / 1000.0);
    }

    private static String json(FillOptions o, String runId, double seconds, double ordersPerSecond, double ackedPerSecond,
                               Histogram lag, OrderLoad load, PositionProbe probe) {
        return String.format(Locale.ROOT, "{\"run\":\"%s\",\"target_orders_per_s\":%d,\"connections\":%d,\"probes\":%d,"
                        + "\"seconds\":%.3f,\"orders_per_s\":%.1f,\"acked_messages_per_s\":%.1f,\"error_replies\":%d,"
                        + "\"lag_p99_ms\":%.3f,\"ack_p50_ms\":%.3f,\"ack_p99_ms\":%.3f,\"ack_max_ms\":%.3f,"
                        + "\"visible_p50_ms\":%.3f,\"visible_p90_ms\":%.3f,\"visible_p99_ms\":%.3f,\"visible_max_ms\":%.3f,"
                        + "\"polls\":%d,\"timed_out\":%d}",
                runId, o.rate(), o.connections(), probe.toVisible.getTotalCount(), seconds, ordersPerSecond, ackedPerSecond,
                load.errorReplies.get(), lag.getValueAtPercentile(99) / 1000.0,
                probe.toAck.getValueAtPercentile(50) / 1000.0, probe.toAck.getValueAtPercentile(99) / 1000.0,
                probe.toAck.getMaxValue() / 1000.0, probe.toVisible.getValueAtPercentile(50) / 1000.0,
                probe.toVisible.getValueAtPercentile(90) / 1000.0, probe.toVisible.getValueAtPercentile(99) / 1000.0,
                probe.toVisible.getMaxValue() / 1000.0, probe.polls, probe.timedOut);
    }
}

package io.tickstore.bench.query;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * {@code ./tickstore query-load}: N concurrent HTTP clients, each in a closed loop, asking a running
 * server for OHLCV bars of a random symbol over random whole days inside a range ({@code --query bars}),
 * or for a random symbol's latest quote ({@code --query quote}); prints queries/s and latency
 * p50/p99/p999/max (from sending the request to the last byte of the reply). Every reply must be 200
 * with at least one bar (a quote), or the run fails. Loopback only, bounded in time. The clients share
 * one Vert.x event loop (one thread, one keep-alive connection per client): before, 50 blocking threads
 * took their share of a two-processor machine from the server they measured.
 */
public final class QueryLoad {
    private static final long DAY_SECONDS = 86_400;
    /** A reply that has sent nothing for this long fails its query. */
    private static final long REQUEST_TIMEOUT_SECONDS = 30;

    private QueryLoad() {
    }

    /** Runs the load; returns the exit code (0 ok; 1 a query failed or nothing succeeded). */
    static int run(Options o, PrintWriter out) throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1));
        try {
            HttpClientAgent http = vertx.createHttpClient(
                    new HttpClientOptions().setConnectTimeout(5_000).setTcpNoDelay(true).setKeepAlive(true),
                    new PoolOptions().setHttp1MaxSize(o.clients).setMaxWaitQueueSize(o.clients));
            Run run = new Run(o, http);
            vertx.runOnContext(v -> {
                for (int c = 0; c < o.clients; c++) {
                    run.next(new SplittableRandom(o.seed + c));
                }
            });
            long waitNanos = o.warmupNanos + o.durationNanos + TimeUnit.SECONDS.toNanos(REQUEST_TIMEOUT_SECONDS + 5);
            if (!run.finished.await(waitNanos, TimeUnit.NANOSECONDS)) {
                run.failure("clients still waiting for replies " + REQUEST_TIMEOUT_SECONDS + " s after the end");
            }
            run.report(out);
            return run.failures.get() > 0 || run.ok.get() == 0 ? 1 : 0;
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    /**
     * One run's clients, all on the one event loop: each sends its next query when the reply to the last
     * has been read whole (a closed loop), until the end; one thread for all clients, so that the
     * generator takes as little of the machine's processors from the server as it can.
     */
    private static final class Run {
        final Options o;
        final HttpClientAgent http;
        final Recorder latency = new Recorder(3);
        final AtomicLong ok = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        final List<String> firstFailures = new ArrayList<>();
        final long warmupEnd;
        final long end;
        final CountDownLatch finished;
        final byte[] expected;

        Run(Options o, HttpClientAgent http) {
            this.o = o;
            this.http = http;
            this.warmupEnd = System.nanoTime() + o.warmupNanos;
            this.end = warmupEnd + o.durationNanos;
            this.finished = new CountDownLatch(o.clients);
            this.expected = (o.quote ? "\"quote\":{" : "\"bars\":[{").getBytes(StandardCharsets.US_ASCII);
        }

        /** Sends one client's next query, or counts the client finished when the time is up. */
        void next(SplittableRandom random) {
            if (System.nanoTime() >= end) {
                finished.countDown();
                return;
            }
            URI uri = o.randomQuery(random);
            long start = System.nanoTime();
            http.request(new RequestOptions().setAbsoluteURI(uri.toString())
                            .setIdleTimeout(TimeUnit.SECONDS.toMillis(REQUEST_TIMEOUT_SECONDS)))
                    .compose(request -> request.send())
                    .compose(response -> response.body().map(body -> {
                        if (response.statusCode() != 200 || indexOf(body, expected) < 0) {
                            throw new BadReply(response.statusCode() + " " + uri + " "
                                    + abbreviate(body.toString(StandardCharsets.UTF_8)));
                        }
                        return body;
                    }))
                    .onComplete(reply -> {
                        long took = System.nanoTime() - start;
                        if (reply.succeeded()) {
                            if (start >= warmupEnd) {
                                latency.recordValue(took);
                                ok.incrementAndGet();
                            }
                        } else if (start >= warmupEnd || !(reply.cause() instanceof BadReply)) {
                            // As before: a bad reply counts once measuring, a failed request always.
                            failure(reply.cause() instanceof BadReply ? reply.cause().getMessage()
                                    : uri + " " + reply.cause());
                        }
                        next(random);
                    });
        }

        void failure(String what) {
            failures.incrementAndGet();
            synchronized (firstFailures) {
                if (firstFailures.size() < 5) {
                    firstFailures.add(what);
                }
            }
        }

        void report(PrintWriter out) {
            Histogram h = latency.getIntervalHistogram();
            double seconds = o.durationNanos / 1e9;
            out.printf(Locale.ROOT, "tickstore query-load: %d clients, %s%s, measured %.1f s after %.1f s warmup%n",
                    o.clients, o.describeQuery(), o.quote ? "" : ", " + o.from + ".." + o.to, seconds, o.warmupNanos / 1e9);
            out.printf(Locale.ROOT, "  queries/s      %,.1f  (%d ok, %d failed)%n", ok.get() / seconds, ok.get(), failures.get());
            out.printf(Locale.ROOT, "  latency (ms)   p50 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
                    ms(h, 50), ms(h, 99), ms(h, 99.9), h.getTotalCount() == 0 ? 0 : h.getMaxValue() / 1e6);
            synchronized (firstFailures) {
                for (String f : firstFailures) {
                    out.println("  failure: " + f);
                }
            }
        }
    }

    /** A reply that is not 200 with the expected content; its message is what the report shows. */
    private static final class BadReply extends RuntimeException {
        BadReply(String message) {
            super(message, null, false, false);
        }
    }

    /** Where {@code needle} first occurs in {@code body}, or -1 (the replies' marker is near their start). */
    static int indexOf(Buffer body, byte[] needle) {
        int last = body.length() - needle.length;
        outer:
        for (int i = 0; i <= last; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (body.getByte(i + j) != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1e6;
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    /** The run's options ({@link QueryLoadCommand} parses them); {@link #check} derives the day range. */
    static final class Options {
        URI base = URI.create("http://127.0.0.1:8080");
        int clients = 50;
        String exchange;
        List<String> symbols = new ArrayList<>();
        String from;
        String to;
        String timeframe = "1m";
        int days = 1;
        long durationNanos = 20_000_000_000L;
        long warmupNanos = 5_000_000_000L;
        long seed = 1;
        boolean quote;
        private long firstDay;
        private long dayCount;

        /** Checks what spans options; the exception's message names the option at fault. */
        Options check() {
            if (exchange == null || symbols.isEmpty()) {
                throw new IllegalArgumentException("--exchange and --symbols (or --symbol-prefix and --symbol-count) "
                        + "are required");
            }
            if (quote) {
                return this;
            }
            if (from == null || to == null) {
                throw new IllegalArgumentException("--from and --to are required for --query bars");
            }
            firstDay = day("--from", from);
            long lastDay = day("--to", to);
            dayCount = lastDay - firstDay + 1 - (days - 1);
            if (dayCount < 1) {
                throw new IllegalArgumentException(
                        "Invalid value for option '--to': --from..--to holds fewer than --days days");
            }
            return this;
        }

        URI randomQuery(SplittableRandom random) {
            String symbol = symbols.get(random.nextInt(symbols.size()));
            if (quote) {
                return base.resolve("/api/v1/quotes/latest?exchange=" + exchange + "&symbol=" + symbol);
            }
            long day = firstDay + random.nextLong(dayCount);
            long fromMicros = day * DAY_SECONDS * 1_000_000L;
            long toMicros = (day + days) * DAY_SECONDS * 1_000_000L;
            return base.resolve("/api/v1/ohlcv?exchange=" + exchange + "&symbol=" + symbol + "&timeframe=" + timeframe
                    + "&from=" + fromMicros + "&to=" + toMicros + "&limit=10000");
        }

        String describeQuery() {
            if (quote) {
                return "latest quote of one of " + symbols.size() + " symbols";
            }
            return timeframe + " bars of " + days + " day" + (days == 1 ? "" : "s") + " of one of " + symbols.size()
                    + " symbols";
        }

        private static long day(String option, String v) {
            try {
                return Instant.parse(v + "T00:00:00Z").getEpochSecond() / DAY_SECONDS;
            } catch (java.time.DateTimeException e) {
                throw new IllegalArgumentException("Invalid value for option '" + option + "': expected a UTC day like "
                        + "2024-01-02, got " + v);
            }
        }
    }
}

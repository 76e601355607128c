package io.tickstore.bench.query;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * {@code ./tickstore query-load}: N concurrent HTTP clients, each in a closed loop, asking a running
 * server for OHLCV bars of a random symbol over random whole days inside a range ({@code --query bars}),
 * or for a random symbol's latest quote ({@code --query quote}); prints queries/s and latency
 * p50/p99/p999/max (from sending the request to the last byte of the reply). Every reply must be 200
 * with at least one bar (a quote), or the run fails. Loopback only, bounded in time.
 */
public final class QueryLoad {
    private static final long DAY_SECONDS = 86_400;

    private QueryLoad() {
    }

    /** Runs the load; returns the exit code (0 ok; 1 a query failed or nothing succeeded). */
    static int run(Options o, PrintWriter out) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        Recorder latency = new Recorder(3);
        AtomicLong ok = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        List<String> firstFailures = new ArrayList<>();
        long warmupEnd = System.nanoTime() + o.warmupNanos;
        long end = warmupEnd + o.durationNanos;
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < o.clients; c++) {
            long seed = o.seed + c;
            Thread t = new Thread(() -> {
                SplittableRandom random = new SplittableRandom(seed);
                while (System.nanoTime() < end) {
                    URI uri = o.randomQuery(random);
                    long start = System.nanoTime();
                    try {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        long took = System.nanoTime() - start;
                        boolean good = r.statusCode() == 200 && r.body().contains(o.quote ? "\"quote\":{" : "\"bars\":[{");
                        if (start >= warmupEnd) {
                            if (good) {
                                latency.recordValue(took);
                                ok.incrementAndGet();
                            } else {
                                failures.incrementAndGet();
                                synchronized (firstFailures) {
                                    if (firstFailures.size() < 5) {
                                        firstFailures.add(r.statusCode() + " " + uri + " " + abbreviate(r.body()));
                                    }
                                }
                            }
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                        synchronized (firstFailures) {
                            if (firstFailures.size() < 5) {
                                firstFailures.add(uri + " " + e);
                            }
                        }
                    }
                }
            }, "query-client-" + c);
            t.setDaemon(true);
            clients.add(t);
            t.start();
        }
        for (Thread t : clients) {
            t.join();
        }
        Histogram h = latency.getIntervalHistogram();
        double seconds = o.durationNanos / 1e9;
        out.printf(Locale.ROOT, "tickstore query-load: %d clients, %s%s, measured %.1f s after %.1f s warmup%n",
                o.clients, o.describeQuery(), o.quote ? "" : ", " + o.from + ".." + o.to, seconds, o.warmupNanos / 1e9);
        out.printf(Locale.ROOT, "  queries/s      %,.1f  (%d ok, %d failed)%n", ok.get() / seconds, ok.get(), failures.get());
        out.printf(Locale.ROOT, "  latency (ms)   p50 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
                ms(h, 50), ms(h, 99), ms(h, 99.9), h.getTotalCount() == 0 ? 0 : h.getMaxValue() / 1e6);
        for (String f : firstFailures) {
            out.println("  failure: " + f);
        }
        return failures.get() > 0 || ok.get() == 0 ? 1 : 0;
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

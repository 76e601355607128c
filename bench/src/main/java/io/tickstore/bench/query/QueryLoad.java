package io.tickstore.bench.query;

import java.io.PrintStream;
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

    public static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("query-load: " + e.getMessage() + "\n" + Options.USAGE);
            return 2;
        }
        if (o.help) {
            out.println(Options.USAGE);
            return 0;
        }
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

    /** Command-line options. */
    static final class Options {
        static final String USAGE = """
                usage: tickstore query-load [options]
                N clients ask a running server for bars of random symbols over random whole days (or for the
                latest quote of random symbols), in a closed loop.
                  --query Q            bars (default) or quote: GET /api/v1/ohlcv or /api/v1/quotes/latest
                  --url URL            server (default http://127.0.0.1:8080); loopback only
                  --clients N          concurrent clients (default 50, at most 1000)
                  --exchange X         exchange of the feeds (required)
                  --symbols A,B,...    symbols to pick from (or --symbol-prefix P --symbol-count N for P0..P{N-1})
                  --symbol-prefix P    see --symbols
                  --symbol-count N
                  --from DAY           first UTC day with data, e.g. 2024-01-02 (required for bars)
                  --to DAY             last UTC day with data, inclusive (required for bars)
                  --timeframe T        bar timeframe (default 1m)
                  --days N             days per query (default 1)
                  --duration T         measured time, e.g. 20s (default 20s, at most 10m)
                  --warmup T           time before measuring (default 5s)
                  --seed N             random seed (default 1)
                Exit codes: 0 ok; 1 a query failed or nothing succeeded; 2 bad options.""";

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
        boolean help;
        private long firstDay;
        private long dayCount;

        static Options parse(String[] args) {
            Options o = new Options();
            String prefix = null;
            int count = 0;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--help")) {
                    o.help = true;
                    return o;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + ": needs a value");
                }
                String v = args[++i];
                switch (a) {
                    case "--url" -> o.base = URI.create(v);
                    case "--query" -> o.quote = switch (v) {
                        case "bars" -> false;
                        case "quote" -> true;
                        default -> throw new IllegalArgumentException("--query: expected bars or quote, got " + v);
                    };
                    case "--clients" -> o.clients = bounded(a, v, 1, 1000);
                    case "--exchange" -> o.exchange = v;
                    case "--symbols" -> o.symbols.addAll(List.of(v.split(",")));
                    case "--symbol-prefix" -> prefix = v;
                    case "--symbol-count" -> count = bounded(a, v, 1, 1_000_000);
                    case "--from" -> o.from = v;
                    case "--to" -> o.to = v;
                    case "--timeframe" -> o.timeframe = v;
                    case "--days" -> o.days = bounded(a, v, 1, 366);
                    case "--duration" -> o.durationNanos = duration(a, v, 600);
                    case "--warmup" -> o.warmupNanos = duration(a, v, 600);
                    case "--seed" -> {
                        try {
                            o.seed = Long.parseLong(v);
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("--seed: expected an integer, got " + v);
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (prefix != null) {
                for (int i = 0; i < count; i++) {
                    o.symbols.add(prefix + i);
                }
            }
            if (o.exchange == null || o.symbols.isEmpty()) {
                throw new IllegalArgumentException("--exchange and --symbols (or --symbol-prefix and --symbol-count) "
                        + "are required");
            }
            String host = o.base.getHost();
            if (!host.equals("127.0.0.1") && !host.equals("localhost") && !host.equals("::1")) {
                throw new IllegalArgumentException("--url: loopback hosts only, got " + host);
            }
            if (o.quote) {
                return o;
            }
            if (o.from == null || o.to == null) {
                throw new IllegalArgumentException("--from and --to are required for --query bars");
            }
            o.firstDay = day("--from", o.from);
            long lastDay = day("--to", o.to);
            o.dayCount = lastDay - o.firstDay + 1 - (o.days - 1);
            if (o.dayCount < 1) {
                throw new IllegalArgumentException("--from..--to holds fewer than --days days");
            }
            return o;
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
                throw new IllegalArgumentException(option + ": expected a UTC day like 2024-01-02, got " + v);
            }
        }

        private static int bounded(String option, String v, int min, int max) {
            int n;
            try {
                n = Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + ": expected an integer, got " + v);
            }
            if (n < min || n > max) {
                throw new IllegalArgumentException(option + ": expected " + min + ".." + max + ", got " + n);
            }
            return n;
        }

        private static long duration(String option, String v, long maxSeconds) {
            long nanos;
            try {
                if (v.endsWith("ms")) {
                    nanos = Long.parseLong(v.substring(0, v.length() - 2)) * 1_000_000L;
                } else if (v.endsWith("s")) {
                    nanos = Long.parseLong(v.substring(0, v.length() - 1)) * 1_000_000_000L;
                } else {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + ": expected a duration like 20s or 500ms, got " + v);
            }
            if (nanos < 0 || nanos > maxSeconds * 1_000_000_000L) {
                throw new IllegalArgumentException(option + ": at most " + maxSeconds + "s");
            }
            return nanos;
        }
    }
}

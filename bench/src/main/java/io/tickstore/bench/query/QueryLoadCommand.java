package io.tickstore.bench.query;

import io.tickstore.server.cli.DurationConverter;
import io.tickstore.server.cli.OptionCheck;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tickstore query-load}: concurrent HTTP query clients' command line ({@link QueryLoad} runs it). */
@Command(name = "query-load", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Concurrent HTTP clients querying bars or latest quotes: queries/s and latency.",
        description = {"N clients ask a running server for bars of random symbols over random whole days (or for the"
            + " latest quote of random symbols), in a closed loop; prints queries/s and latency p50/p99/p99.9/max."},
        footerHeading = "%n",
        footer = "Exit codes: 0 ok; 1 a query failed or nothing succeeded; 2 bad options.")
public final class QueryLoadCommand implements Callable<Integer> {
    private static final Duration MAX_TIME = Duration.ofMinutes(10);

    @Spec
    CommandSpec spec;

    @Option(names = "--query", paramLabel = "Q", defaultValue = "bars",
            description = "bars (default) or quote: GET /api/v1/ohlcv or /api/v1/quotes/latest.")
    String query;

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
            description = "Server (default ${DEFAULT-VALUE}); loopback only.")
    URI url;

    @Option(names = "--clients", paramLabel = "N", defaultValue = "50",
            description = "Concurrent clients (default ${DEFAULT-VALUE}, at most 1000).")
    int clients;

    @Option(names = "--exchange", paramLabel = "X", description = "Exchange of the feeds (required).")
    String exchange;

    @Option(names = "--symbols", paramLabel = "A,B,...", split = ",",
            description = "Symbols to pick from (or --symbol-prefix P --symbol-count N for P0..P{N-1}).")
    List<String> symbols = List.of();

    @Option(names = "--symbol-prefix", paramLabel = "P", description = "See --symbols.")
    String symbolPrefix;

    @Option(names = "--symbol-count", paramLabel = "N", defaultValue = "0", description = "See --symbols.")
    int symbolCount;

    @Option(names = "--from", paramLabel = "DAY", description = "First UTC day with data, e.g. 2024-01-02 (required for bars).")
    String from;

    @Option(names = "--to", paramLabel = "DAY", description = "Last UTC day with data, inclusive (required for bars).")
    String to;

    @Option(names = "--timeframe", paramLabel = "T", defaultValue = "1m", description = "Bar timeframe (default ${DEFAULT-VALUE}).")
    String timeframe;

    @Option(names = "--days", paramLabel = "N", defaultValue = "1", description = "Days per query (default ${DEFAULT-VALUE}, at most 366).")
    int days;

    @Option(names = "--duration", paramLabel = "T", defaultValue = "20s", converter = DurationConverter.class,
            description = "Measured time, e.g. 20s (default ${DEFAULT-VALUE}, at most 10m).")
    Duration duration;

    @Option(names = "--warmup", paramLabel = "T", defaultValue = "5s", converter = DurationConverter.class,
            description = "Time before measuring (default ${DEFAULT-VALUE}, at most 10m).")
    Duration warmup;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    /** The options, checked; a bad one is a ParameterException naming it. */
    QueryLoad.Options options() {
        QueryLoad.Options o = new QueryLoad.Options();
        o.quote = switch (query) {
            case "bars" -> false;
            case "quote" -> true;
            default -> throw OptionCheck.bad(spec, "--query", "expected bars or quote, got " + query);
        };
        OptionCheck.loopback(spec, "--url", url.getHost(), null);
        o.base = url;
        o.clients = OptionCheck.within(spec, "--clients", clients, 1, 1000);
        o.exchange = exchange;
        o.symbols.addAll(symbols);
        if (symbolPrefix != null) {
            OptionCheck.within(spec, "--symbol-count", symbolCount, 1, 1_000_000);
            for (int i = 0; i < symbolCount; i++) {
                o.symbols.add(symbolPrefix + i);
            }
        }
        o.from = from;
        o.to = to;
        o.timeframe = timeframe;
        o.days = OptionCheck.within(spec, "--days", days, 1, 366);
        o.durationNanos = OptionCheck.within(spec, "--duration", duration, Duration.ofMillis(1), MAX_TIME).toNanos();
        o.warmupNanos = OptionCheck.within(spec, "--warmup", warmup, Duration.ZERO, MAX_TIME).toNanos();
        o.seed = seed;
        try {
            return o.check();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    @Override
    public Integer call() throws Exception {
        return QueryLoad.run(options(), spec.commandLine().getOut());
    }
}

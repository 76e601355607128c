package io.tickstore.bench.fills;

import io.tickstore.server.cli.DurationConverter;
import io.tickstore.server.cli.OptionCheck;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tickstore fill-to-position}: the fill-to-position benchmark's command line ({@link FillToPosition} runs it). */
@Command(name = "fill-to-position", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Time from a fill to its position over HTTP, under a background order load.",
        description = {"Measures how long a fill takes to show in GET /api/v1/positions while a background load of"
            + " orders (create, submit, fill: three messages each) runs at a fixed rate. Fresh ids every run."},
        footerHeading = "%n",
        footer = "Exit codes: 0 ok; 1 error replies, timed-out probes or a closed connection; 2 bad options.")
public final class FillToPositionCommand implements Callable<Integer> {
    private static final Duration MAX_TIME = Duration.ofHours(1);

    @Spec
    CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL", defaultValue = FillOptions.DEFAULT_URL,
            description = "The server (default ${DEFAULT-VALUE}); loopback hosts only unless --allow-remote.")
    URI url;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "10000",
            description = "Background orders/s over all load connections (default ${DEFAULT-VALUE}; 0 = no load).")
    int rate;

    @Option(names = "--connections", paramLabel = "N", defaultValue = "2",
            description = "Background load connections (default ${DEFAULT-VALUE}, at most 64).")
    int connections;

    @Option(names = "--symbols", paramLabel = "N", defaultValue = "100",
            description = "Symbols of the background orders (default ${DEFAULT-VALUE}, at most 10000).")
    int symbols;

    @Option(names = "--warmup", paramLabel = "T", defaultValue = "10s", converter = DurationConverter.class,
            description = "Background load before the first probe (default ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--probes", paramLabel = "N", defaultValue = "300",
            description = "Fills whose visibility is measured (default ${DEFAULT-VALUE}, at most 100000).")
    int probes;

    @Option(names = "--probe-interval", paramLabel = "T", defaultValue = "50ms", converter = DurationConverter.class,
            description = "Pause between probes (default ${DEFAULT-VALUE}).")
    Duration probeInterval;

    @Option(names = "--poll-interval", paramLabel = "T", defaultValue = "1ms", converter = DurationConverter.class,
            description = "Pause between polls of /api/v1/positions (default ${DEFAULT-VALUE}; 0 = none).")
    Duration pollInterval;

    @Option(names = "--probe-timeout", paramLabel = "T", defaultValue = "10s", converter = DurationConverter.class,
            description = "A probe not visible by then counts as timed out (default ${DEFAULT-VALUE}).")
    Duration probeTimeout;

    @Option(names = "--window", paramLabel = "N", defaultValue = "256",
            description = "Most frames in flight per load connection (default ${DEFAULT-VALUE}, at most 65536).")
    int window;

    @Option(names = "--json", description = "Print the summary as one JSON line.")
    boolean json;

    @Option(names = "--allow-remote", description = "Allow a non-loopback host.")
    boolean allowRemote;

    /** The options, checked; a bad one is a ParameterException naming it. */
    FillOptions options() {
        if (!"http".equals(url.getScheme()) || url.getHost() == null || url.getPort() < 0) {
            throw OptionCheck.bad(spec, "--url", "expected http://host:port, got " + url);
        }
        if (!allowRemote) {
            OptionCheck.loopback(spec, "--url", url.getHost(), "--allow-remote");
        }
        return new FillOptions(url, OptionCheck.within(spec, "--rate", rate, 0, 1_000_000),
                OptionCheck.within(spec, "--connections", connections, 1, 64),
                OptionCheck.within(spec, "--symbols", symbols, 1, 10_000),
                OptionCheck.within(spec, "--warmup", warmup, Duration.ZERO, MAX_TIME).toNanos(),
                OptionCheck.within(spec, "--probes", probes, 1, 100_000),
                OptionCheck.within(spec, "--probe-interval", probeInterval, Duration.ZERO, MAX_TIME).toNanos(),
                OptionCheck.within(spec, "--poll-interval", pollInterval, Duration.ZERO, MAX_TIME).toNanos(),
                OptionCheck.within(spec, "--probe-timeout", probeTimeout, Duration.ofMillis(1), MAX_TIME).toNanos(),
                OptionCheck.within(spec, "--window", window, 1, 65_536), json, allowRemote);
    }

    @Override
    public Integer call() throws Exception {
        return FillToPosition.run(options(), spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}

package io.tickstore.bench.load;

import io.tickstore.server.cli.DurationConverter;
import io.tickstore.server.cli.OptionCheck;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tickstore load}: the load generator's command line ({@link LoadGenerator} runs it). */
@Command(name = "load", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Drive ingest load at a running server: acked ticks/s and ack latency.",
        description = {"Every run sends fresh keys (exchange LOAD-<epochmillis>-c<connection>), so nothing is a"
            + " duplicate. Progress goes to stderr: a bar on a terminal, a line a second otherwise."},
        footerHeading = "%n",
        footer = "Exit codes: 0 ok; 1 error replies, closed connections, unacked frames or nothing acked; 2 bad options.")
public final class LoadCommand implements Callable<Integer> {
    private static final Duration MAX_TIME = Duration.ofHours(1);

    @Spec
    CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL", defaultValue = LoadOptions.DEFAULT_URL,
            description = "Ingest endpoint, ws:// or wss:// (default ${DEFAULT-VALUE}); loopback hosts only unless "
                + "--allow-remote.")
    String url;

    @Option(names = "--connections", paramLabel = "N", defaultValue = "4",
            description = "WebSocket connections, each its own feed (default ${DEFAULT-VALUE}, at most 256).")
    int connections;

    @Option(names = "--frame-size", paramLabel = "N", defaultValue = "500",
            description = "Ticks per frame (default ${DEFAULT-VALUE}, at most 10000).")
    int frameSize;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "0",
            description = "Target ticks/s over all connections, sent on an open-loop schedule; latency is then "
                + "measured from each frame's scheduled send time (coordinated-omission safe). "
                + "0 = as fast as acks allow (default).")
    long rate;

    @Option(names = "--duration", paramLabel = "T", defaultValue = "10s", converter = DurationConverter.class,
            description = "Measured time, e.g. 20s or 500ms (default ${DEFAULT-VALUE}, at most 1h).")
    Duration duration;

    @Option(names = "--warmup", paramLabel = "T", defaultValue = "2s", converter = DurationConverter.class,
            description = "Time before the measurement, excluded from the figures (default ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--symbols", paramLabel = "N", defaultValue = "100",
            description = "Symbols per connection (default ${DEFAULT-VALUE}, at most 100000).")
    int symbols;

    @Option(names = "--window", paramLabel = "N", defaultValue = "64",
            description = "Most frames in flight per connection (default ${DEFAULT-VALUE}, at most 4096).")
    int window;

    @Option(names = "--frames", paramLabel = "F", defaultValue = "objects",
            description = "objects (default) or rows: each frame as tick objects, or as a header and one array of "
                + "values per tick (the protocol's frames of rows, less than half the bytes).")
    String frames;

    @Option(names = "--json", description = "Print the summary as one JSON line.")
    boolean json;

    @Option(names = "--allow-remote", description = "Allow a non-loopback host.")
    boolean allowRemote;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:TICKSTORE_TOKEN}",
            description = "Access token with the ingest scope, sent as Authorization: Bearer on each connection "
                    + "(default: the TICKSTORE_TOKEN environment variable, which keeps it out of the process list).")
    String token;

    @Option(names = "--ca", paramLabel = "FILE",
            description = "With wss://: trust the certificates in this PEM file (a CA, or the server's self-signed "
                + "certificate) instead of the JVM's default CAs.")
    Path ca;

    @Option(names = "--insecure",
            description = "With wss://: trust any server certificate and skip the host name check (a test server "
                + "only: the connection is encrypted but not authenticated).")
    boolean insecure;

    /** The options, checked; a bad one is a ParameterException naming it. */
    public LoadOptions options() {
        URI uri;
        try {
            uri = LoadOptions.url(url);
        } catch (IllegalArgumentException e) {
            throw OptionCheck.bad(spec, "--url", e.getMessage());
        }
        if (!allowRemote) {
            OptionCheck.loopback(spec, "--url", uri.getHost(), "--allow-remote");
        }
        boolean secure = IngestConnections.secure(uri);
        if ((ca != null || insecure) && !secure) {
            throw OptionCheck.bad(spec, ca != null ? "--ca" : "--insecure", "applies to a wss:// --url only, got " + uri);
        }
        if (ca != null && insecure) {
            throw OptionCheck.bad(spec, "--insecure", "give either --ca or --insecure, not both");
        }
        if (ca != null && !Files.isRegularFile(ca)) {
            throw OptionCheck.bad(spec, "--ca", "no such file: " + ca);
        }
        return new LoadOptions(uri,
                OptionCheck.within(spec, "--connections", connections, 1, LoadOptions.MAX_CONNECTIONS),
                OptionCheck.within(spec, "--frame-size", frameSize, 1, LoadOptions.MAX_FRAME_SIZE),
                OptionCheck.within(spec, "--rate", rate, 0, LoadOptions.MAX_RATE),
                OptionCheck.within(spec, "--duration", duration, Duration.ofMillis(1), MAX_TIME).toNanos(),
                OptionCheck.within(spec, "--warmup", warmup, Duration.ZERO, MAX_TIME).toNanos(),
                OptionCheck.within(spec, "--symbols", symbols, 1, LoadOptions.MAX_SYMBOLS),
                OptionCheck.within(spec, "--window", window, 1, LoadOptions.MAX_WINDOW),
                json, allowRemote, token == null || token.isBlank() ? null : token.strip(), new ClientTls(ca, insecure),
                switch (frames.toLowerCase(java.util.Locale.ROOT)) {
                    case "rows" -> true;
                    case "objects" -> false;
                    default -> throw OptionCheck.bad(spec, "--frames", "expected rows or objects, got \"" + frames + "\"");
                });
    }

    @Override
    public Integer call() throws InterruptedException {
        return LoadGenerator.run(options(), spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}

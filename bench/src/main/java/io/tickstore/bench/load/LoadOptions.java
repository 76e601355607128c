package io.tickstore.bench.load;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * The load generator's command line, parsed and checked. Every count and time is bounded so a run
 * always ends; {@link #parse} throws {@link UsageException} naming the option, what it expects and
 * what it got.
 *
 * @param url            the ingest endpoint, {@code ws://host:port/path}
 * @param connections    WebSocket connections, each its own feed (exchange)
 * @param frameSize      ticks per frame
 * @param rate           target ticks/s over all connections; 0 = closed loop, as fast as acks allow
 * @param durationNanos  the measured window
 * @param warmupNanos    run before the measured window, excluded from the figures
 * @param symbols        symbols per connection
 * @param window         most frames in flight (sent, not yet acked) per connection
 * @param json           print the summary as one JSON line
 * @param allowRemote    allow a host that is not a loopback address
 * @param help           print usage and do nothing else
 */
public record LoadOptions(URI url, int connections, int frameSize, long rate, long durationNanos, long warmupNanos,
                          int symbols, int window, boolean json, boolean allowRemote, boolean help) {

    public static final String DEFAULT_URL = "ws://127.0.0.1:8080/ws/ingest";
    static final int MAX_CONNECTIONS = 256;
    /** The server's default {@code ingest.max_messages_per_frame}. */
    static final int MAX_FRAME_SIZE = 10_000;
    static final long MAX_RATE = 100_000_000L;
    static final long MAX_DURATION_NANOS = 3_600_000_000_000L;
    static final int MAX_SYMBOLS = 100_000;
    static final int MAX_WINDOW = 4096;

    /** Thrown for a bad command line; the message is meant for the user. */
    public static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message);
        }
    }

    public static String usage() {
        return """
                usage: tickstore load [options]
                Drives ingest load at a running server and prints acked ticks/s and ack latency.
                Every run sends fresh keys (exchange LOAD-<epochmillis>-c<connection>), so nothing is a duplicate.
                  --url URL          ingest endpoint (default %s); loopback hosts only unless --allow-remote
                  --connections N    WebSocket connections, each its own feed (default 4, at most %d)
                  --frame-size N     ticks per frame (default 500, at most %d)
                  --rate N           target ticks/s over all connections, sent on an open-loop schedule;
                                     latency is then measured from each frame's scheduled send time
                                     (coordinated-omission safe). 0 = as fast as acks allow (default 0)
                  --duration T       measured time, e.g. 20s or 500ms (default 10s, at most 1h)
                  --warmup T         time before the measurement, excluded from the figures (default 2s)
                  --symbols N        symbols per connection (default 100, at most %d)
                  --window N         most frames in flight per connection (default 64, at most %d)
                  --json             print the summary as one JSON line
                  --allow-remote     allow a non-loopback host
                  --help             this text
                Exit codes: 0 ok; 1 error replies, closed connections, unacked frames or nothing acked; 2 bad options."""
                .formatted(DEFAULT_URL, MAX_CONNECTIONS, MAX_FRAME_SIZE, MAX_SYMBOLS, MAX_WINDOW);
    }

    /** Parses {@code args} (after the {@code load} command); {@code --opt value} and {@code --opt=value} both work. */
    public static LoadOptions parse(String[] args) throws UsageException {
        String url = DEFAULT_URL;
        int connections = 4;
        int frameSize = 500;
        long rate = 0;
        long duration = 10_000_000_000L;
        long warmup = 2_000_000_000L;
        int symbols = 100;
        int window = 64;
        boolean json = false;
        boolean allowRemote = false;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            switch (name) {
                case "--help", "-h" -> help = true;
                case "--json" -> json = true;
                case "--allow-remote" -> allowRemote = true;
                case "--url", "--connections", "--frame-size", "--rate", "--duration", "--warmup", "--symbols",
                        "--window" -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new UsageException(name + ": expected a value");
                        }
                        value = args[++i];
                    }
                    switch (name) {
                        case "--url" -> url = value;
                        case "--connections" -> connections = (int) count(name, value, 1, MAX_CONNECTIONS);
                        case "--frame-size" -> frameSize = (int) count(name, value, 1, MAX_FRAME_SIZE);
                        case "--rate" -> rate = count(name, value, 0, MAX_RATE);
                        case "--duration" -> duration = duration(name, value, 1);
                        case "--warmup" -> warmup = duration(name, value, 0);
                        case "--symbols" -> symbols = (int) count(name, value, 1, MAX_SYMBOLS);
                        case "--window" -> window = (int) count(name, value, 1, MAX_WINDOW);
                        default -> throw new IllegalStateException(name);
                    }
                }
                default -> throw new UsageException("unknown option \"" + arg + "\" (see --help)");
            }
        }
        URI uri = url(url);
        if (!help && !allowRemote) {
            requireLoopback(uri);
        }
        if (warmup > MAX_DURATION_NANOS) {
            throw new UsageException("--warmup: expected at most 1h, got " + warmup / 1_000_000 + "ms");
        }
        return new LoadOptions(uri, connections, frameSize, rate, duration, warmup, symbols, window, json,
                allowRemote, help);
    }

    public static long count(String name, String value, long min, long max) throws UsageException {
        long n;
        try {
            n = Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException(name + ": expected an integer from " + min + " to " + max + ", got \"" + value + "\"");
        }
        if (n < min || n > max) {
            throw new UsageException(name + ": expected an integer from " + min + " to " + max + ", got " + n);
        }
        return n;
    }

    /** {@code 20s}, {@code 500ms}, {@code 2m}; a bare number is seconds. */
    public static long duration(String name, String value, long minNanos) throws UsageException {
        String v = value.trim().toLowerCase(Locale.ROOT);
        long unit;
        String digits;
        if (v.endsWith("ms")) {
            unit = 1_000_000L;
            digits = v.substring(0, v.length() - 2);
        } else if (v.endsWith("s")) {
            unit = 1_000_000_000L;
            digits = v.substring(0, v.length() - 1);
        } else if (v.endsWith("m")) {
            unit = 60_000_000_000L;
            digits = v.substring(0, v.length() - 1);
        } else {
            unit = 1_000_000_000L;
            digits = v;
        }
        long n;
        try {
            n = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new UsageException(name + ": expected a time such as 20s, 500ms or 2m, got \"" + value + "\"");
        }
        if (n < 0 || n > MAX_DURATION_NANOS / unit) {
            throw new UsageException(name + ": expected a time from 0 to 1h, got \"" + value + "\"");
        }
        long nanos = n * unit;
        if (nanos < minNanos) {
            throw new UsageException(name + ": expected a time greater than 0, got \"" + value + "\"");
        }
        return nanos;
    }

    static URI url(String text) throws UsageException {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new UsageException("--url: expected ws://host:port/path, got \"" + text + "\" (" + e.getReason() + ")");
        }
        if (!"ws".equalsIgnoreCase(uri.getScheme())) {
            throw new UsageException("--url: expected scheme ws (wss is not supported), got \"" + text + "\"");
        }
        if (uri.getHost() == null) {
            throw new UsageException("--url: expected a host, got \"" + text + "\"");
        }
        return uri;
    }

    private static void requireLoopback(URI uri) throws UsageException {
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        boolean loopback;
        try {
            loopback = InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new UsageException("--url: unknown host \"" + host + "\"");
        }
        if (!loopback) {
            throw new UsageException("--url: host " + host + " is not a loopback address; pass --allow-remote to "
                    + "load a remote server on purpose");
        }
    }

    public int port() {
        return IngestConnections.port(url);
    }

    /** Path and query of the endpoint, {@code /} if none. */
    public String requestUri() {
        return IngestConnections.requestUri(url);
    }

    /** Host as a socket address: without the brackets of an IPv6 literal. */
    public String host() {
        return IngestConnections.host(url);
    }
}

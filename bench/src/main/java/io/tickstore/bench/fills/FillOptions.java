package io.tickstore.bench.fills;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * The fill-to-position benchmark's command line, parsed and checked; every count and time is
 * bounded so a run always ends.
 *
 * @param url              the server, {@code http://host:port} (ingest at {@code ws://host:port/ws/ingest})
 * @param rate             background orders/s (each: create, submit, fill), over all load connections; 0 = none
 * @param connections      background load connections
 * @param symbols          symbols the background orders spread over
 * @param warmupNanos      background load before the first probe
 * @param probes           probes (fills whose visibility is measured)
 * @param probeIntervalNanos pause between the end of one probe and the next fill
 * @param pollIntervalNanos  pause between two polls of {@code GET /api/v1/positions}
 * @param probeTimeoutNanos  a probe not visible by then counts as timed out
 * @param window           most frames in flight (sent, not yet acked) per load connection
 * @param json             print the summary as one JSON line
 * @param allowRemote      allow a host that is not a loopback address
 * @param help             print usage and do nothing else
 */
record FillOptions(URI url, int rate, int connections, int symbols, long warmupNanos, int probes,
                   long probeIntervalNanos, long pollIntervalNanos, long probeTimeoutNanos, int window, boolean json,
                   boolean allowRemote, boolean help) {

    static final String DEFAULT_URL = "http://127.0.0.1:8080";

    /** Thrown for a bad command line; the message is meant for the user. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    static String usage() {
        return """
                usage: java -cp 'bench/target/tickstore-bench.jar:bench/target/lib/*' io.tickstore.bench.fills.FillToPosition [options]
                Measures how long a fill takes to show in GET /api/v1/positions while a background load of
                orders (create, submit, fill: three messages each) runs at a fixed rate. Fresh ids every run.
                  --url URL               the server (default %s); loopback hosts only unless --allow-remote
                  --rate N                background orders/s over all load connections (default 10000; 0 = no load)
                  --connections N         background load connections (default 2, at most 64)
                  --symbols N             symbols of the background orders (default 100, at most 10000)
                  --warmup T              background load before the first probe, e.g. 10s (default 10s)
                  --probes N              fills whose visibility is measured (default 300, at most 100000)
                  --probe-interval T      pause between probes (default 50ms)
                  --poll-interval T       pause between polls of /api/v1/positions (default 1ms; 0 = none)
                  --probe-timeout T       a probe not visible by then counts as timed out (default 10s)
                  --window N              most frames in flight per load connection (default 256)
                  --json                  print the summary as one JSON line
                  --allow-remote          allow a non-loopback host
                  --help                  this text
                Exit codes: 0 ok; 1 error replies, timed-out probes or a closed connection; 2 bad options."""
                .formatted(DEFAULT_URL);
    }

    static FillOptions parse(String[] args) throws UsageException {
        String url = DEFAULT_URL;
        int rate = 10_000;
        int connections = 2;
        int symbols = 100;
        long warmup = 10_000_000_000L;
        int probes = 300;
        long probeInterval = 50_000_000L;
        long pollInterval = 1_000_000L;
        long probeTimeout = 10_000_000_000L;
        int window = 256;
        boolean json = false;
        boolean allowRemote = false;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                value = a.substring(eq + 1);
                a = a.substring(0, eq);
            }
            switch (a) {
                case "--json" -> json = true;
                case "--allow-remote" -> allowRemote = true;
                case "--help", "-h" -> help = true;
                default -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new UsageException(a + ": missing value");
                        }
                        value = args[++i];
                    }
                    switch (a) {
                        case "--url" -> url = value;
                        case "--rate" -> rate = integer(a, value, 0, 1_000_000);
                        case "--connections" -> connections = integer(a, value, 1, 64);
                        case "--symbols" -> symbols = integer(a, value, 1, 10_000);
                        case "--warmup" -> warmup = duration(a, value, 0);
                        case "--probes" -> probes = integer(a, value, 1, 100_000);
                        case "--probe-interval" -> probeInterval = duration(a, value, 0);
                        case "--poll-interval" -> pollInterval = duration(a, value, 0);
                        case "--probe-timeout" -> probeTimeout = duration(a, value, 1_000_000L);
                        case "--window" -> window = integer(a, value, 1, 65_536);
                        default -> throw new UsageException("unknown option " + a + " (see --help)");
                    }
                }
            }
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new UsageException("--url: not a URL: " + url);
        }
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
            throw new UsageException("--url: expected http://host:port, got " + url);
        }
        if (!allowRemote && !isLoopback(uri.getHost())) {
            throw new UsageException("--url: " + uri.getHost() + " is not a loopback address; pass --allow-remote to "
                    + "benchmark another machine");
        }
        return new FillOptions(uri, rate, connections, symbols, warmup, probes, probeInterval, pollInterval,
                probeTimeout, window, json, allowRemote, help);
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static int integer(String option, String v, int min, int max) throws UsageException {
        try {
            long n = Long.parseLong(v);
            if (n >= min && n <= max) {
                return (int) n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(option + ": expected an integer " + min + ".." + max + ", got " + v);
    }

    /** {@code 10s}, {@code 500ms}, {@code 250us}, {@code 2m}; at most one hour. */
    static long duration(String option, String v, long min) throws UsageException {
        String s = v.toLowerCase(Locale.ROOT);
        long unit;
        String digits;
        if (s.endsWith("ms")) {
            unit = 1_000_000L;
            digits = s.substring(0, s.length() - 2);
        } else if (s.endsWith("us")) {
            unit = 1_000L;
            digits = s.substring(0, s.length() - 2);
        } else if (s.endsWith("s")) {
            unit = 1_000_000_000L;
            digits = s.substring(0, s.length() - 1);
        } else if (s.endsWith("m")) {
            unit = 60_000_000_000L;
            digits = s.substring(0, s.length() - 1);
        } else {
            throw new UsageException(option + ": expected a duration like 10s, 500ms, 250us or 2m, got " + v);
        }
        try {
            long n = Long.parseLong(digits);
            if (n >= 0 && n <= 3_600_000_000_000L / unit && n * unit >= min) {
                return n * unit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(option + ": expected a duration of at least " + min / 1_000_000 + " ms and at most 1h, got "
                + v);
    }
}

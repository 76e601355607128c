package io.tickstore.bench.load;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * The load generator's options, checked ({@link LoadCommand} parses them). Every count and time is
 * bounded so a run always ends.
 *
 * @param url            the ingest endpoint, {@code ws://host:port/path} or {@code wss://host:port/path}
 * @param connections    WebSocket connections, each its own feed (exchange)
 * @param frameSize      ticks per frame
 * @param rate           target ticks/s over all connections; 0 = closed loop, as fast as acks allow
 * @param durationNanos  the measured window
 * @param warmupNanos    run before the measured window, excluded from the figures
 * @param symbols        symbols per connection
 * @param window         most frames in flight (sent, not yet acked) per connection
 * @param json           print the summary as one JSON line
 * @param allowRemote    allow a host that is not a loopback address
 * @param token          access token sent as {@code Authorization: Bearer} on each upgrade, or null
 * @param tls            which certificates a {@code wss://} endpoint may present
 * @param rows           send frames of rows (a header, then one array of values per tick) instead of tick objects
 */
public record LoadOptions(URI url, int connections, int frameSize, long rate, long durationNanos, long warmupNanos,
                          int symbols, int window, boolean json, boolean allowRemote, String token, ClientTls tls,
                          boolean rows) {

    /** Frames of tick objects. */
    public LoadOptions(URI url, int connections, int frameSize, long rate, long durationNanos, long warmupNanos,
                       int symbols, int window, boolean json, boolean allowRemote, String token, ClientTls tls) {
        this(url, connections, frameSize, rate, durationNanos, warmupNanos, symbols, window, json, allowRemote, token,
                tls, false);
    }

    /** Trusting the JVM's default CAs for {@code wss://}. */
    public LoadOptions(URI url, int connections, int frameSize, long rate, long durationNanos, long warmupNanos,
                       int symbols, int window, boolean json, boolean allowRemote, String token) {
        this(url, connections, frameSize, rate, durationNanos, warmupNanos, symbols, window, json, allowRemote, token,
                ClientTls.DEFAULT);
    }

    @Override
    public String toString() { // never print the token
        return "LoadOptions[url=" + url + ", connections=" + connections + ", frameSize=" + frameSize + ", rate=" + rate
                + ", rows=" + rows + ", token=" + (token == null ? "none" : "(set)") + "]";
    }

    public static final String DEFAULT_URL = "ws://127.0.0.1:8080/ws/ingest";
    static final int MAX_CONNECTIONS = 256;
    /** The server's default {@code ingest.max_messages_per_frame}. */
    static final int MAX_FRAME_SIZE = 10_000;
    static final long MAX_RATE = 100_000_000L;
    static final int MAX_SYMBOLS = 100_000;
    static final int MAX_WINDOW = 4096;

    /** An ingest URL: {@code ws://host:port/path} or {@code wss://...}; the message of the exception says what is wrong. */
    static URI url(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("expected ws://host:port/path or wss://host:port/path, got \"" + text
                    + "\" (" + e.getReason() + ")");
        }
        if (!"ws".equalsIgnoreCase(uri.getScheme()) && !"wss".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("expected scheme ws or wss, got \"" + text + "\"");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("expected a host, got \"" + text + "\"");
        }
        return uri;
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

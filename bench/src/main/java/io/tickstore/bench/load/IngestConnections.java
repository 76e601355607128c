package io.tickstore.bench.load;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Open ingest WebSocket connections ({@link LoadConnection}s) on one Vert.x event loop, which reads
 * every reply. Used by {@code tickstore load} (one sender thread for all connections) and by the
 * side-by-side harness (one sender thread per connection, {@link #sendWhenRoom}). Each connection
 * keeps at most {@code window} frames in flight; {@code onReply(c)} runs on the event loop after each
 * reply or close of connection {@code c}.
 */
public final class IngestConnections implements AutoCloseable {
    private static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
    static final long CONNECT_TIMEOUT_MILLIS = 10_000;
    /** Longest park of a sender waiting for room in its window; a reply unparks it sooner. */
    private static final long BLOCKED_PARK_NANOS = 1_000_000L;

    private final Vertx vertx;
    private final WebSocketClient client;
    private final LoadConnection[] conns;
    private final ErrorLog log = new ErrorLog();
    private final int window;
    /** Per connection, the thread parked in {@link #sendWhenRoom} for it, or null. */
    private final Thread[] blocked;

    private IngestConnections(URI url, int count, int window, ClientTls tls, IntConsumer onReply) {
        this.window = window;
        this.conns = new LoadConnection[count];
        this.blocked = new Thread[count];
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1));
        WebSocketClientOptions options = new WebSocketClientOptions()
                .setMaxFrameSize(MAX_MESSAGE_BYTES).setMaxMessageSize(MAX_MESSAGE_BYTES)
                .setMaxConnections(count).setConnectTimeout((int) CONNECT_TIMEOUT_MILLIS)
                .setTcpNoDelay(true);
        if (secure(url)) {
            tls.applyTo(options);
        }
        this.client = vertx.createWebSocketClient(options);
        for (int c = 0; c < count; c++) {
            int index = c;
            conns[c] = new LoadConnection(c, window, client.webSocket(), log, () -> {
                Thread t = blocked[index];
                if (t != null) {
                    LockSupport.unpark(t);
                }
                onReply.accept(index);
            });
        }
    }

    /**
     * Opens {@code count} connections to {@code url} ({@code ws://host:port/path}, or {@code wss://} trusting
     * the JVM's default CAs).
     *
     * @throws IOException naming the URL and the cause when any connection fails within the timeout
     */
    public static IngestConnections connect(URI url, int count, int window, IntConsumer onReply) throws IOException,
            InterruptedException {
        return connect(url, count, window, null, onReply);
    }

    /** As above, sending {@code token} (if not null) as {@code Authorization: Bearer} on each upgrade. */
    public static IngestConnections connect(URI url, int count, int window, String token, IntConsumer onReply)
            throws IOException, InterruptedException {
        return connect(url, count, window, token, ClientTls.DEFAULT, onReply);
    }

    /** As above; a {@code wss://} URL is checked against {@code tls}. */
    public static IngestConnections connect(URI url, int count, int window, String token, ClientTls tls,
                                            IntConsumer onReply) throws IOException, InterruptedException {
        IngestConnections ingest = new IngestConnections(url, count, window, tls, onReply);
        List<Future<?>> connected = new ArrayList<>();
        for (LoadConnection c : ingest.conns) {
            WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(host(url)).setPort(port(url))
                    .setURI(requestUri(url)).setSsl(secure(url));
            if (token != null) {
                options.addHeader("Authorization", "Bearer " + token);
            }
            connected.add(c.ws.connect(options));
        }
        try {
            Future.all(connected).toCompletionStage().toCompletableFuture()
                    .get(CONNECT_TIMEOUT_MILLIS + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            ingest.close();
            throw new IOException("cannot connect to " + url + ": " + cause, cause);
        }
        return ingest;
    }

    public int size() {
        return conns.length;
    }

    LoadConnection connection(int c) {
        return conns[c];
    }

    LoadConnection[] connections() {
        return conns;
    }

    ErrorLog log() {
        return log;
    }

    /**
     * Sends one frame of {@code ticks} ticks on connection {@code c}, first waiting (parked, woken by
     * replies) while its window is full. Only one thread may send on a connection.
     *
     * @throws IOException when the connection is closed or the thread is interrupted
     */
    public void sendWhenRoom(int c, String frame, int ticks) throws IOException {
        LoadConnection lc = conns[c];
        while (lc.inFlight.size() >= window && !lc.closed) {
            interrupted();
            blocked[c] = Thread.currentThread();
            if (lc.inFlight.size() >= window && !lc.closed) { // a reply between the check and the flag is not lost
                LockSupport.parkNanos(BLOCKED_PARK_NANOS);
            }
            blocked[c] = null;
        }
        if (lc.closed) {
            throw new IOException("ingest connection " + c + " was closed: " + problems());
        }
        lc.send(frame, System.nanoTime(), ticks);
    }

    /**
     * Waits until every frame sent on connection {@code c} has its reply, woken by replies like
     * {@link #sendWhenRoom}. The connection's sender only.
     *
     * @throws IOException when the connection closes first or the timeout passes
     */
    public void awaitReplies(int c, long timeout, TimeUnit unit) throws IOException {
        LoadConnection lc = conns[c];
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        // Done once the last reply is counted: its frame leaves inFlight before its counts are added
        // (accepted, duplicates), and replies is written after them.
        while ((lc.inFlight.size() > 0 || lc.replies < lc.framesSent) && !lc.closed) {
            interrupted();
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("ingest connection " + c + ": " + lc.inFlight.size() + " frames unanswered after "
                        + unit.toSeconds(timeout) + " s");
            }
            blocked[c] = Thread.currentThread();
            if ((lc.inFlight.size() > 0 || lc.replies < lc.framesSent) && !lc.closed) {
                LockSupport.parkNanos(BLOCKED_PARK_NANOS);
            }
            blocked[c] = null;
        }
        if (lc.inFlight.size() > 0) {
            throw new IOException("ingest connection " + c + " was closed with " + lc.inFlight.size()
                    + " frames unanswered: " + problems());
        }
    }

    private static void interrupted() throws InterruptedIOException {
        if (Thread.interrupted()) {
            throw new InterruptedIOException("interrupted while waiting for ingest replies");
        }
    }

    /** Ticks the server accepted (stored), over every connection. */
    public long accepted() {
        long n = 0;
        for (LoadConnection c : conns) {
            n += c.accepted;
        }
        return n;
    }

    /** Ticks the server counted as duplicates. */
    public long duplicates() {
        long n = 0;
        for (LoadConnection c : conns) {
            n += c.duplicates;
        }
        return n;
    }

    /** Error replies and replies that break the protocol. */
    public long errorReplies() {
        long n = 0;
        for (LoadConnection c : conns) {
            n += c.errorReplies;
        }
        return n;
    }

    /** Connections closed by the server or the network (not by {@link #close}). */
    public int closedByPeer() {
        int n = 0;
        for (LoadConnection c : conns) {
            n += c.closed && !c.closing ? 1 : 0;
        }
        return n;
    }

    /** The first few error replies. */
    public List<String> errors() {
        return log.errors();
    }

    /** The first few connection problems (closes, failures). */
    public List<String> problems() {
        return log.problems();
    }

    /** Closes every connection, then the client and its event loop; waits a few seconds at most. */
    @Override
    public void close() {
        for (LoadConnection c : conns) {
            c.closing = true;
        }
        try {
            List<Future<?>> closed = new ArrayList<>();
            for (LoadConnection c : conns) {
                try {
                    if (!c.closed && !c.ws.isClosed()) {
                        closed.add(c.ws.close());
                    }
                } catch (RuntimeException e) {
                    // never connected (a failed connect): nothing to close
                }
            }
            awaitQuietly(Future.join(closed));
            awaitQuietly(client.close());
        } finally {
            awaitQuietly(vertx.close()); // its event loop thread would keep the JVM alive
        }
    }

    /** Host as a socket address: without the brackets of an IPv6 literal. */
    static String host(URI url) {
        String h = url.getHost();
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    static int port(URI url) {
        return url.getPort() >= 0 ? url.getPort() : secure(url) ? 443 : 80;
    }

    static boolean secure(URI url) {
        return "wss".equalsIgnoreCase(url.getScheme());
    }

    /** Path and query of the endpoint, {@code /} if none. */
    static String requestUri(URI url) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
    }

    private static void awaitQuietly(Future<?> f) {
        try {
            f.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // closing at the end of a run: nothing left to report
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

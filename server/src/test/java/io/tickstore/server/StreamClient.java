package io.tickstore.server;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A real {@code /ws/stream} client for tests. Replies (subscribed, unsubscribed, error) and pushes
 * are kept apart, each in arrival order; every message also lands in {@link #all()}. Numbers are
 * parsed exactly ({@link ExactJson}). Waits have deadlines, never fixed sleeps.
 */
final class StreamClient implements AutoCloseable {
    static final long TIMEOUT_SECONDS = 30;

    private final WebSocketClient client;
    private final WebSocket ws;
    private final boolean retain;
    private final BlockingQueue<Map<String, Object>> replies = new LinkedBlockingQueue<>();
    private final List<Map<String, Object>> pushes = new ArrayList<>();
    private final List<Map<String, Object>> all = new ArrayList<>();
    private final AtomicLong tickPushes = new AtomicLong();
    private static final String SEQUENCE_FIELD = "\"sequence_number\":";
    private final AtomicLong tickSequenceSum = new AtomicLong();
    private volatile String lastTick;
    private final CompletableFuture<Short> closed = new CompletableFuture<>();
    private int cursor;

    private StreamClient(WebSocketClient client, WebSocket ws, boolean retain) {
        this.client = client;
        this.ws = ws;
        this.retain = retain;
        ws.textMessageHandler(this::onMessage);
        ws.closeHandler(v -> closed.complete(ws.closeStatusCode()));
    }

    static StreamClient connect(Vertx vertx, int port) throws Exception {
        return connect(vertx, port, new WebSocketClientOptions(), true);
    }

    /**
     * {@code retain = false} keeps replies and non-tick pushes but only counts ticks (and keeps the
     * last one's text), for floods.
     */
    static StreamClient connect(Vertx vertx, int port, WebSocketClientOptions options, boolean retain)
            throws Exception {
        WebSocketClient client = vertx.createWebSocketClient(options);
        WebSocket ws = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
                .setURI("/ws/stream")).await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return new StreamClient(client, ws, retain);
    }

    private void onMessage(String text) {
        if (text.startsWith("{\"type\":\"tick\"")) {
            tickPushes.incrementAndGet();
            int at = text.indexOf(SEQUENCE_FIELD);
            if (at >= 0) {
                long seq = 0;
                for (int i = at + SEQUENCE_FIELD.length(); i < text.length() && Character.isDigit(text.charAt(i)); i++) {
                    seq = seq * 10 + (text.charAt(i) - '0');
                }
                tickSequenceSum.addAndGet(seq);
            }
            lastTick = text;
            if (!retain) {
                return;
            }
        }
        Map<String, Object> m = ExactJson.object(text);
        m.put("_raw", text);
        String type = (String) m.get("type");
        synchronized (this) {
            all.add(m);
            if (type.equals("subscribed") || type.equals("unsubscribed") || type.equals("error")) {
                replies.add(m);
            } else {
                pushes.add(m);
                notifyAll();
            }
        }
    }

    void send(String op) {
        ws.writeTextMessage(op);
    }

    void sendBinary(Buffer frame) {
        ws.writeBinaryMessage(frame);
    }

    /** The next reply (subscribed, unsubscribed or error); fails the test if none arrives in time. */
    Map<String, Object> reply() throws InterruptedException {
        Map<String, Object> r = replies.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("no reply within " + TIMEOUT_SECONDS + " s");
        }
        return r;
    }

    Map<String, Object> request(String op) throws InterruptedException {
        send(op);
        return reply();
    }

    /** Subscribes and checks the reply. */
    void subscribe(String channel, String exchange, String symbol, String timeframe) throws InterruptedException {
        Map<String, Object> r = request(op("subscribe", channel, exchange, symbol, timeframe));
        if (!"subscribed".equals(r.get("type"))) {
            throw new AssertionError("subscribe failed: " + r.get("_raw"));
        }
    }

    static String op(String op, String channel, String exchange, String symbol, String timeframe) {
        return "{\"op\":\"" + op + "\",\"channel\":\"" + channel + "\",\"exchange\":\"" + exchange + "\",\"symbol\":\""
                + symbol + "\"" + (timeframe == null ? "" : ",\"timeframe\":\"" + timeframe + "\"") + "}";
    }

    /**
     * The first push after the previous match that satisfies {@code p}; earlier non-matching pushes
     * are passed over (they stay in {@link #pushes()}). Fails the test if none arrives in time.
     */
    synchronized Map<String, Object> awaitPush(String what, Predicate<Map<String, Object>> p) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true) {
            while (cursor < pushes.size()) {
                Map<String, Object> m = pushes.get(cursor++);
                if (p.test(m)) {
                    return m;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no push matching " + what + " within " + TIMEOUT_SECONDS + " s; pushes: "
                        + pushes.stream().map(m -> m.get("_raw")).toList());
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Some push, received at any time, that satisfies {@code p}; fails the test if none arrives in time. */
    synchronized Map<String, Object> awaitAny(String what, Predicate<Map<String, Object>> p) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        int checked = 0;
        while (true) {
            for (; checked < pushes.size(); checked++) {
                if (p.test(pushes.get(checked))) {
                    return pushes.get(checked);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no push matching " + what + " within " + TIMEOUT_SECONDS + " s; pushes: "
                        + pushes.stream().map(m -> m.get("_raw")).toList());
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Every push so far, in arrival order. */
    synchronized List<Map<String, Object>> pushes() {
        return new ArrayList<>(pushes);
    }

    /** Every message so far (replies and pushes), in arrival order. */
    synchronized List<Map<String, Object>> all() {
        return new ArrayList<>(all);
    }

    long tickPushes() {
        return tickPushes.get();
    }

    /** The sum of the sequence numbers of every tick pushed so far (with the count: each tick once, none missing). */
    long tickSequenceSum() {
        return tickSequenceSum.get();
    }

    String lastTick() {
        return lastTick;
    }

    /** Stops reading: the client's buffers fill, then TCP pushes back on the server. */
    void pause() {
        ws.pause();
    }

    void resume() {
        ws.resume();
    }

    /** The close status code the server sent, waiting for the close. */
    Short awaitClose() throws Exception {
        return closed.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    String closeReason() {
        return ws.closeReason();
    }

    boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() throws Exception {
        if (!closed.isDone()) {
            ws.close().await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        client.close().await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    // Message accessors for assertions.

    @SuppressWarnings("unchecked")
    static Map<String, Object> obj(Map<String, Object> m, String field) {
        return (Map<String, Object>) m.get(field);
    }

    static boolean is(Map<String, Object> m, String type, String exchange, String symbol) {
        if (!type.equals(m.get("type"))) {
            return false;
        }
        Map<String, Object> where = type.equals("quote") ? obj(m, "quote") : m;
        return exchange.equals(where.get("exchange")) && symbol.equals(where.get("symbol"));
    }
}

package io.tickstore.bench.fills;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * The background load: orders at a fixed rate on an open-loop schedule, each as three messages on
 * one connection in consecutive frames: created ({@code pending}) in frame k, {@code submitted} in
 * frame k+1, filled by a trade in frame k+2. One frame per connection per millisecond, one sender
 * thread per connection; at most {@code window} frames in flight per connection (the sender waits,
 * and its lag shows in {@link #lag}). Ids are fresh per run ({@code runId}).
 */
final class OrderLoad implements AutoCloseable {
    private static final long TICK_NANOS = 1_000_000L;
    /** New orders per frame at most: three messages each stays under the server's 10,000 per frame. */
    private static final int MAX_ORDERS_PER_FRAME = 3_000;

    private final FillOptions options;
    private final String runId;
    private final String exchange;
    private final WebSocketClient client;
    private final List<Connection> connections = new ArrayList<>();
    private final List<Thread> senders = new ArrayList<>();
    private volatile boolean stopping;
    /** Sender lag (actual minus scheduled send), µs; written by the senders under its lock. */
    private final Histogram lag = new Histogram(3);
    final AtomicLong ordersCreated = new AtomicLong();
    final AtomicLong messagesAcked = new AtomicLong();
    final AtomicLong errorReplies = new AtomicLong();
    volatile String firstError;

    private OrderLoad(FillOptions options, String runId, String exchange, WebSocketClient client) {
        this.options = options;
        this.runId = runId;
        this.exchange = exchange;
        this.client = client;
    }

    static OrderLoad connect(Vertx vertx, FillOptions o, String runId, String exchange) throws Exception {
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions());
        OrderLoad load = new OrderLoad(o, runId, exchange, client);
        if (o.rate() == 0) {
            return load;
        }
        for (int i = 0; i < o.connections(); i++) {
            WebSocket ws = client.connect(new WebSocketConnectOptions().setHost(o.url().getHost())
                    .setPort(o.url().getPort()).setURI("/ws/ingest")).await(30, TimeUnit.SECONDS);
            load.connections.add(load.new Connection(i, ws));
        }
        return load;
    }

    /** Starts the sender threads; the schedule starts now. */
    void start() {
        long start = System.nanoTime();
        for (Connection c : connections) {
            int share = options.rate() / connections.size() + (c.index < options.rate() % connections.size() ? 1 : 0);
            Thread t = new Thread(() -> c.send(start, share), "fill-load-" + c.index);
            t.setDaemon(true);
            senders.add(t);
            t.start();
        }
    }

    /** Sender lag percentiles so far, µs. */
    synchronized Histogram lag() {
        return lag.copy();
    }

    boolean anyClosed() {
        return connections.stream().anyMatch(c -> c.closed);
    }

    private synchronized void recordLag(long nanos) {
        lag.recordValue(Math.max(0, nanos / 1_000));
    }

    private void error(String text) {
        errorReplies.incrementAndGet();
        if (firstError == null) {
            firstError = text;
        }
    }

    /** Stops sending and waits (bounded) for the replies of what was sent. */
    @Override
    public void close() throws Exception {
        stopping = true;
        for (Thread t : senders) {
            t.join(10_000);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (Connection c : connections) {
            while (c.inFlight.get() > 0 && !c.closed && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            c.closing = true;
            c.ws.close();
        }
        client.close().await(30, TimeUnit.SECONDS);
    }

    /** One load connection: its own orders, whose three messages go out in order on it. */
    private final class Connection {
        final int index;
        final WebSocket ws;
        final AtomicInteger inFlight = new AtomicInteger();
        volatile boolean closed;
        volatile boolean closing;

        Connection(int index, WebSocket ws) {
            this.index = index;
            this.ws = ws;
            ws.textMessageHandler(this::reply);
            ws.closeHandler(v -> {
                closed = true;
                if (!closing) {
                    error("load connection " + index + " closed by the server: " + ws.closeStatusCode() + " "
                            + ws.closeReason());
                }
            });
        }

        private void reply(String text) {
            inFlight.decrementAndGet();
            int at = text.indexOf("\"accepted\":");
            if (text.startsWith("{\"status\":\"ok\"") && at > 0) {
                int from = at + "\"accepted\":".length();
                int to = from;
                while (to < text.length() && Character.isDigit(text.charAt(to))) {
                    to++;
                }
                messagesAcked.addAndGet(Long.parseLong(text.substring(from, to)));
            } else {
                error(text);
            }
        }

        /** Sender thread: {@code rate} orders/s from {@code start} until stopped. */
        void send(long start, int rate) {
            long created = 0;
            long[] submit = new long[0];
            long[] fill = new long[0];
            StringBuilder frame = new StringBuilder(64 * 1024);
            for (long tick = 0; !stopping && !closed; tick++) {
                long due = start + tick * TICK_NANOS;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                long target = (tick + 1) * rate / 1000;
                int fresh = (int) Math.min(target - created, MAX_ORDERS_PER_FRAME);
                if (fresh == 0 && submit.length == 0 && fill.length == 0) {
                    continue;
                }
                long now = System.currentTimeMillis() * 1000;
                frame.setLength(0);
                frame.append('[');
                for (long n : fill) {
                    trade(frame, n, now);
                }
                for (long n : submit) {
                    order(frame, n, "submitted");
                }
                long[] created1 = new long[fresh];
                for (int i = 0; i < fresh; i++) {
                    created1[i] = created + i;
                    order(frame, created + i, "pending");
                }
                frame.setLength(frame.length() - 1);
                frame.append(']');
                while (inFlight.get() >= options.window() && !stopping && !closed) {
                    LockSupport.parkNanos(50_000);
                }
                if (stopping || closed) {
                    return;
                }
                inFlight.incrementAndGet();
                ws.writeTextMessage(frame.toString());
                recordLag(System.nanoTime() - due);
                created += fresh;
                ordersCreated.addAndGet(fresh);
                fill = submit;
                submit = created1;
            }
        }

        private String id(long n) {
            return runId + "-c" + index + "-" + n;
        }

        private void order(StringBuilder out, long n, String status) {
            out.append("{\"type\":\"order\",\"order_id\":\"").append(id(n)).append("\",\"exchange\":\"").append(exchange)
                    .append("\",\"symbol\":\"L").append(n % options.symbols()).append("\",\"strategy_id\":\"load\",\"side\":\"")
                    .append(n % 2 == 0 ? "buy" : "sell").append("\",\"order_type\":\"limit\",\"quantity\":1,\"price\":")
                    .append(price(n)).append(",\"status\":\"").append(status).append("\"},");
        }

        private void trade(StringBuilder out, long n, long executedAtMicros) {
            out.append("{\"type\":\"trade\",\"trade_id\":\"").append(id(n)).append("-f\",\"order_id\":\"").append(id(n))
                    .append("\",\"exchange\":\"").append(exchange).append("\",\"symbol\":\"L").append(n % options.symbols())
                    .append("\",\"side\":\"").append(n % 2 == 0 ? "buy" : "sell").append("\",\"quantity\":1,\"price\":")
                    .append(price(n)).append(",\"executed_at\":").append(executedAtMicros).append(",\"fees\":0.01},");
        }

        private String price(long n) {
            return "100." + (10 + n % 90);
        }
    }
}

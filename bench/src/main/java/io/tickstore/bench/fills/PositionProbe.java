package io.tickstore.bench.fills;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * The probe: one order of its own (exchange as the load, symbol {@code PROBE}, strategy
 * {@code probe}) takes fill after fill; each fill is sent on the probe's own connection and then
 * {@code GET /api/v1/positions?exchange=…&symbol=PROBE&strategy_id=probe} is polled until the
 * position's {@code fill_count} shows it. Records, in µs from just before the fill is written:
 * the ack (the fill is durable in the journal) and the first reply that shows the position.
 */
final class PositionProbe implements AutoCloseable {
    private static final Pattern FILL_COUNT = Pattern.compile("\"fill_count\":(\\d+)");

    private final FillOptions options;
    private final String runId;
    private final String exchange;
    private final WebSocketClient client;
    private final WebSocket ws;
    private final BlockingQueue<long[]> acks = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> errors = new LinkedBlockingQueue<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final HttpRequest poll;
    final Histogram toAck = new Histogram(3);
    final Histogram toVisible = new Histogram(3);
    long polls;
    int timedOut;

    private PositionProbe(FillOptions options, String runId, String exchange, WebSocketClient client, WebSocket ws) {
        this.options = options;
        this.runId = runId;
        this.exchange = exchange;
        this.client = client;
        this.ws = ws;
        this.poll = HttpRequest.newBuilder(URI.create(options.url() + "/api/v1/positions?exchange=" + exchange
                + "&symbol=PROBE&strategy_id=probe")).timeout(Duration.ofSeconds(10)).GET().build();
        ws.textMessageHandler(text -> {
            long now = System.nanoTime();
            if (text.startsWith("{\"status\":\"ok\"")) {
                acks.add(new long[] {now});
            } else {
                errors.add(text);
                acks.add(new long[] {Long.MIN_VALUE});
            }
        });
    }

    static PositionProbe connect(Vertx vertx, FillOptions o, String runId, String exchange) throws Exception {
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions());
        WebSocket ws = client.connect(new WebSocketConnectOptions().setHost(o.url().getHost()).setPort(o.url().getPort())
                .setURI("/ws/ingest")).await(30, TimeUnit.SECONDS);
        return new PositionProbe(o, runId, exchange, client, ws);
    }

    /** Creates and submits the probe order (large enough for every probe fill) and waits for its ack. */
    void setUp() throws Exception {
        ws.writeTextMessage("{\"type\":\"order\",\"order_id\":\"" + runId + "-probe\",\"exchange\":\"" + exchange
                + "\",\"symbol\":\"PROBE\",\"strategy_id\":\"probe\",\"side\":\"buy\",\"order_type\":\"market\","
                + "\"quantity\":" + (options.probes() + 1) + ",\"status\":\"submitted\"}");
        long[] ack = acks.poll(30, TimeUnit.SECONDS);
        if (ack == null || ack[0] == Long.MIN_VALUE) {
            throw new IllegalStateException("the probe order was not accepted: " + errors.poll());
        }
        fillCount(); // opens the HTTP connection
    }

    /** Probe {@code i} (1-based): one fill, then polls until the position has {@code i} fills. */
    void probe(int i) throws Exception {
        String fill = "{\"type\":\"trade\",\"trade_id\":\"" + runId + "-probe-" + i + "\",\"order_id\":\"" + runId
                + "-probe\",\"exchange\":\"" + exchange + "\",\"symbol\":\"PROBE\",\"side\":\"buy\",\"quantity\":1,"
                + "\"price\":100,\"executed_at\":" + System.currentTimeMillis() * 1000 + "}";
        long t0 = System.nanoTime();
        ws.writeTextMessage(fill);
        long deadline = t0 + options.probeTimeoutNanos();
        while (true) {
            long count = fillCount();
            long now = System.nanoTime();
            polls++;
            if (count >= i) {
                toVisible.recordValue((now - t0) / 1_000);
                break;
            }
            if (now > deadline) {
                timedOut++;
                break;
            }
            if (options.pollIntervalNanos() > 0) {
                LockSupport.parkNanos(options.pollIntervalNanos());
            }
        }
        long[] ack = acks.poll(options.probeTimeoutNanos(), TimeUnit.NANOSECONDS);
        if (ack == null || ack[0] == Long.MIN_VALUE) {
            throw new IllegalStateException("probe fill " + i + " was not accepted: " + errors.poll());
        }
        toAck.recordValue(Math.max(0, ack[0] - t0) / 1_000);
    }

    /** The probe position's fill_count, 0 while there is none. */
    private long fillCount() throws Exception {
        HttpResponse<String> r = http.send(poll, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + poll.uri() + " answered " + r.statusCode() + ": " + r.body());
        }
        Matcher m = FILL_COUNT.matcher(r.body());
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    @Override
    public void close() throws Exception {
        ws.close();
        client.close().await(30, TimeUnit.SECONDS);
    }
}

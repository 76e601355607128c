package io.tickstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickstore.config.IngestConfig;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded fuzzer against a real server over real sockets: at least 100,000 mutated ingest frames (bit flips,
 * truncations, deep nesting, huge numbers and exponents, invalid UTF-8, duplicate keys, wrong types, control
 * characters, binary frames, pings), then mutated HTTP query strings and stream subscriptions.
 *
 * <p>Asserts: every reply is well-formed JSON, {@code ok} or an {@code error} naming the problem; no connection is
 * closed on the fuzzer; the rows stored are exactly the messages acked as accepted (nothing from a refused frame);
 * valid traffic on another connection during the fuzz is acked and stored exactly; the server still answers and
 * its heap stays bounded. Replay a failure with {@code -Dtickstore.fuzz.seed=SEED} (printed at the start);
 * {@code -Dtickstore.fuzz.frames=N} changes the frame count.
 */
@Tag("slow")
class IngestFuzzTest {
    private static final int CONNECTIONS = 4;
    private static final int WINDOW = 256;

    @TempDir
    Path dir;

    private static final String[] TEMPLATES = {
        "{\"type\":\"tick\",\"exchange\":\"FZ\",\"symbol\":\"S%d\",\"timestamp\":\"2024-01-02T00:00:00Z\",\"sequence_number\":%d,\"bid_price\":1.5,\"bid_size\":10}",
        "{\"type\":\"tick\",\"exchange\":\"FZ\",\"symbol\":\"T%d\",\"timestamp\":1704153600000000,\"sequence_number\":%d,\"last_price\":100.25,\"last_size\":3,\"conditions\":\"@\"}",
        "[{\"type\":\"tick\",\"exchange\":\"FZ\",\"symbol\":\"U%d\",\"timestamp\":\"2024-01-02T00:00:01.5Z\",\"sequence_number\":%d,\"ask_price\":2,\"ask_size\":1},"
                + "{\"type\":\"tick\",\"exchange\":\"FZ\",\"symbol\":\"V0\",\"timestamp\":\"2024-01-02T00:00:02Z\",\"sequence_number\":1,\"bid_price\":0.00000001}]",
    };

    private static final String INSERTS = "{}[]\",:\\ 0e-";
    private static final String QUERY_INSERTS = "&=%,{}\"\\[]:-0e9xZ\u00e9\u0001";

    /** One mutated frame: text (as bytes, possibly invalid UTF-8), binary, or a ping. */
    record Fuzzed(int opcode, byte[] payload) {
    }

    static Fuzzed mutate(SplittableRandom r, long n) {
        int kind = r.nextInt(100);
        if (kind < 2) {
            return new Fuzzed(RawWebSocket.BINARY, bytes(r, 1 + r.nextInt(200)));
        }
        if (kind < 4) {
            return new Fuzzed(RawWebSocket.PING, bytes(r, r.nextInt(100)));
        }
        String base = String.format(TEMPLATES[r.nextInt(TEMPLATES.length)], r.nextInt(50), 1 + (n % 1_000_000));
        byte[] b = base.getBytes(StandardCharsets.UTF_8);
        byte[] out = switch (r.nextInt(14)) {
            case 0 -> { // bit flips
                int flips = 1 + r.nextInt(4);
                for (int i = 0; i < flips; i++) {
                    b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                }
                yield b;
            }
            case 1 -> java.util.Arrays.copyOf(b, r.nextInt(b.length)); // truncation
            case 2 -> ("[".repeat(1 + r.nextInt(20_000)) + "]".repeat(r.nextInt(3))).getBytes(StandardCharsets.US_ASCII);
            case 3 -> ("{\"a\":".repeat(1 + r.nextInt(5_000))).getBytes(StandardCharsets.US_ASCII); // deep objects
            case 4 -> base.replace("1.5", hugeNumber(r)).replace("100.25", hugeNumber(r)).getBytes(StandardCharsets.UTF_8);
            case 5 -> base.replace("\"sequence_number\":", "\"sequence_number\":" + "9".repeat(1 + r.nextInt(40)))
                    .getBytes(StandardCharsets.UTF_8);
            case 6 -> { // invalid UTF-8
                b[r.nextInt(b.length)] = (byte) (0x80 + r.nextInt(0x80));
                yield b;
            }
            case 7 -> base.replace("\"bid_price\":1.5", "\"bid_price\":1.5,\"bid_price\":2")
                    .replace("\"last_size\":3", "\"last_size\":3,\"last_size\":3").getBytes(StandardCharsets.UTF_8);
            case 8 -> base.replace("\"FZ\"", r.nextBoolean() ? "12" : r.nextBoolean() ? "null" : "[\"FZ\"]")
                    .getBytes(StandardCharsets.UTF_8); // wrong types
            case 9 -> { // control characters inside and outside strings
                int at = r.nextInt(b.length);
                b[at] = (byte) r.nextInt(0x20);
                yield b;
            }
            case 10 -> base.replace("1.5", r.nextBoolean() ? "1e" + r.nextInt(1000) : "-0." + "0".repeat(r.nextInt(30)) + "1")
                    .getBytes(StandardCharsets.UTF_8);
            case 11 -> bytes(r, r.nextInt(300)); // random bytes as a text frame
            case 12 -> { // a byte inserted or deleted
                StringBuilder sb = new StringBuilder(base);
                int at = r.nextInt(sb.length()); // chars, not UTF-8 bytes: a template may hold non-ASCII text
                if (r.nextBoolean()) {
                    sb.insert(at, INSERTS.charAt(r.nextInt(INSERTS.length())));
                } else {
                    sb.deleteCharAt(at);
                }
                yield sb.toString().getBytes(StandardCharsets.UTF_8);
            }
            default -> b; // valid: must be accepted or counted as a duplicate
        };
        return new Fuzzed(RawWebSocket.TEXT, out);
    }

    static String hugeNumber(SplittableRandom r) {
        return switch (r.nextInt(4)) {
            case 0 -> "1" + "0".repeat(r.nextInt(400));
            case 1 -> "1e" + (r.nextBoolean() ? "-" : "") + r.nextInt(Integer.MAX_VALUE);
            case 2 -> "0." + "1".repeat(r.nextInt(400));
            default -> "-" + "9".repeat(r.nextInt(30));
        };
    }

    static byte[] bytes(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        return b;
    }

    /** What the readers saw. */
    static final class Tally {
        final AtomicLong replies = new AtomicLong();
        final AtomicLong ok = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong accepted = new AtomicLong();
        final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    }

    @Test
    void mutatedFramesQueriesAndSubscriptionsNeverHurtTheServerOrItsNeighbours() throws Exception {
        long seed = Long.getLong("tickstore.fuzz.seed", System.nanoTime());
        int frames = Integer.getInteger("tickstore.fuzz.frames", 100_000);
        System.out.println("IngestFuzzTest seed=" + seed + " frames=" + frames
                + " (replay: -Dtickstore.fuzz.seed=" + seed + ")");
        try (TestServer server = TestServer.start(dir, c -> c.withIngest(new IngestConfig(64 * 1024, 1000, 64)))) {
            System.gc();
            long heapBefore = usedHeap();
            long ticksBefore = server.count("market_ticks");
            Tally tally = new Tally();
            ValidFeed valid = new ValidFeed(server.port());
            Thread validThread = new Thread(valid, "fuzz-valid-feed");
            validThread.start();

            long start = System.nanoTime();
            List<Thread> threads = new ArrayList<>();
            List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                int index = c;
                int share = frames / CONNECTIONS + (c < frames % CONNECTIONS ? 1 : 0);
                Thread t = new Thread(() -> {
                    try {
                        fuzzOneConnection(server.port(), new SplittableRandom(seed + index), share, index, tally);
                    } catch (Throwable e) {
                        e.printStackTrace(); // the assertion below shows only the message
                        failures.add(e);
                    }
                }, "fuzz-" + c);
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                t.join(TimeUnit.MINUTES.toMillis(5));
            }
            long millis = Math.max(1, (System.nanoTime() - start) / 1_000_000);
            valid.stop = true;
            validThread.join(60_000);
            System.out.printf("IngestFuzzTest: %d frames in %d ms = %d frames/s; %d ok (%d messages accepted), %d errors%n",
                    frames, millis, frames * 1000L / millis, tally.ok.get(), tally.accepted.get(), tally.errors.get());
            assertTrue(failures.isEmpty(), "seed " + seed + ": " + failures);
            assertTrue(tally.problems.isEmpty(), "seed " + seed + ": " + tally.problems.stream().limit(5).toList());
            assertTrue(tally.errors.get() > frames / 2, "most mutated frames are refused");
            assertNull(valid.failure, "seed " + seed + ": valid feed: " + valid.failure);
            assertTrue(valid.frames > 0, "the valid feed sent during the fuzz");

            server.awaitApplied();
            assertEquals(valid.ticks, server.count("market_ticks WHERE exchange = 'VALID'"),
                    "every valid tick stored exactly once");
            assertEquals(new java.math.BigDecimal(valid.ticks).multiply(new java.math.BigDecimal("0.00000003")).stripTrailingZeros(),
                    new java.math.BigDecimal(String.valueOf(server.rows(
                            "SELECT sum(bid_price) FROM market_ticks WHERE exchange = 'VALID'").get(0).get(0)))
                            .stripTrailingZeros(), "valid prices stored exactly");
            assertEquals(ticksBefore + tally.accepted.get() + valid.ticks, server.count("market_ticks"),
                    "seed " + seed + ": rows stored = messages acked as accepted; nothing from a refused frame");

            fuzzQueries(server, new SplittableRandom(seed ^ 0x5DEECE66DL));
            fuzzSubscriptions(server.port(), new SplittableRandom(seed ^ 0xBEEFL));

            assertEquals(200, server.get("/health").statusCode());
            System.gc();
            long growth = usedHeap() - heapBefore;
            assertTrue(growth < 256L << 20, "heap grew by " + (growth >> 20) + " MiB over the fuzz");
        }
    }

    private static void assertNull(Object o, String message) {
        assertTrue(o == null, message);
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static void fuzzOneConnection(int port, SplittableRandom r, int frames, int index, Tally tally) throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(port)) {
            Semaphore window = new Semaphore(WINDOW);
            AtomicLong expected = new AtomicLong();
            Thread reader = new Thread(() -> readReplies(ws, window, expected, tally), "fuzz-reader-" + index);
            reader.start();
            long seq = (long) index * 10_000_000L;
            for (int i = 0; i < frames; i++) {
                Fuzzed f = mutate(r, ++seq);
                if (f.opcode() != RawWebSocket.PING) {
                    if (!window.tryAcquire(60, TimeUnit.SECONDS)) {
                        throw new AssertionError("no reply for 60 s with " + WINDOW + " frames in flight");
                    }
                    expected.incrementAndGet();
                }
                ws.sendFrame(f.opcode(), true, f.payload());
            }
            if (!window.tryAcquire(WINDOW, 120, TimeUnit.SECONDS)) {
                throw new AssertionError("replies missing at the end");
            }
            expected.set(-1);
            reader.interrupt();
            reader.join(5000);
        }
    }

    private static void readReplies(RawWebSocket ws, Semaphore window, AtomicLong expected, Tally tally) {
        try {
            while (expected.get() >= 0) {
                RawWebSocket.Frame f = ws.read(1000);
                if (f == null) {
                    if (expected.get() < 0) {
                        return;
                    }
                    continue;
                }
                if (f.opcode() == 0xA) {
                    continue; // pong
                }
                if (f.opcode() == RawWebSocket.CLOSE) {
                    tally.problems.add("connection closed: " + f.closeCode() + " " + f.closeReason());
                    window.release(WINDOW * 2);
                    return;
                }
                tally.replies.incrementAndGet();
                String text = f.text();
                try {
                    JsonObject reply = new JsonObject(text);
                    String status = reply.getString("status");
                    if ("ok".equals(status)) {
                        tally.ok.incrementAndGet();
                        tally.accepted.addAndGet(reply.getInteger("accepted"));
                    } else if ("error".equals(status) && reply.getString("error") != null && !reply.getString("error").isBlank()) {
                        tally.errors.incrementAndGet();
                    } else {
                        tally.problems.add("reply neither ok nor a named error: " + text);
                    }
                } catch (RuntimeException e) {
                    tally.problems.add("not JSON: " + text);
                }
                window.release();
            }
        } catch (IOException e) {
            tally.problems.add("reader: " + e);
        }
    }

    /** Sends valid frames of 10 ticks on its own connection until stopped; each must be acked ok, all accepted. */
    static final class ValidFeed implements Runnable {
        final int port;
        volatile boolean stop;
        volatile String failure;
        long frames;
        long ticks;

        ValidFeed(int port) {
            this.port = port;
        }

        @Override
        public void run() {
            try (RawWebSocket ws = RawWebSocket.connect(port)) {
                long seq = 0;
                while (!stop) {
                    StringBuilder frame = new StringBuilder("[");
                    for (int i = 0; i < 10; i++) {
                        frame.append(i == 0 ? "" : ",").append("{\"type\":\"tick\",\"exchange\":\"VALID\",\"symbol\":\"V\",")
                                .append("\"timestamp\":\"2024-01-03T00:00:00Z\",\"sequence_number\":").append(++seq)
                                .append(",\"bid_price\":0.00000003}");
                    }
                    ws.sendText(frame.append(']').toString());
                    RawWebSocket.Frame reply = ws.read(60_000);
                    if (reply == null || !new JsonObject(reply.text()).getString("status").equals("ok")
                            || new JsonObject(reply.text()).getInteger("accepted") != 10) {
                        failure = "frame " + frames + ": " + (reply == null ? "no reply" : reply.text());
                        return;
                    }
                    frames++;
                    ticks += 10;
                }
            } catch (Exception e) {
                failure = e.toString();
            }
        }
    }

    private static final String[] QUERY_PATHS = {"/api/v1/ticks", "/api/v1/ohlcv", "/api/v1/quotes/latest",
        "/api/v1/orders", "/api/v1/trades", "/api/v1/positions", "/api/v1/gaps", "/api/v1/positions/history",
        "/api/v1/portfolio/snapshots"};
    private static final String[] QUERY_BASES = {"exchange=FZ&symbol=S1&from=2024-01-01T00:00:00Z&to=2024-01-03T00:00:00Z&limit=10",
        "exchange=FZ&symbol=S1&timeframe=1m&from=2024-01-01T00:00:00Z&to=2024-01-03T00:00:00Z",
        "exchange=FZ&symbols=S1,S2", "exchange=FZ&status=open&limit=5", "from=1704067200000000&to=1704240000000000"};

    private static void fuzzQueries(TestServer server, SplittableRandom r) throws Exception {
        int n = 1500;
        for (int i = 0; i < n; i++) {
            String path = QUERY_PATHS[r.nextInt(QUERY_PATHS.length)];
            String query = mutateText(r, QUERY_BASES[r.nextInt(QUERY_BASES.length)]);
            HttpResponse<String> resp = server.get(path + "?" + encodeQueryBytes(query));
            int s = resp.statusCode();
            assertTrue(s == 200 || s == 400 || s == 404, path + "?" + query + " -> " + s + " " + resp.body());
            if (resp.headers().firstValue("content-type").orElse("").startsWith("application/json")) {
                Object parsed = io.vertx.core.json.Json.decodeValue(resp.body());
                assertNotNull(parsed);
                if (s == 400) {
                    assertFalse(((JsonObject) parsed).getString("error").isBlank(), resp.body());
                }
            } else {
                assertTrue(s == 200 && query.contains("csv"), path + "?" + query + " -> " + resp.headers().map());
            }
        }
        System.out.println("IngestFuzzTest: " + n + " mutated HTTP query strings answered 200/400/404 with JSON");
    }

    private static final String[] SUBSCRIPTIONS = {
        "{\"op\":\"subscribe\",\"channel\":\"bars\",\"exchange\":\"FZ\",\"symbol\":\"S1\",\"timeframe\":\"1m\"}",
        "{\"op\":\"subscribe\",\"channel\":\"ticks\",\"exchange\":\"FZ\",\"symbol\":\"S1\"}",
        "{\"op\":\"subscribe\",\"channel\":\"quotes\",\"exchange\":\"FZ\",\"symbol\":\"S2\"}",
        "{\"op\":\"unsubscribe\",\"channel\":\"ticks\",\"exchange\":\"FZ\",\"symbol\":\"S1\"}"};

    private static void fuzzSubscriptions(int port, SplittableRandom r) throws Exception {
        int n = 2000;
        int replies = 0;
        try (RawWebSocket ws = RawWebSocket.connect(port, "/ws/stream", Map.of())) {
            for (int i = 0; i < n; i++) {
                ws.sendText(mutateText(r, SUBSCRIPTIONS[r.nextInt(SUBSCRIPTIONS.length)]));
            }
            RawWebSocket.Frame f;
            while ((f = ws.read(3000)) != null) {
                assertTrue(f.opcode() == RawWebSocket.TEXT, "opcode " + f.opcode() + " " + f.text());
                JsonObject reply = new JsonObject(f.text());
                assertNotNull(reply.getString("type"), f.text());
                if (reply.getString("type").equals("error")) {
                    assertFalse(reply.getString("error", reply.getString("message", "")).isBlank(), f.text());
                }
                replies++;
            }
        }
        assertTrue(replies >= n / 2, replies + " replies to " + n + " mutated subscriptions");
        System.out.println("IngestFuzzTest: " + n + " mutated stream subscriptions, " + replies + " JSON replies");
    }

    static String mutateText(SplittableRandom r, String base) {
        StringBuilder sb = new StringBuilder(base);
        int edits = 1 + r.nextInt(4);
        for (int e = 0; e < edits && sb.length() > 0; e++) {
            int at = r.nextInt(sb.length());
            switch (r.nextInt(6)) {
                case 0 -> sb.deleteCharAt(at);
                case 1 -> sb.insert(at, QUERY_INSERTS.charAt(r.nextInt(QUERY_INSERTS.length())));
                case 2 -> sb.setCharAt(at, (char) (sb.charAt(at) ^ (1 << r.nextInt(7))));
                case 3 -> sb.insert(at, "9".repeat(r.nextInt(30)));
                case 4 -> sb.setLength(at);
                default -> sb.append(r.nextBoolean() ? "&limit=" + r.nextInt() : "&format=csv");
            }
        }
        return sb.toString();
    }

    /** Percent-encodes what a URI cannot carry, leaving the query's own & and = in place. */
    private static String encodeQueryBytes(String query) {
        StringBuilder out = new StringBuilder();
        for (String pair : query.split("&", -1)) {
            if (out.length() > 0) {
                out.append('&');
            }
            int eq = pair.indexOf('=');
            out.append(eq < 0 ? URLEncoder.encode(pair, StandardCharsets.UTF_8)
                    : URLEncoder.encode(pair.substring(0, eq), StandardCharsets.UTF_8) + "="
                            + URLEncoder.encode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out.toString();
    }
}

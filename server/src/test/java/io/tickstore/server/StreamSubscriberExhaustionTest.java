package io.tickstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.tickstore.query.stream.StreamLimits;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClientOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 200 subscribers to one feed's ticks, 20 of which stop reading after their subscribe reply (raw sockets with
 * a small receive buffer): each of those is held to the per-connection bound ({@link StreamLimits#MAX_QUEUED_TICKS}
 * waiting), then closed with 1008 and a reason — which the 10 that read again get after what was already on their
 * socket, while the 10 that never read have their TCP connection ended after {@link StreamLimits#CLOSE_GRACE_MILLIS}.
 * The 180 that read get every tick exactly once, and ingest is acked throughout.
 */
@Tag("slow")
class StreamSubscriberExhaustionTest {
    private static final int SUBSCRIBERS = 200;
    private static final int NEVER_READING = 20;
    private static final int TICKS_PER_FRAME = 500;
    private static final int MAX_FRAMES = 400;
    private static final long START_MICROS = 1_704_153_600_000_000L; // 2024-01-02T00:00:00Z
    private static final long WAIT_SECONDS = 120;

    @TempDir
    Path dataDir;

    @Test
    void twentyOfTwoHundredNeverReadAndAreCutOffWhileTheOthersGetEveryTick() throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        List<StreamClient> readers = new ArrayList<>();
        List<RawWebSocket> stalled = new ArrayList<>();
        try (TestServer server = TestServer.start(dataDir);
             IngestClient in = IngestClient.connect(vertx, server.port())) {
            MeterRegistry registry = server.server.registry();
            for (int i = 0; i < SUBSCRIBERS; i++) {
                if (i % (SUBSCRIBERS / NEVER_READING) == 0) {
                    RawWebSocket raw = RawWebSocket.connect(server.port(), "/ws/stream", Map.of(), 4096);
                    stalled.add(raw);
                    raw.sendText(StreamClient.op("subscribe", "ticks", "MANY", "S", null));
                    RawWebSocket.Frame reply = raw.read(30_000);
                    assertNotNull(reply, "no subscribe reply");
                    assertTrue(reply.text().startsWith("{\"type\":\"subscribed\""), reply.text());
                    // ... and never reads again
                } else {
                    StreamClient c = StreamClient.connect(vertx, server.port(), new WebSocketClientOptions(), false);
                    readers.add(c);
                    c.subscribe("ticks", "MANY", "S", null);
                }
            }
            assertEquals(SUBSCRIBERS - NEVER_READING, readers.size());
            assertEquals(SUBSCRIBERS, (int) registry.get("tickstore.stream.connections").gauge().value());

            // Ticks until every stalled subscriber has been cut off, then a few frames more.
            long seq = 0;
            int frames = 0;
            double maxQueued = 0;
            while (slowDisconnects(registry) < NEVER_READING) {
                assertTrue(frames++ < MAX_FRAMES, "only " + slowDisconnects(registry) + " of " + NEVER_READING
                        + " stalled subscribers cut off after " + seq + " ticks");
                seq = ingestFrame(in, seq);
                maxQueued = Math.max(maxQueued, queued(registry));
            }
            // Half of them start reading now (within StreamLimits.CLOSE_GRACE_MILLIS): they get what was already
            // on their socket, then the close frame with the reason. The other half never read again.
            ExecutorService lateReaders = Executors.newFixedThreadPool(NEVER_READING / 2);
            List<Future<RawWebSocket.Frame>> closes = new ArrayList<>();
            for (RawWebSocket raw : stalled.subList(0, NEVER_READING / 2)) {
                closes.add(lateReaders.submit(() -> raw.awaitClose(60_000)));
            }
            lateReaders.shutdown();
            for (int i = 0; i < 4; i++) {
                seq = ingestFrame(in, seq);
                maxQueued = Math.max(maxQueued, queued(registry));
            }
            long total = seq;
            long sum = total * (total - 1) / 2;

            // Every reading subscriber gets every tick once.
            for (int r = 0; r < readers.size(); r++) {
                StreamClient c = readers.get(r);
                int index = r;
                await("reader " + r + " to get all " + total + " ticks (has " + c.tickPushes() + ")",
                        () -> c.tickPushes() >= total);
                assertEquals(total, c.tickPushes(), "reader " + index);
                assertEquals(sum, c.tickSequenceSum(), "reader " + index + ": each tick once");
                assertFalse(c.isClosed(), "reader " + index + " was closed");
            }

            // The stalled ones were held to the per-connection bound, then dropped with a reason.
            assertEquals((double) NEVER_READING, slowDisconnects(registry));
            assertTrue(maxQueued <= NEVER_READING * (StreamLimits.MAX_QUEUED_TICKS + 1.0),
                    "messages waiting peaked at " + maxQueued);
            await("the queue to empty", () -> queued(registry) == 0);
            assertEquals(SUBSCRIBERS - NEVER_READING,
                    (int) registry.get("tickstore.stream.subscriptions").tag("channel", "ticks").gauge().value());
            for (Future<RawWebSocket.Frame> f : closes) {
                RawWebSocket.Frame close = f.get(60, TimeUnit.SECONDS);
                assertNotNull(close, "no close frame");
                assertEquals(StreamLimits.CLOSE_TOO_SLOW, close.closeCode());
                assertEquals("too slow: more than " + StreamLimits.MAX_QUEUED_TICKS + " ticks waiting",
                        close.closeReason());
            }
            // Those that never read hold no connection past the grace period: the server ends them.
            for (RawWebSocket raw : stalled.subList(NEVER_READING / 2, NEVER_READING)) {
                assertTrue(raw.awaitEnd(StreamLimits.CLOSE_GRACE_MILLIS + 30_000),
                        "the server did not end a connection that never read");
            }
            await(() -> "the stalled connections to be gone (open: "
                            + registry.get("tickstore.stream.connections").gauge().value() + ")",
                    () -> registry.get("tickstore.stream.connections").gauge().value() == SUBSCRIBERS - NEVER_READING);
            System.out.printf("StreamSubscriberExhaustionTest: %d ticks; %d readers got all; %d stalled cut off;"
                    + " at most %.0f messages waiting%n", total, readers.size(), stalled.size(), maxQueued);
            for (StreamClient c : readers) { // while the server is up, so each close handshake completes
                c.close();
            }
        } finally {
            for (RawWebSocket raw : stalled) {
                raw.close();
            }
            vertx.close().await(60, TimeUnit.SECONDS);
        }
    }

    /** Ingests one frame of ticks of MANY/S, waits for its ack; returns the next sequence number. */
    private static long ingestFrame(IngestClient in, long seq) throws InterruptedException {
        StringBuilder sb = new StringBuilder(TICKS_PER_FRAME * 120).append('[');
        for (int i = 0; i < TICKS_PER_FRAME; i++, seq++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"type\":\"tick\",\"exchange\":\"MANY\",\"symbol\":\"S\",\"timestamp\":")
                    .append(START_MICROS + seq * 1000).append(",\"bid_price\":99.").append(seq % 100)
                    .append(",\"sequence_number\":").append(seq).append('}');
        }
        var ack = in.request(sb.append(']').toString());
        assertEquals("ok", ack.getString("status"), ack.encode());
        assertEquals(TICKS_PER_FRAME, ack.getInteger("accepted"), ack.encode());
        return seq;
    }

    private static double slowDisconnects(MeterRegistry registry) {
        return registry.get("tickstore.stream.slow.disconnects").counter().count();
    }

    private static double queued(MeterRegistry registry) {
        return registry.get("tickstore.stream.queued").gauge().value();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        await(() -> what, condition);
    }

    private static void await(java.util.function.Supplier<String> what, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, () -> "timed out waiting for " + what.get());
            Thread.sleep(10);
        }
    }
}

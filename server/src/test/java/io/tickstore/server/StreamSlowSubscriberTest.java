package io.tickstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.tickstore.query.stream.StreamLimits;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClientOptions;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A subscriber that stops reading while a feed floods: the server holds at most the documented
 * number of its messages (bars and quotes conflated, ticks up to {@link StreamLimits#MAX_QUEUED_TICKS}),
 * then closes it with 1008; ingest and a subscriber that reads keep working throughout.
 */
@Tag("slow")
class StreamSlowSubscriberTest {
    private static final int TICKS_PER_FRAME = 500;
    private static final int MAX_FRAMES = 4000;
    private static final long START_MICROS = 1_704_153_600_000_000L; // 2024-01-02T00:00:00Z

    @TempDir
    Path dataDir;

    @Test
    void aSubscriberThatStopsReadingIsClosedAndNothingGrowsWithoutBound() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (TestServer server = TestServer.start(dataDir);
             IngestClient in = IngestClient.connect(vertx, server.port());
             StreamClient healthy = StreamClient.connect(vertx, server.port(), new WebSocketClientOptions(), false);
             StreamClient slow = StreamClient.connect(vertx, server.port(),
                     new WebSocketClientOptions().setReceiveBufferSize(8192), false)) {
            MeterRegistry registry = server.server.registry();
            for (StreamClient c : new StreamClient[] {healthy, slow}) {
                c.subscribe("ticks", "FILL", "F", null);
                c.subscribe("bars", "SLOW", "S", "1m");
                c.subscribe("quotes", "SLOW", "S", null);
            }
            healthy.subscribe("ticks", "SLOW", "S", null);
            slow.pause();

            // 1. Ticks until the slow socket (and the buffers under it) is full and the server holds pushes back.
            long fill = 0;
            double maxQueued = 0;
            int frames = 0;
            while (queued(registry) == 0) {
                assertTrue(frames++ < MAX_FRAMES, "the slow socket never filled, after " + fill + " ticks");
                fill = ingestFrame(in, "FILL", "F", fill);
                server.awaitApplied();
            }
            assertEquals(0.0, slowDisconnects(registry));

            // 2. While it holds back, each bar bucket and each quote waits only in its latest state.
            int commits = 10;
            for (int i = 0; i < commits; i++) {
                var ack = in.request(StreamPushTest.trade("SLOW", "S", "14:30:0" + i, "100." + i, "1", i)
                        .replace("}", ",\"bid_price\":99." + i + "}"));
                assertEquals("ok", ack.getString("status"), ack.encode());
                server.awaitApplied(); // one commit each
            }
            await("the slow subscriber's bar and quote to be conflated", () -> conflated(registry, "bars") >= commits - 1
                    && conflated(registry, "quotes") >= commits - 1);
            assertEquals(commits - 1, conflated(registry, "bars"));
            assertEquals(commits - 1, conflated(registry, "quotes"));
            assertEquals(0.0, slowDisconnects(registry));

            // 3. Ticks keep coming: past MAX_QUEUED_TICKS waiting, the slow subscriber is closed.
            while (slowDisconnects(registry) == 0) {
                assertTrue(frames++ < MAX_FRAMES, "no slow-subscriber disconnect after " + fill + " ticks");
                fill = ingestFrame(in, "FILL", "F", fill);
                maxQueued = Math.max(maxQueued, queued(registry));
            }
            // Ingest goes on, and the reading subscriber gets every tick.
            for (int i = 0; i < 5; i++) {
                fill = ingestFrame(in, "FILL", "F", fill);
                maxQueued = Math.max(maxQueued, queued(registry));
            }
            long total = fill + commits;
            await("the reading subscriber to get all " + total + " ticks", () -> healthy.tickPushes() == total);
            assertTrue(healthy.lastTick().contains("\"sequence_number\":" + (fill - 1) + ","), healthy.lastTick());
            assertTrue(!healthy.isClosed());

            // The slow one was held to the limits, then dropped: its queue and subscriptions are gone.
            assertEquals(1.0, slowDisconnects(registry));
            assertTrue(maxQueued <= 2 * (StreamLimits.MAX_QUEUED_TICKS + 100), "queued messages peaked at " + maxQueued);
            await("the queue to empty", () -> queued(registry) == 0);
            assertEquals(2, (int) registry.get("tickstore.stream.subscriptions").tag("channel", "ticks").gauge().value(),
                    "the reading subscriber's FILL and SLOW ticks");

            // Once it reads again it gets what was already on its socket, then the close with the reason.
            slow.resume();
            assertEquals((short) StreamLimits.CLOSE_TOO_SLOW, slow.awaitClose());
            assertEquals("too slow: more than " + StreamLimits.MAX_QUEUED_TICKS + " ticks waiting", slow.closeReason());
            assertTrue(slow.tickPushes() < fill, slow.tickPushes() + " of " + fill);
            await("the connection gauge to drop", () -> registry.get("tickstore.stream.connections").gauge().value() == 1);
        } finally {
            vertx.close().await();
        }
    }

    /** Ingests one frame of trade ticks with bid/ask (1 ms apart), waits for its ack; returns the next sequence. */
    private static long ingestFrame(IngestClient in, String exchange, String symbol, long seq) throws InterruptedException {
        StringBuilder sb = new StringBuilder(TICKS_PER_FRAME * 160).append('[');
        for (int i = 0; i < TICKS_PER_FRAME; i++, seq++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"type\":\"tick\",\"exchange\":\"").append(exchange).append("\",\"symbol\":\"").append(symbol)
                    .append("\",\"timestamp\":")
                    .append(START_MICROS + seq * 1000).append(",\"bid_price\":99.").append(seq % 100)
                    .append(",\"ask_price\":101.").append(seq % 100).append(",\"last_price\":100.").append(seq % 97)
                    .append(",\"last_size\":").append(1 + seq % 5).append(",\"sequence_number\":").append(seq).append('}');
        }
        var ack = in.request(sb.append(']').toString());
        assertEquals("ok", ack.getString("status"), ack.encode());
        assertEquals(TICKS_PER_FRAME, ack.getInteger("accepted"), ack.encode());
        return seq;
    }

    private static double slowDisconnects(MeterRegistry registry) {
        return registry.get("tickstore.stream.slow.disconnects").counter().count();
    }

    private static double conflated(MeterRegistry registry, String channel) {
        return registry.get("tickstore.stream.conflated").tag("channel", channel).counter().count();
    }

    private static double queued(MeterRegistry registry) {
        return registry.get("tickstore.stream.queued").gauge().value();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(StreamClient.TIMEOUT_SECONDS);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(5);
        }
    }
}

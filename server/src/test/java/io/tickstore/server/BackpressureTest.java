package io.tickstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickstore.config.IngestConfig;
import io.tickstore.config.PipelineConfig;
import io.tickstore.config.WaitStrategyKind;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flood from many connections into a tiny ring: sockets are paused instead of queueing without
 * bound, and every frame is still acked and stored exactly once.
 */
@Tag("slow")
class BackpressureTest {
    private static final int CONNECTIONS = 8;
    private static final int FRAMES_PER_CONNECTION = 40;
    private static final int TICKS_PER_FRAME = 500;

    @TempDir
    Path dataDir;

    @Test
    void floodIsPausedNotBufferedAndEverythingIsStoredOnce() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (TestServer server = TestServer.start(dataDir, c -> c
                .withPipeline(new PipelineConfig(1024, WaitStrategyKind.BLOCKING))
                .withWarm(c.warm().withMaxBatch(1024))
                .withIngest(new IngestConfig(1 << 20, TICKS_PER_FRAME, 64)))) {
            List<IngestClient> clients = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                clients.add(IngestClient.connect(vertx, server.port()));
            }
            // Everything is sent up front, without waiting for acks.
            for (int f = 0; f < FRAMES_PER_CONNECTION; f++) {
                for (int c = 0; c < CONNECTIONS; c++) {
                    clients.get(c).send(frame(c, f));
                }
            }
            long accepted = 0;
            for (int c = 0; c < CONNECTIONS; c++) {
                for (int f = 0; f < FRAMES_PER_CONNECTION; f++) {
                    JsonObject ack = clients.get(c).reply();
                    assertEquals("ok", ack.getString("status"), ack.encode());
                    assertEquals(TICKS_PER_FRAME, ack.getInteger("accepted"), ack.encode());
                    accepted += ack.getInteger("accepted");
                }
                clients.get(c).close();
            }
            long total = (long) CONNECTIONS * FRAMES_PER_CONNECTION * TICKS_PER_FRAME;
            assertEquals(total, accepted);
            server.awaitApplied();
            assertEquals(List.of(List.of(total, total)), server.rows(
                    "SELECT count(*), count(DISTINCT (symbol, sequence_number)) FROM market_ticks WHERE exchange = 'FLOOD'"));
            double pauses = server.server.registry().get("tickstore.ingest.backpressure.pauses").tag("reason", "ring_full")
                    .counter().count();
            assertTrue(pauses > 0, "a 1024-slot ring must have paused some of " + CONNECTIONS + " flooding sockets");
        } finally {
            vertx.close().await();
        }
    }

    private static String frame(int connection, int frameNo) {
        StringBuilder sb = new StringBuilder(TICKS_PER_FRAME * 120).append('[');
        for (int i = 0; i < TICKS_PER_FRAME; i++) {
            if (i > 0) {
                sb.append(',');
            }
            long seq = (long) frameNo * TICKS_PER_FRAME + i;
            sb.append("{\"type\":\"tick\",\"exchange\":\"FLOOD\",\"symbol\":\"C").append(connection)
                    .append("\",\"timestamp\":").append(1_704_153_600_000_000L + seq)
                    .append(",\"bid_price\":100.").append(i % 100).append(",\"sequence_number\":").append(seq).append('}');
        }
        return sb.append(']').toString();
    }
}

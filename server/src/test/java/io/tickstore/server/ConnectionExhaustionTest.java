package io.tickstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 1,000 ingest connections held at once, each acked; one more answered 503 (ingest.max_connections), and the
 * server keeps answering; every slot comes back when they close.
 */
@Tag("slow")
class ConnectionExhaustionTest {
    private static final int CONNECTIONS = 1000;

    @TempDir
    Path dataDir;

    @Test
    void aThousandConnectionsHeldAndTheNextRefusedWith503() throws Exception {
        try (TestServer server = TestServer.start(dataDir, c -> c.withIngest(c.ingest().withMaxConnections(CONNECTIONS)))) {
            List<RawWebSocket> open = new ArrayList<>(CONNECTIONS);
            long start = System.nanoTime();
            try {
                for (int i = 0; i < CONNECTIONS; i++) {
                    open.add(RawWebSocket.connect(server.port()));
                }
                long connectedMillis = (System.nanoTime() - start) / 1_000_000;
                IOException refused = null;
                try (RawWebSocket extra = RawWebSocket.connect(server.port())) {
                    // must not get here
                } catch (IOException e) {
                    refused = e;
                }
                assertTrue(refused != null && refused.getMessage().startsWith("upgrade refused: HTTP/1.1 503"),
                        String.valueOf(refused));
                assertEquals(200, server.get("/health").statusCode());
                // Every held connection still works.
                for (int i = 0; i < CONNECTIONS; i++) {
                    open.get(i).sendText("{\"type\":\"tick\",\"exchange\":\"HELD\",\"symbol\":\"C" + i
                            + "\",\"timestamp\":\"2024-01-02T00:00:00Z\",\"sequence_number\":1,\"bid_price\":1}");
                }
                for (int i = 0; i < CONNECTIONS; i++) {
                    RawWebSocket.Frame reply = open.get(i).read(60_000);
                    assertTrue(reply != null && reply.text().startsWith("{\"status\":\"ok\",\"accepted\":1"),
                            "connection " + i + ": " + (reply == null ? "no reply" : reply.text()));
                }
                System.out.printf("ConnectionExhaustionTest: %d connections opened in %d ms, all acked%n",
                        CONNECTIONS, connectedMillis);
                assertEquals(CONNECTIONS, (int) server.server.registry().get("tickstore.ingest.connections").gauge().value());
            } finally {
                for (RawWebSocket ws : open) {
                    ws.close();
                }
            }
            server.awaitApplied();
            assertEquals(CONNECTIONS, server.count("market_ticks WHERE exchange = 'HELD'"));
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (server.server.registry().get("tickstore.ingest.connections").gauge().value() > 0
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(0, (int) server.server.registry().get("tickstore.ingest.connections").gauge().value(),
                    "every slot is released");
            try (RawWebSocket again = RawWebSocket.connect(server.port())) {
                again.sendText("{\"type\":\"tick\",\"exchange\":\"HELD\",\"symbol\":\"AGAIN\",\"timestamp\":"
                        + "\"2024-01-02T00:00:00Z\",\"sequence_number\":1,\"bid_price\":1}");
                assertTrue(again.read(30_000).text().startsWith("{\"status\":\"ok\""));
            }
        }
    }
}

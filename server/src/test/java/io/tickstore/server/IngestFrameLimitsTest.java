package io.tickstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickstore.config.IngestConfig;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Frames too big or too slow on {@code /ws/ingest}: however large, each ends in a close with a code and a
 * reason within a second (the payload is not read whole); a frame that never finishes is closed after
 * {@code ingest.frame_timeout_ms}; nothing from it is stored and the server serves the next client.
 */
class IngestFrameLimitsTest {
    private static final int MAX_FRAME_BYTES = 64 * 1024;
    private static final int FRAME_TIMEOUT_MS = 600;
    private static final long ONE_SECOND = 1000;
    private static final String TOO_BIG = "frame exceeds ingest.max_frame_bytes = 65536 (refused from its header, unread)";

    @TempDir
    static Path dataDir;
    static TestServer server;
    static Vertx vertx;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir,
                c -> c.withIngest(new IngestConfig(MAX_FRAME_BYTES, 100, 64).withFrameTimeoutMillis(FRAME_TIMEOUT_MS)));
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().await();
        server.close();
    }

    static String tick(String exchange, String padding) {
        return "{\"type\":\"tick\",\"exchange\":\"" + exchange + "\",\"symbol\":\"S\",\"timestamp\":\"2024-01-02T00:00:00Z\","
                + "\"sequence_number\":1,\"bid_price\":1" + (padding.isEmpty() ? "" : ",\"conditions\":\"" + padding + "\"") + "}";
    }

    /** The server still serves: a good frame on a new connection is acked and stored. */
    private static void serverStillAcks(String exchange) throws Exception {
        try (IngestClient c = IngestClient.connect(vertx, server.port())) {
            assertEquals("ok", c.request(tick(exchange, "")).getString("status"));
        }
        server.awaitApplied();
        assertEquals(1, server.count("market_ticks WHERE exchange = '" + exchange + "'"));
    }

    /** Writes {@code bytes} from another thread (the server may stop reading long before the end). */
    private static Thread writeInBackground(RawWebSocket ws, byte[] header, long payloadBytes) {
        Thread t = new Thread(() -> {
            try {
                ws.sendRaw(header);
                byte[] chunk = new byte[64 * 1024];
                Arrays.fill(chunk, (byte) 'x');
                for (long left = payloadBytes; left > 0; left -= chunk.length) {
                    ws.sendRaw(left >= chunk.length ? chunk : Arrays.copyOf(chunk, (int) left));
                }
            } catch (IOException expected) {
                // the server closed the connection while the payload was still going out
            }
        }, "oversize-writer");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @ParameterizedTest(name = "{0} byte text frame")
    @ValueSource(longs = {MAX_FRAME_BYTES + 1L, 5L << 20, 32L << 20, 1L << 40})
    void aSingleFrameOverTheLimitIsClosedWith1009WithinASecond(long size) throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(server.port())) {
            long start = System.nanoTime();
            Thread writer = writeInBackground(ws, RawWebSocket.header(RawWebSocket.TEXT, true, size),
                    Math.min(size, 64L << 20));
            RawWebSocket.Frame close = ws.awaitClose(ONE_SECOND);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertNotNull(close, "no close frame within 1 s for a " + size + " byte frame");
            assertEquals(1009, close.closeCode());
            assertEquals(TOO_BIG, close.closeReason());
            assertTrue(millis <= ONE_SECOND, "closed after " + millis + " ms");
            assertTrue(ws.awaitEnd(ONE_SECOND), "the server drops the connection after its close frame");
            writer.join(10_000);
        }
        serverStillAcks("AFTER-" + size);
    }

    @ParameterizedTest(name = "{0} MiB text message from a WebSocket library")
    @ValueSource(ints = {5, 32})
    void aLibraryClientSendingMegabytesGetsTheCloseWithinASecond(int mib) throws Exception {
        String huge = tick("BIG", "x".repeat(mib << 20));
        try (IngestClient c = IngestClient.connect(vertx, server.port())) {
            // The client library spends its own time encoding and masking the message; the clock starts once
            // it has handed the message to the socket (the server may have refused it from the first bytes).
            c.sendAndTrack(huge).get(30, TimeUnit.SECONDS);
            long start = System.nanoTime();
            assertEquals(1009, c.awaitClose());
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(TOO_BIG, c.closeReason());
            assertTrue(millis <= ONE_SECOND, "closed " + millis + " ms after the message was sent");
        }
        assertEquals(0, server.count("market_ticks WHERE exchange = 'BIG'"));
        serverStillAcks("AFTER-LIB-" + mib);
    }

    @Test
    void aBinaryFrameOverTheLimitIsClosedWith1009() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(server.port())) {
            writeInBackground(ws, RawWebSocket.header(RawWebSocket.BINARY, true, 10L << 20), 10L << 20);
            RawWebSocket.Frame close = ws.awaitClose(ONE_SECOND);
            assertNotNull(close, "no close within 1 s");
            assertEquals(1009, close.closeCode());
            assertEquals(TOO_BIG, close.closeReason());
        }
    }

    @Test
    void fragmentsAddingUpPastTheLimitAreClosedWith1009() throws Exception {
        byte[] part = new byte[30 * 1024];
        Arrays.fill(part, (byte) ' ');
        try (RawWebSocket ws = RawWebSocket.connect(server.port())) {
            ws.sendFrame(RawWebSocket.TEXT, false, "[".getBytes(StandardCharsets.US_ASCII));
            ws.sendFrame(RawWebSocket.CONTINUATION, false, part);
            ws.sendFrame(RawWebSocket.CONTINUATION, false, part);
            long start = System.nanoTime();
            ws.sendFrame(RawWebSocket.CONTINUATION, false, part);
            RawWebSocket.Frame close = ws.awaitClose(ONE_SECOND);
            assertNotNull(close, "no close within 1 s");
            assertTrue((System.nanoTime() - start) / 1_000_000 <= ONE_SECOND);
            assertEquals(1009, close.closeCode());
            assertEquals("fragmented frame of more than " + (1 + 3 * part.length)
                    + " bytes exceeds ingest.max_frame_bytes = 65536", close.closeReason());
        }
    }

    @Test
    void fragmentsWithinTheLimitArePutTogetherAndAcked() throws Exception {
        byte[] frame = ("[" + tick("FRAG", "") + "," + tick("FRAG", "").replace("\"S\"", "\"T\"") + "]")
                .getBytes(StandardCharsets.UTF_8);
        try (RawWebSocket ws = RawWebSocket.connect(server.port())) {
            int cut1 = 7;
            int cut2 = frame.length / 2;
            ws.sendFrame(RawWebSocket.TEXT, false, Arrays.copyOfRange(frame, 0, cut1));
            ws.sendFrame(RawWebSocket.PING, true, new byte[0]); // a control frame may come between fragments
            ws.sendFrame(RawWebSocket.CONTINUATION, false, Arrays.copyOfRange(frame, cut1, cut2));
            ws.sendFrame(RawWebSocket.CONTINUATION, true, Arrays.copyOfRange(frame, cut2, frame.length));
            RawWebSocket.Frame reply;
            do {
                reply = ws.read(10_000);
                assertNotNull(reply, "no reply");
            } while (reply.opcode() != RawWebSocket.TEXT);
            assertTrue(reply.text().startsWith("{\"status\":\"ok\",\"accepted\":2,"), reply.text());
        }
    }

    @Test
    void aFrameThatStopsHalfwayIsClosedAfterTheFrameTimeout() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(server.port())) {
            ws.sendText(tick("SLOW-OK", "")); // a whole frame first, answered
            assertTrue(ws.read(10_000).text().startsWith("{\"status\":\"ok\""));
            long start = System.nanoTime();
            byte[] frame = tick("SLOW", "").getBytes(StandardCharsets.UTF_8);
            ws.sendHeader(RawWebSocket.TEXT, true, frame.length);
            ws.sendRaw(Arrays.copyOf(frame, 10)); // and never the rest
            RawWebSocket.Frame close = ws.awaitClose(10_000);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertNotNull(close, "no close");
            assertEquals(1008, close.closeCode());
            assertEquals("frame not completed within ingest.frame_timeout_ms = " + FRAME_TIMEOUT_MS, close.closeReason());
            assertTrue(millis >= FRAME_TIMEOUT_MS && millis <= FRAME_TIMEOUT_MS + ONE_SECOND, "closed after " + millis + " ms");
        }
        assertEquals(0, server.count("market_ticks WHERE exchange = 'SLOW'"));
    }

    @Test
    void aFrameTrickledAByteAtATimeIsClosedAfterTheFrameTimeout() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(server.port())) {
            byte[] frame = tick("TRICKLE", "x".repeat(200)).getBytes(StandardCharsets.UTF_8);
            long start = System.nanoTime();
            ws.sendHeader(RawWebSocket.TEXT, true, frame.length);
            RawWebSocket.Frame close = null;
            for (int i = 0; i < frame.length && close == null; i++) {
                ws.sendRaw(new byte[] {frame[i]});
                close = ws.read(50);
            }
            if (close == null) {
                close = ws.awaitClose(ONE_SECOND);
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertNotNull(close, "no close");
            assertEquals(1008, close.closeCode());
            assertTrue(millis <= FRAME_TIMEOUT_MS + ONE_SECOND, "closed after " + millis + " ms");
        }
        assertEquals(0, server.count("market_ticks WHERE exchange = 'TRICKLE'"));
    }

    @Test
    void anIdleConnectionBetweenFramesIsNotClosed() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(server.port())) {
            ws.sendText(tick("IDLE", ""));
            assertTrue(ws.read(10_000).text().startsWith("{\"status\":\"ok\""));
            assertEquals(null, ws.read(3L * FRAME_TIMEOUT_MS), "nothing, in particular no close, while idle");
            ws.sendText(tick("IDLE", "").replace("\"S\"", "\"T\""));
            assertTrue(ws.read(10_000).text().startsWith("{\"status\":\"ok\""));
        }
    }

    @Test
    void invalidUtf8GetsAnErrorReplyAndTheConnectionStays() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(server.port())) {
            byte[] frame = tick("UTF", "").replace("\"S\"", "\"é\"").getBytes(StandardCharsets.UTF_8);
            int at = tick("UTF", "").indexOf("\"S\"") + 2; // the é's second byte
            frame[at] = (byte) 'x'; // a lead byte followed by an ASCII byte
            ws.sendFrame(RawWebSocket.TEXT, true, frame);
            RawWebSocket.Frame reply = ws.read(10_000);
            assertNotNull(reply);
            assertEquals("{\"status\":\"error\",\"error\":\"frame is not valid UTF-8 (first bad byte at offset " + (at - 1)
                    + "): send JSON text encoded as UTF-8\"}", reply.text());
            ws.sendText(tick("UTF-OK", ""));
            assertTrue(ws.read(10_000).text().startsWith("{\"status\":\"ok\""));
        }
        assertEquals(0, server.count("market_ticks WHERE exchange = 'UTF'"));
    }

    @Test
    void anUnmaskedFrameIsClosedWith1002AndAReason() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(server.port())) {
            byte[] payload = tick("UNMASKED", "").getBytes(StandardCharsets.UTF_8);
            byte[] frame = new byte[2 + payload.length];
            frame[0] = (byte) 0x81;
            frame[1] = (byte) payload.length;
            System.arraycopy(payload, 0, frame, 2, payload.length);
            ws.sendRaw(frame);
            RawWebSocket.Frame close = ws.awaitClose(ONE_SECOND);
            assertNotNull(close, "no close within 1 s");
            assertEquals(1002, close.closeCode());
            assertTrue(close.closeReason().startsWith("protocol error: "), close.closeReason());
        }
        assertEquals(0, server.count("market_ticks WHERE exchange = 'UNMASKED'"));
    }
}

package io.tickstore.server;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real WebSocket client for tests: sends frames, collects replies in arrival order, blocking waits. */
final class IngestClient implements AutoCloseable {
    private static final long TIMEOUT_SECONDS = 30;

    private final WebSocketClient client;
    private final WebSocket ws;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final CompletableFuture<Short> closed = new CompletableFuture<>();

    private IngestClient(WebSocketClient client, WebSocket ws) {
        this.client = client;
        this.ws = ws;
        ws.textMessageHandler(replies::add);
        ws.closeHandler(v -> closed.complete(ws.closeStatusCode()));
    }

    static IngestClient connect(Vertx vertx, int port) throws Exception {
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxFrameSize(16 * 1024 * 1024).setMaxMessageSize(16 * 1024 * 1024));
        WebSocket ws = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
                .setURI("/ws/ingest")).await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return new IngestClient(client, ws);
    }

    void send(String frame) {
        ws.writeTextMessage(frame);
    }

    /** Sends {@code frame}; the future completes (or fails, if the server closed first) once it has left. */
    CompletableFuture<Void> sendAndTrack(String frame) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        ws.writeTextMessage(frame).onComplete(r -> written.complete(null));
        return written;
    }

    void sendBinary(byte[] frame) {
        ws.writeBinaryMessage(Buffer.buffer(frame));
    }

    /** The next reply; fails the test if none arrives in time. */
    JsonObject reply() throws InterruptedException {
        String r = replies.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("no reply within " + TIMEOUT_SECONDS + " s");
        }
        return new JsonObject(r);
    }

    /** The next reply's text, or null if none arrives within {@code millis}. */
    String pollReply(long millis) throws InterruptedException {
        return replies.poll(millis, TimeUnit.MILLISECONDS);
    }

    JsonObject request(String frame) throws InterruptedException {
        send(frame);
        return reply();
    }

    /** The close status code the server sent, waiting for the close. */
    short awaitClose() throws Exception {
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
}

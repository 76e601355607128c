package io.tickstore.bench.load;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

/**
 * {@code tickstore ack-echo}: the cheapest possible ingest endpoint, a baseline for {@code tickstore
 * load}. A WebSocket server on {@code /ws/ingest} (one Vert.x event loop, loopback) that answers
 * every text frame at once, on its event loop, with an ok ack counting the frame's {@code "type"}
 * fields as accepted: no parsing, journal or store. What {@code load} measures against it is the
 * floor this machine, its network stack, Vert.x and the generator leave; the ingest latency of
 * tickstore is that plus its own work.
 */
public final class AckEchoServer implements AutoCloseable {
    private static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
    private final Vertx vertx;
    private final HttpServer server;

    private AckEchoServer(Vertx vertx, HttpServer server) {
        this.vertx = vertx;
        this.server = server;
    }

    /** Starts on 127.0.0.1:{@code port} ({@code 0}: a free port). */
    public static AckEchoServer start(int port) {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        try {
            HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port)
                            .setTcpNoDelay(true).setMaxWebSocketFrameSize(MAX_MESSAGE_BYTES)
                            .setMaxWebSocketMessageSize(MAX_MESSAGE_BYTES))
                    .webSocketHandler(ws -> {
                        if (!ws.path().equals("/ws/ingest")) {
                            ws.close((short) 1008, "only /ws/ingest");
                            return;
                        }
                        ws.textMessageHandler(frame -> ws.writeTextMessage(
                                "{\"status\":\"ok\",\"accepted\":" + types(frame) + ",\"duplicates\":0,\"journal_index\":-1}"));
                    })
                    .requestHandler(r -> r.response().setStatusCode(404).end())
                    .listen().await();
            return new AckEchoServer(vertx, server);
        } catch (RuntimeException e) {
            vertx.close();
            throw e;
        }
    }

    public int port() {
        return server.actualPort();
    }

    /** Occurrences of {@code "type"}: one per message of a frame as the load generator writes them. */
    static int types(String frame) {
        int n = 0;
        for (int i = frame.indexOf("\"type\""); i >= 0; i = frame.indexOf("\"type\"", i + 6)) {
            n++;
        }
        return n;
    }

    @Override
    public void close() {
        vertx.close().await();
    }
}

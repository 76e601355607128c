package io.tickstore.query.stream;

import io.tickstore.query.MarketJson;
import io.tickstore.store.TickStore;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;

/**
 * {@code ws://HOST:PORT/ws/stream}: live bars, ticks, quotes, orders and positions pushed after each writer commit
 * (docs/stream.md). Upgrades once the store is open and while there is room under
 * {@link StreamLimits#MAX_CONNECTIONS}; otherwise answers 503 with a JSON reason.
 */
public final class StreamEndpoint {
    public static final String PATH = "/ws/stream";

    private final Supplier<TickStore> store;
    private final Supplier<String> notOpen;
    private final StreamHub hub;

    /**
     * {@code store} returns null until the store has finished opening (and for good when it failed to;
     * {@code notOpen} says which); {@code hub} is the server's one hub.
     */
    public StreamEndpoint(Supplier<TickStore> store, Supplier<String> notOpen, StreamHub hub) {
        this.store = store;
        this.notOpen = notOpen;
        this.hub = hub;
    }

    public void mount(Router router, Vertx vertx) {
        router.route(PATH).handler(ctx -> upgrade(ctx, vertx));
    }

    private void upgrade(RoutingContext ctx, Vertx vertx) {
        TickStore s = store.get();
        if (s == null) {
            reply(ctx, 503, notOpen.get());
            return;
        }
        // Taken before the upgrade, atomically, so concurrent upgrades cannot overshoot.
        if (hub.metrics.connections.incrementAndGet() > StreamLimits.MAX_CONNECTIONS) {
            hub.metrics.connections.decrementAndGet();
            reply(ctx, 503, "too many stream connections (at most " + StreamLimits.MAX_CONNECTIONS + ")");
            return;
        }
        HttpConnection connection = ctx.request().connection();
        ctx.request().toWebSocket()
                .onSuccess(ws -> new StreamConnection(hub, ws, () -> endAtOnce(connection), vertx.getOrCreateContext(),
                        s.quotes()).start())
                .onFailure(e -> {
                    hub.metrics.connections.decrementAndGet();
                    if (!ctx.response().ended() && !ctx.response().headWritten()) {
                        reply(ctx, 400, "expected a WebSocket upgrade: " + e.getMessage());
                    }
                });
    }

    /**
     * Closes the connection's TCP channel without a WebSocket close handshake. Vert.x offers only the
     * handshake on a WebSocket, whose frame waits behind what a non-reading client never takes.
     */
    private static void endAtOnce(HttpConnection connection) {
        if (connection instanceof ConnectionBase base) {
            base.channel().close();
        } else {
            connection.close();
        }
    }

    private static void reply(RoutingContext ctx, int status, String reason) {
        StringBuilder body = new StringBuilder(reason.length() + 16).append("{\"error\":");
        MarketJson.string(body, reason);
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json");
        if (status == 503) {
            ctx.response().putHeader("retry-after", "1");
        }
        ctx.response().end(body.append('}').toString());
    }
}

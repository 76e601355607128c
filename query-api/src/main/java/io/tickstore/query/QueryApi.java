package io.tickstore.query;

import io.tickstore.config.QueryConfig;
import io.tickstore.store.TickStore;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP read API under {@code /api/v1}. Parameters are checked on the event loop; queries run on
 * a worker pool sized like the reader pool, never on an event loop. Replies are JSON; a bad
 * parameter is a 400 naming it, a store that is still starting a 503.
 */
public final class QueryApi {
    private static final Logger LOG = LoggerFactory.getLogger(QueryApi.class);

    private final Supplier<TickStore> store;
    private final TicksEndpoint ticks;
    private final WorkerExecutor workers;

    /** {@code store} returns null until the store has finished opening. */
    public QueryApi(Vertx vertx, Supplier<TickStore> store, QueryConfig config) {
        this.store = store;
        this.ticks = new TicksEndpoint(config);
        this.workers = vertx.createSharedWorkerExecutor("tickstore-query", config.readerPoolSize());
    }

    public void mount(Router router) {
        router.get(TicksEndpoint.PATH).handler(this::ticks);
        router.get(GapsEndpoint.PATH).handler(this::gaps);
    }

    private void ticks(RoutingContext ctx) {
        TickStore s = store.get();
        if (s == null) {
            starting(ctx);
            return;
        }
        TicksEndpoint.Request request;
        try {
            request = ticks.parse(params(ctx, TicksEndpoint.params()));
        } catch (BadParameter e) {
            badParameter(ctx, e);
            return;
        }
        workers.executeBlocking(() -> ticks.run(s.readers(), request), false)
                .onSuccess(json -> json(ctx, 200, json))
                .onFailure(e -> failed(ctx, e));
    }

    private void gaps(RoutingContext ctx) {
        TickStore s = store.get();
        if (s == null) {
            starting(ctx);
            return;
        }
        try {
            json(ctx, 200, GapsEndpoint.run(s.gaps(), params(ctx, GapsEndpoint.params())));
        } catch (BadParameter e) {
            badParameter(ctx, e);
        }
    }

    private static QueryParams params(RoutingContext ctx, Set<String> known) throws BadParameter {
        return new QueryParams(ctx.queryParams(), known);
    }

    private static void badParameter(RoutingContext ctx, BadParameter e) {
        json(ctx, 400, JsonText.error(e.parameter(), e.getMessage()));
    }

    private static void starting(RoutingContext ctx) {
        ctx.response().putHeader("retry-after", "1");
        json(ctx, 503, JsonText.error(null, "store is starting (replaying the journal); retry shortly"));
    }

    private static void failed(RoutingContext ctx, Throwable e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        if (message.contains("Interrupted")) {
            json(ctx, 504, JsonText.error(null, "query timed out"));
            return;
        }
        LOG.warn("query {} failed", ctx.request().uri(), e);
        json(ctx, 500, JsonText.error(null, "query failed: " + message));
    }

    static void json(RoutingContext ctx, int status, String body) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body);
    }
}

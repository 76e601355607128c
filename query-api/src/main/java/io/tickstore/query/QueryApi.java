package io.tickstore.query;

import io.tickstore.config.QueryConfig;
import io.tickstore.store.TickStore;
import io.tickstore.store.cold.ColdObjectUnavailableException;
import io.tickstore.store.read.BackendUnavailableException;
import io.tickstore.store.read.Tier;
import io.tickstore.store.read.TiersAnswered;
import io.tickstore.store.ticks.TickHistory;
import io.vertx.core.Handler;
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
 * a worker pool sized like the reader pool, never on an event loop. Replies are JSON (bars, ticks and quotes also CSV); a bad
 * parameter is a 400 naming it, a store that is still starting a 503, a range that needs a backend that
 * cannot answer (hybrid reads: PostgreSQL) a 503 naming it. Range replies say which tiers
 * answered in {@code X-Tickstore-Tiers}.
 */
public final class QueryApi {
    private static final Logger LOG = LoggerFactory.getLogger(QueryApi.class);

    private final Supplier<TickStore> store;
    /** While {@link #store} gives null: that the store is starting, or why it failed to open. */
    private final Supplier<String> notOpen;
    private final TicksEndpoint ticks;
    private final QuotesEndpoint latestQuotes = new QuotesEndpoint();
    private final OhlcvEndpoint ohlcv;
    private final OrdersEndpoint orders;
    private final TradesEndpoint trades;
    private final PositionsEndpoint positions;
    private final PositionHistoryEndpoint positionHistory;
    private final PortfolioSnapshotsEndpoint snapshots;
    private final WorkerExecutor workers;
    private final QueryMetrics metrics;

    /** {@code store} returns null until the store has finished opening. */
    public QueryApi(Vertx vertx, Supplier<TickStore> store, Supplier<String> notOpen, QueryConfig config,
                    QueryMetrics metrics) {
        this.store = store;
        this.notOpen = notOpen;
        this.metrics = metrics;
        this.ticks = new TicksEndpoint(config);
        this.ohlcv = new OhlcvEndpoint(config);
        this.orders = new OrdersEndpoint(config);
        this.trades = new TradesEndpoint(config);
        this.positions = new PositionsEndpoint(config);
        this.positionHistory = new PositionHistoryEndpoint(config);
        this.snapshots = new PortfolioSnapshotsEndpoint(config);
        this.workers = vertx.createSharedWorkerExecutor("tickstore-query", config.readerPoolSize());
    }

    public void mount(Router router) {
        get(router, TicksEndpoint.PATH, this::ticks);
        get(router, GapsEndpoint.PATH, this::gaps);
        get(router, OhlcvEndpoint.PATH, this::ohlcv);
        get(router, QuotesEndpoint.PATH, this::quotes);
        get(router, OrdersEndpoint.PATH, ctx -> list(ctx, OrdersEndpoint.params(), orders::parse,
                (s, r, tiers) -> orders.run(s.read().orders(), r, tiers)));
        get(router, OrdersEndpoint.ONE_PATH, this::order);
        get(router, TradesEndpoint.PATH, ctx -> list(ctx, TradesEndpoint.params(), trades::parse,
                (s, r, tiers) -> trades.run(s.read().trades(), r, tiers)));
        get(router, PositionsEndpoint.PATH, ctx -> list(ctx, PositionsEndpoint.params(), positions::parse,
                (s, r, tiers) -> {
                    tiers.add(Tier.HOT); // the hot tier holds every current position
                    return positions.run(s.read().positions(), s.quotes(), r);
                }));
        get(router, PositionHistoryEndpoint.PATH, ctx -> list(ctx, PositionHistoryEndpoint.params(),
                positionHistory::parse, (s, r, tiers) -> positionHistory.run(s.read().positionChanges(), r, tiers)));
        get(router, PortfolioSnapshotsEndpoint.PATH, ctx -> list(ctx, PortfolioSnapshotsEndpoint.params(),
                snapshots::parse, (s, r, tiers) -> snapshots.run(s.read().portfolioSnapshots(), r, tiers)));
    }

    /** A GET route whose replies are timed in {@code tickstore_query_latency_seconds}. */
    private void get(Router router, String path, Handler<RoutingContext> handler) {
        router.get(path).handler(metrics.timed(path, handler));
    }

    /** The list endpoints' common path: validates on the event loop, then runs the query on a worker. */
    private <R> void list(RoutingContext ctx, Set<String> known, Parser<R> parser, Runner<R> runner) {
        TickStore s = store.get();
        if (s == null) {
            starting(ctx);
            return;
        }
        R request;
        try {
            request = parser.parse(params(ctx, known));
        } catch (BadParameter e) {
            badParameter(ctx, e);
            return;
        }
        TiersAnswered tiers = new TiersAnswered();
        workers.executeBlocking(() -> runner.run(s, request, tiers), false)
                .onSuccess(json -> {
                    String header = tiers.header();
                    if (!header.isEmpty()) {
                        ctx.response().putHeader(PageReply.TIERS_HEADER, header);
                    }
                    json(ctx, 200, json);
                })
                .onFailure(e -> failed(ctx, e));
    }

    private void order(RoutingContext ctx) {
        TickStore s = store.get();
        if (s == null) {
            starting(ctx);
            return;
        }
        String orderId;
        try {
            params(ctx, Set.of());
            orderId = OrdersEndpoint.orderId(ctx.pathParam("order_id"));
        } catch (BadParameter e) {
            badParameter(ctx, e);
            return;
        }
        workers.executeBlocking(() -> orders.one(s.read().orders(), orderId), false)
                .onSuccess(reply -> json(ctx, reply.status(), reply.body()))
                .onFailure(e -> failed(ctx, e));
    }

    /** Parses and validates a request's parameters. */
    @FunctionalInterface
    private interface Parser<R> {
        R parse(QueryParams p) throws BadParameter;
    }

    /** Runs a validated request on a worker thread; returns the JSON body, noting in {@code tiers} which tiers answered. */
    @FunctionalInterface
    private interface Runner<R> {
        String run(TickStore store, R request, TiersAnswered tiers) throws Exception;
    }

    private void ticks(RoutingContext ctx) {
        TickStore s = store.get();
        if (s == null) {
            starting(ctx);
            return;
        }
        TicksEndpoint.Request request;
        try {
            request = ticks.parse(params(ctx, TicksEndpoint.params()), acceptsCsv(ctx));
        } catch (BadParameter e) {
            badParameter(ctx, e);
            return;
        }
        TickHistory.Ticks held = TicksEndpoint.scratch();
        TickHistory.Read read = TicksEndpoint.tryFromMemory(s.read().ticks(), request, held);
        if (read == TickHistory.Read.ANSWERED && held.size <= TicksEndpoint.EVENT_LOOP_TICKS) {
            PageReply reply = TicksEndpoint.render(request, held).withTiers(Tier.HOT.label()); // from memory, small: no worker hop
            TicksEndpoint.keep(held);
            page(ctx, reply);
            return;
        }
        // A large page read here is rendered by the worker from this read; the event loop takes a new buffer.
        TickHistory.Ticks answered = read == TickHistory.Read.ANSWERED ? TicksEndpoint.handOff(held) : null;
        workers.executeBlocking(() -> {
            if (answered != null) {
                return TicksEndpoint.render(request, answered).withTiers(Tier.HOT.label());
            }
            // BUSY (the applier is merging into the feed: a worker may wait) or PARTIAL (DuckDB holds the start).
            TickHistory.Ticks mine = TicksEndpoint.scratch();
            try {
                TiersAnswered tiers = new TiersAnswered();
                TicksEndpoint.read(s.read().ticks(), request, mine, tiers);
                return TicksEndpoint.render(request, mine).withTiers(tiers.header());
            } finally {
                TicksEndpoint.keep(mine);
            }
        }, false)
                .onSuccess(reply -> page(ctx, reply))
                .onFailure(e -> failed(ctx, e));
    }

    private void ohlcv(RoutingContext ctx) {
        TickStore s = store.get();
        if (s == null) {
            starting(ctx);
            return;
        }
        OhlcvEndpoint.Request request;
        try {
            request = ohlcv.parse(params(ctx, OhlcvEndpoint.params()), acceptsCsv(ctx));
        } catch (BadParameter e) {
            badParameter(ctx, e);
            return;
        }
        workers.executeBlocking(() -> {
            TiersAnswered tiers = new TiersAnswered();
            return ohlcv.run(s.read(), request, tiers).withTiers(tiers.header());
        }, false)
                .onSuccess(reply -> page(ctx, reply))
                .onFailure(e -> failed(ctx, e));
    }

    /**
     * Sends a 200 with one page of a JSON-or-CSV endpoint: a CSV page's next cursor in its header;
     * without {@code format}, the reply depends on the Accept header, which {@code Vary} says.
     */
    private static void page(RoutingContext ctx, PageReply reply) {
        try {
            if (reply.nextCursor() != null && reply.isCsv()) {
                ctx.response().putHeader(PageReply.NEXT_CURSOR_HEADER, reply.nextCursor());
            }
            if (reply.tiers() != null && !reply.tiers().isEmpty()) {
                ctx.response().putHeader(PageReply.TIERS_HEADER, reply.tiers());
            }
            varyOnAccept(ctx);
            // A pooled body goes back once the write is over: sent, or failed (the client went away).
            ctx.response().setStatusCode(200).putHeader("content-type", reply.contentType()).end(reply.body().body())
                    .onComplete(written -> reply.release());
        } catch (RuntimeException e) {
            reply.release(); // the response was already closed or ended: the body was never handed over
            throw e;
        }
    }

    /** Without {@code format}, a reply's type follows the Accept header: says so to caches. */
    private static void varyOnAccept(RoutingContext ctx) {
        if (!ctx.queryParams().contains("format")) {
            ctx.response().putHeader("vary", "accept");
        }
    }

    private static boolean acceptsCsv(RoutingContext ctx) {
        return acceptsCsv(ctx.request().getHeader("accept"));
    }

    /** Whether an Accept header lists text/csv (parameters such as q are ignored). */
    static boolean acceptsCsv(String accept) {
        if (accept == null) {
            return false;
        }
        for (String range : accept.split(",")) {
            int semicolon = range.indexOf(';');
            String type = (semicolon < 0 ? range : range.substring(0, semicolon)).trim();
            if (type.equalsIgnoreCase("text/csv")) {
                return true;
            }
        }
        return false;
    }

    private void quotes(RoutingContext ctx) {
        TickStore s = store.get();
        if (s == null) {
            starting(ctx);
            return;
        }
        try {
            QuotesEndpoint.Reply reply = latestQuotes.run(s.quotes(), params(ctx, QuotesEndpoint.params()),
                    acceptsCsv(ctx));
            if (reply.status() == 200) {
                varyOnAccept(ctx);
            }
            ctx.response().setStatusCode(reply.status()).putHeader("content-type", reply.contentType()).end(reply.body());
        } catch (BadParameter e) {
            badParameter(ctx, e);
        }
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

    private void starting(RoutingContext ctx) {
        ctx.response().putHeader("retry-after", "1");
        json(ctx, 503, JsonText.error(null, notOpen.get()));
    }

    private static void failed(RoutingContext ctx, Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof ColdObjectUnavailableException unavailable) {
                // A cold partition only in S3 that cannot be fetched now: the object is named, the rest is fine.
                ctx.response().putHeader("retry-after", "10");
                json(ctx, 503, JsonText.error(null, unavailable.getMessage()));
                return;
            }
            if (c instanceof BackendUnavailableException b) {
                // Hybrid reads: the range needs a backend that cannot answer now; ranges held locally still answer.
                ctx.response().putHeader("retry-after", "10");
                json(ctx, 503, JsonText.backendError(b.backend(), b.getMessage()));
                return;
            }
        }
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

package io.tickstore.server;

import io.tickstore.config.TickstoreConfig;
import io.tickstore.lifecycle.LifecycleSchedule;
import io.tickstore.lifecycle.cold.LifecyclePass;
import io.tickstore.lifecycle.cold.Partition;
import io.tickstore.lifecycle.cold.PartitionMover;
import io.tickstore.lifecycle.tiers.TierContents;
import io.tickstore.lifecycle.tiers.TierListing;
import io.tickstore.lifecycle.tiers.TierPartition;
import io.tickstore.store.TickStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle's operator surface: {@code GET /api/v1/tiers} (what each tier holds, partition by
 * partition, with totals) and {@code POST /api/v1/admin/lifecycle/run[?dry_run=true]} (one pass now,
 * answering with what it moved; a dry run lists what it would move and drop and changes nothing; 409
 * while a pass runs). DuckDB work runs on worker threads, never on the event loop.
 */
final class LifecycleRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(LifecycleRoutes.class);
    static final String TIERS_PATH = "/api/v1/tiers";
    static final String RUN_PATH = "/api/v1/admin/lifecycle/run";

    private final StoreState state;
    private final Supplier<LifecycleSchedule> lifecycle;
    private final TierListing listing;
    private final boolean enabled;

    LifecycleRoutes(StoreState state, Supplier<LifecycleSchedule> lifecycle, TickstoreConfig config) {
        this.state = state;
        this.lifecycle = lifecycle;
        this.enabled = config.lifecycle().enabled();
        this.listing = new TierListing(config.lifecycle(), config.dataDir().resolve(TickStore.DATABASE_FILE),
                Clock.systemUTC());
    }

    void mount(Router router, Vertx vertx) {
        router.get(TIERS_PATH).handler(ctx -> tiers(ctx, vertx));
        router.post(RUN_PATH).handler(ctx -> run(ctx, vertx));
    }

    private void tiers(RoutingContext ctx, Vertx vertx) {
        if (unknownParameter(ctx, Set.of())) {
            return;
        }
        TickStore store = state.store();
        if (store == null) {
            starting(ctx);
            return;
        }
        vertx.executeBlocking(() -> store.readers().readAtAppliedIndex((c, applied) ->
                        listing.list(c, store.hot().ticks())), false)
                .onSuccess(tiers -> json(ctx, 200, render(tiers).encode()))
                .onFailure(e -> failed(ctx, "listing the tiers", e));
    }

    private void run(RoutingContext ctx, Vertx vertx) {
        if (unknownParameter(ctx, Set.of("dry_run"))) {
            return;
        }
        String dryRunText = ctx.queryParams().get("dry_run");
        if (dryRunText != null && !dryRunText.equals("true") && !dryRunText.equals("false")) {
            json(ctx, 400, error("dry_run: expected true or false, got \"" + shorten(dryRunText) + "\"", "dry_run"));
            return;
        }
        boolean dryRun = "true".equals(dryRunText);
        if (state.store() == null) {
            starting(ctx);
            return;
        }
        LifecycleSchedule passes = lifecycle.get();
        if (passes == null && enabled) {
            starting(ctx); // the store is open, its passes about to start
            return;
        }
        if (passes == null) {
            json(ctx, 409, error("the lifecycle is off (lifecycle.enabled = false): no pass can run", null));
            return;
        }
        vertx.executeBlocking(() -> {
                    if (dryRun) {
                        return passes.dryRunUnlessRunning().map(LifecycleRoutes::render);
                    }
                    long start = System.nanoTime();
                    Optional<LifecyclePass.Result> r = passes.runUnlessRunning();
                    long ms = (System.nanoTime() - start) / 1_000_000;
                    return r.map(result -> render(result, ms));
                }, false)
                .onSuccess(reply -> {
                    if (reply.isEmpty()) {
                        json(ctx, 409, error("a lifecycle pass is already running; retry when it has finished", null));
                    } else {
                        json(ctx, 200, reply.get().encode());
                    }
                })
                .onFailure(e -> failed(ctx, "the lifecycle pass", e));
    }

    static JsonObject render(List<TierContents> tiers) {
        JsonArray out = new JsonArray();
        for (TierContents t : tiers) {
            JsonArray partitions = new JsonArray();
            for (TierPartition p : t.partitions()) {
                partitions.add(new JsonObject().put("table", p.table()).put("exchange", p.exchange())
                        .put("day", p.day().toString()).put("rows", p.rows()).put("bytes", p.bytes())
                        .put("state", p.state()));
            }
            out.add(new JsonObject().put("tier", t.tier().label()).put("partitions", partitions)
                    .put("totals", new JsonObject().put("partitions", t.partitions().size()).put("rows", t.rows())
                            .put("bytes", t.bytes())
                            .put("oldest_day", t.oldest() == null ? null : t.oldest().toString())
                            .put("newest_day", t.newest() == null ? null : t.newest().toString())));
        }
        return new JsonObject().put("tiers", out);
    }

    private static JsonObject render(LifecyclePass.Result r, long ms) {
        JsonArray moved = new JsonArray();
        long rows = 0;
        long bytes = 0;
        for (PartitionMover.Moved m : r.moved()) {
            // A first move takes every row of the partition from DuckDB; a rewrite takes its late rows.
            long fromWarm = m.lateRows() > 0 ? m.lateRows() : m.rows();
            rows += fromWarm;
            bytes += m.bytes();
            moved.add(partition(m.partition()).put("version", m.version()).put("rows", fromWarm)
                    .put("file_rows", m.rows()).put("bytes", m.bytes()));
        }
        JsonArray dropped = new JsonArray();
        r.dropped().forEach(p -> dropped.add(partition(p)));
        return new JsonObject().put("dry_run", false)
                .put("moved", new JsonObject().put("partitions", r.moved().size()).put("rows", rows).put("bytes", bytes)
                        .put("ms", ms))
                .put("partitions", moved).put("failed", new JsonArray(r.failed())).put("dropped", dropped);
    }

    private static JsonObject render(LifecycleSchedule.DryRun d) {
        JsonArray move = new JsonArray();
        d.wouldMove().forEach(p -> move.add(partition(p)));
        JsonArray drop = new JsonArray();
        d.wouldDrop().forEach(p -> drop.add(partition(p)));
        return new JsonObject().put("dry_run", true).put("would_move", move).put("would_drop", drop);
    }

    private static JsonObject partition(Partition p) {
        return new JsonObject().put("table", p.table().tableName()).put("exchange", p.exchange())
                .put("day", p.day().toString());
    }

    /** Answers 400 naming the first parameter not in {@code known}; true when it did. */
    private static boolean unknownParameter(RoutingContext ctx, Set<String> known) {
        for (String name : ctx.queryParams().names()) {
            if (!known.contains(name)) {
                json(ctx, 400, error(name + ": unknown parameter; " + (known.isEmpty() ? "this endpoint takes none"
                        : "expected one of " + String.join(", ", known)), name));
                return true;
            }
        }
        return false;
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    private static String error(String message, String parameter) {
        JsonObject e = new JsonObject().put("error", message);
        if (parameter != null) {
            e.put("parameter", parameter);
        }
        return e.encode();
    }

    private void starting(RoutingContext ctx) {
        ctx.response().putHeader("retry-after", "1");
        json(ctx, 503, error(state.notOpenReason(), null));
    }

    private static void failed(RoutingContext ctx, String what, Throwable e) {
        LOG.warn("{} failed", what, e);
        json(ctx, 500, error(what + " failed: " + (e.getMessage() == null ? e.toString() : e.getMessage()), null));
    }

    private static void json(RoutingContext ctx, int status, String body) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
                .putHeader("cache-control", "no-store").end(body);
    }
}

package io.tickstore.server;

import io.tickstore.lifecycle.backup.BackupCut;
import io.tickstore.store.TickStore;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/admin/backup} with {@code {"dest": "/abs/dir"}}: takes the consistent cut of the
 * running store into that directory on the server's host ({@link BackupCut}: DuckDB's transactional
 * copy, the deduplication snapshot, the journal up to the cut) while ingest goes on, and answers with
 * the indexes and the cold files to copy. {@code tickstore backup} calls it, then copies the cold files
 * and writes the manifest. Admin scope. One backup at a time; the work runs off the event loop.
 */
final class BackupRoute {
    private static final Logger LOG = LoggerFactory.getLogger(BackupRoute.class);
    static final String PATH = "/api/v1/admin/backup";

    private BackupRoute() {
    }

    /** {@code s3Bucket}: the cold tier's bucket ({@code lifecycle.s3.bucket}), empty when it has none. */
    static void mount(Router router, StoreState state, Path dataDir, Path coldDir, String s3Bucket) {
        router.post(PATH).handler(BodyHandler.create().setBodyLimit(64 * 1024))
                .handler(ctx -> backup(ctx, state, dataDir, coldDir, s3Bucket));
    }

    private static void backup(RoutingContext ctx, StoreState state, Path dataDir, Path coldDir, String s3Bucket) {
        if (!ctx.queryParams().isEmpty()) {
            String name = ctx.queryParams().names().iterator().next();
            ctx.response().setStatusCode(400).putHeader("content-type", "application/json")
                    .end(new JsonObject().put("error", name + ": unknown parameter; this endpoint takes none")
                            .put("parameter", name).encode());
            return;
        }
        String dest;
        try {
            JsonObject body = ctx.body().asJsonObject();
            dest = body == null ? null : body.getString("dest");
        } catch (DecodeException | ClassCastException e) {
            error(ctx, 400, "body: expected a JSON object {\"dest\": DIR}, got " + e.getMessage());
            return;
        }
        if (dest == null || dest.isBlank()) {
            error(ctx, 400, "dest: expected an absolute directory path on the server's host, got none");
            return;
        }
        Path dir = Path.of(dest);
        if (!dir.isAbsolute()) {
            error(ctx, 400, "dest: expected an absolute directory path on the server's host, got " + dest);
            return;
        }
        TickStore store = state.store();
        if (store == null) {
            error(ctx, 503, "the store is not open yet");
            return;
        }
        ctx.vertx().<BackupCut.Result>executeBlocking(() -> {
            synchronized (BackupRoute.class) {
                return BackupCut.take(store, dataDir, coldDir, dir);
            }
        }, false).onComplete(done -> {
            if (done.succeeded()) {
                BackupCut.Result r = done.result();
                LOG.info("backup cut into {}: database up to index {}, journal {} to {} ({} messages), {} cold files", dir,
                        r.appliedIndex(), r.journalFirst(), r.cutIndex(), r.journalMessages(), r.coldFiles().size());
                ctx.response().putHeader("content-type", "application/json").end(json(r, s3Bucket).encode());
            } else {
                Throwable e = done.cause();
                int status = e instanceof IllegalArgumentException ? 400 : 500;
                LOG.warn("backup into {} failed: {}", dir, e.toString());
                error(ctx, status, "backup into " + dir + " failed: " + e.getMessage());
            }
        });
    }

    static JsonObject json(BackupCut.Result r, String s3Bucket) {
        JsonArray cold = new JsonArray();
        for (BackupCut.ColdFile f : r.coldFiles()) {
            JsonObject file = new JsonObject().put("path", f.path()).put("bytes", f.bytes()).put("s3_only", f.isS3Only());
            if (f.isS3Only()) {
                file.put("s3_object", new JsonObject().put("key", f.s3Only().key()).put("bytes", f.s3Only().bytes())
                        .put("sha256", f.s3Only().sha256()));
            }
            cold.add(file);
        }
        return new JsonObject()
                .put("applied_index", r.appliedIndex())
                .put("dedupe_index", r.dedupeIndex())
                .put("cut_index", r.cutIndex())
                .put("journal_first_index", r.journalFirst())
                .put("journal_messages", r.journalMessages())
                .put("roll_cycle", r.rollCycle().toLowerCase(java.util.Locale.ROOT))
                .put("database_bytes", r.databaseBytes())
                .put("cold_dir", r.coldDir().toString())
                .put("s3_bucket", s3Bucket.isEmpty() ? null : s3Bucket)
                .put("cold_files", cold);
    }

    private static void error(RoutingContext ctx, int status, String message) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
                .end(new JsonObject().put("error", message).encode());
    }
}

package io.tickstore.server;

import io.tickstore.store.TickStore;
import io.tickstore.store.pipeline.IngestPipeline;

/**
 * Where the store is in its life, shared by the HTTP routes: starting (journal replay), open, or
 * failed to open. Written once by the opener, read by event loops.
 */
final class StoreState {
    private volatile TickStore store;
    private volatile String failure;

    void opened(TickStore s) {
        store = s;
    }

    void failedToOpen(String reason) {
        failure = reason;
    }

    /** The open store, or null while starting or after a failed open. */
    TickStore store() {
        return store;
    }

    IngestPipeline pipeline() {
        TickStore s = store;
        return s == null ? null : s.pipeline();
    }

    /**
     * What a route answers (503) while there is no store: that it is starting, or, after a failed open,
     * why, so that a client is not told to retry something that will not come.
     */
    String notOpenReason() {
        String f = failure;
        return f == null ? "store is starting (replaying the journal); retry shortly"
                : "store failed to open: " + f + " (GET /ready; the server must be restarted once it is fixed)";
    }

    /** Why the store is not usable, or null when it is (or is still opening). */
    String failure() {
        if (failure != null) {
            return "store failed to open: " + failure;
        }
        TickStore s = store;
        return s != null && s.pipeline().health().failed() ? s.pipeline().health().failure() : null;
    }
}

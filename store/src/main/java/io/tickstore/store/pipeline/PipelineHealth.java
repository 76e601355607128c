package io.tickstore.store.pipeline;

/**
 * Whether the journaller and writer are working. Once one fails, the failure sticks until restart:
 * ingest stops accepting frames (nothing is acked that might not be applied) and readiness reports
 * the reason. A restart replays the journal, so no acked message is lost.
 */
public final class PipelineHealth {
    private volatile String failure;

    public void fail(String reason) {
        if (failure == null) {
            failure = reason;
        }
    }

    public boolean failed() {
        return failure != null;
    }

    /** The first failure's reason, or null. */
    public String failure() {
        return failure;
    }
}

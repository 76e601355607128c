package io.tickstore.store.sink;

/** Where a sink's runner is. */
public enum SinkState {
    /** Applying, or caught up and waiting for messages. */
    RUNNING("running"),
    /** Its last batch failed; the runner retries with backoff (the reason is in its status). */
    RETRYING("retrying"),
    /** An optional sink past its lag bound: no longer followed; journal files are not kept for it. */
    FAILED("failed"),
    /** Stopped (the store is closing). */
    STOPPED("stopped");

    public final String text;

    SinkState(String text) {
        this.text = text;
    }
}

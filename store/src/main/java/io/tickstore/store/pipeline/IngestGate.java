package io.tickstore.store.pipeline;

/**
 * Whether ingest may publish, and if not, why: the backpressure that is not a full ring. Closed while
 * the hot tier holds more not-yet-stored data than its budget, or while a required sink is further
 * behind than its bound; ingest connections pause and retry, acks wait, nothing is lost or refused.
 * Set by one monitor thread, read by every publisher (a volatile read per frame).
 */
public final class IngestGate {
    /** Why the gate is closed. */
    public enum Reason {
        HOT_TIER_FULL("hot_tier_full"),
        SINK_BEHIND("sink_behind");

        public final String tag;

        Reason(String tag) {
            this.tag = tag;
        }
    }

    private volatile Reason reason;
    private volatile String detail;

    /** Closes the gate (or keeps it closed) for {@code reason}; {@code detail} says what, with numbers. */
    public void hold(Reason reason, String detail) {
        this.detail = detail;
        this.reason = reason;
    }

    public void open() {
        reason = null;
        detail = null;
    }

    /** Null when open. */
    public Reason reason() {
        return reason;
    }

    /** What holds ingest back, in words, or null when open. */
    public String detail() {
        return reason == null ? null : detail;
    }
}

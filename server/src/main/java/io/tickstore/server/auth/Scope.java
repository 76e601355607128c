package io.tickstore.server.auth;

/** What a token may do. {@code admin} holds every scope. */
public enum Scope {
    /** Write: the ingest WebSocket. */
    INGEST("ingest"),
    /** Read: queries, the live stream, status, and (unless {@code auth.open_metrics}) /metrics and /ready. */
    READ("read"),
    /** Everything, and the operations under {@code /api/v1/admin/} (a lifecycle pass now). */
    ADMIN("admin");

    public final String text;

    Scope(String text) {
        this.text = text;
    }

    static Scope parse(String text) {
        for (Scope s : values()) {
            if (s.text.equals(text)) {
                return s;
            }
        }
        return null;
    }
}

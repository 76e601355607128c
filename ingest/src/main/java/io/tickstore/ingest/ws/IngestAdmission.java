package io.tickstore.ingest.ws;

/**
 * Whether a client may send a parsed frame of {@code messages} now (its ingest rate limit). Chosen once per
 * connection at the upgrade; {@link #UNLIMITED} costs nothing per frame. Called on the connection's event loop.
 */
public interface IngestAdmission {
    IngestAdmission UNLIMITED = messages -> null;

    /** Routing-context key under which the server's limits put a connection's admission. */
    String CONTEXT_KEY = "tickstore.ingest.admission";

    /** Null when the frame may go on; otherwise the error the frame is refused with (nothing stored). */
    String admit(int messages);
}

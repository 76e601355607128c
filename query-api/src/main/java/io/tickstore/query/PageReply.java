package io.tickstore.query;

import io.vertx.core.buffer.Buffer;

/**
 * One page of a paged endpoint that answers JSON or CSV: the body, its content type, and the next
 * page's cursor (null on the last page). JSON carries the cursor in its {@code next_cursor} field;
 * CSV, which has no room for it, in the {@link #NEXT_CURSOR_HEADER} response header.
 */
record PageReply(String contentType, Buffer body, String nextCursor, String tiers, PooledBody pooled) {
    static final String NEXT_CURSOR_HEADER = "X-Next-Cursor";
    /** Which tiers answered, comma-separated (postgres, s3, cold, warm, hot): {@link io.tickstore.store.read.TiersAnswered}. */
    static final String TIERS_HEADER = "X-Tickstore-Tiers";

    PageReply(String contentType, Buffer body, String nextCursor) {
        this(contentType, body, nextCursor, null, null);
    }

    /** A reply whose body is pooled: whoever sends it calls {@link #release} once the write is over. */
    PageReply(String contentType, PooledBody body, String nextCursor) {
        this(contentType, body.body(), nextCursor, null, body);
    }

    /** This reply, saying which tiers answered it. */
    PageReply withTiers(String tiers) {
        return new PageReply(contentType, body, nextCursor, tiers, pooled);
    }

    /** Gives a pooled body back (after its write, sent or failed); nothing for any other. */
    void release() {
        if (pooled != null) {
            pooled.release();
        }
    }
    static final String CSV = "text/csv";
    static final String JSON = "application/json";

    static PageReply json(String body, String nextCursor) {
        return new PageReply(JSON, Buffer.buffer(body), nextCursor);
    }

    static PageReply csv(String body, String nextCursor) {
        return new PageReply(CSV, Buffer.buffer(body), nextCursor);
    }

    boolean isCsv() {
        return contentType.equals(CSV);
    }
}

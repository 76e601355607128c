package io.tickstore.query;

/**
 * One page of a paged endpoint that answers JSON or CSV: the body, its content type, and the next
 * page's cursor (null on the last page). JSON carries the cursor in its {@code next_cursor} field;
 * CSV, which has no room for it, in the {@link #NEXT_CURSOR_HEADER} response header. The body is
 * pooled: whoever sends the page calls {@link #release} once the write is over.
 */
record PageReply(String contentType, PooledBody body, String nextCursor, String tiers) {
    static final String NEXT_CURSOR_HEADER = "X-Next-Cursor";
    /** Which tiers answered, comma-separated (postgres, s3, cold, warm, hot): {@link io.tickstore.store.read.TiersAnswered}. */
    static final String TIERS_HEADER = "X-Tickstore-Tiers";
    static final String CSV = "text/csv";
    static final String JSON = "application/json";

    PageReply(String contentType, PooledBody body, String nextCursor) {
        this(contentType, body, nextCursor, null);
    }

    /** This reply, saying which tiers answered it. */
    PageReply withTiers(String tiers) {
        return new PageReply(contentType, body, nextCursor, tiers);
    }

    /** Gives the body back to the pool (after its write, sent or failed). */
    void release() {
        body.release();
    }

    boolean isCsv() {
        return contentType.equals(CSV);
    }
}

package io.tickstore.config;

/**
 * The PostgreSQL mirror: an optional sink that tails the journal into PostgreSQL (or TimescaleDB).
 *
 * @param url      {@code postgresql://user[:password]@host[:port]/database}; empty = no mirror (the key's value {@code none})
 * @param schema   the PostgreSQL schema holding the mirror's tables (created if absent)
 * @param maxLagMb journal the mirror may be behind, in MiB, before it is marked failed (the journal then
 *                 stops keeping files for it; ingest goes on; see docs/postgres.md for the resync)
 * @param maxBatch most journal messages in one PostgreSQL transaction
 * @param serveReads queries whose range starts before the earliest tick the local tiers hold are answered for
 *                   that part from the mirror's tables (hybrid reads, docs/postgres.md)
 */
public record MirrorConfig(String url, String schema, int maxLagMb, int maxBatch, boolean serveReads) {
    public static final String DEFAULT_SCHEMA = "tickstore";
    public static final int DEFAULT_MAX_LAG_MB = 4096;
    public static final int DEFAULT_MAX_BATCH = 10_000;
    /**
     * What the lag bound counts per journaled message: a tick takes 100-200 bytes in the journal, an
     * order or a fill about as much, so MiB convert to messages at this size.
     */
    public static final int JOURNAL_BYTES_PER_MESSAGE = 128;

    public MirrorConfig {
        url = url == null ? "" : url;
    }

    /** No mirror. */
    public static MirrorConfig none() {
        return new MirrorConfig("", DEFAULT_SCHEMA, DEFAULT_MAX_LAG_MB, DEFAULT_MAX_BATCH, false);
    }

    public boolean enabled() {
        return !url.isEmpty();
    }

    /** The lag bound in journal messages ({@link #maxLagMb} at {@link #JOURNAL_BYTES_PER_MESSAGE} each). */
    public long maxLagMessages() {
        return (long) maxLagMb * (1 << 20) / JOURNAL_BYTES_PER_MESSAGE;
    }

    public MirrorConfig withUrl(String url) {
        return new MirrorConfig(url, schema, maxLagMb, maxBatch, serveReads);
    }

    public MirrorConfig withSchema(String schema) {
        return new MirrorConfig(url, schema, maxLagMb, maxBatch, serveReads);
    }

    public MirrorConfig withMaxLagMb(int maxLagMb) {
        return new MirrorConfig(url, schema, maxLagMb, maxBatch, serveReads);
    }

    public MirrorConfig withServeReads(boolean serveReads) {
        return new MirrorConfig(url, schema, maxLagMb, maxBatch, serveReads);
    }

    /** Whether queries before the local tiers' earliest tick are answered from PostgreSQL. */
    public boolean servesReads() {
        return enabled() && serveReads;
    }

    public MirrorConfig withMaxBatch(int maxBatch) {
        return new MirrorConfig(url, schema, maxLagMb, maxBatch, serveReads);
    }
}

package io.tickstore.config;

/**
 * The hot tier: the in-memory state queries and the live stream read, applied right after the journal.
 *
 * @param maxUnstoredMb MiB the hot tier may hold for messages DuckDB has not stored yet; past it,
 *                      ingest is held back (backpressure) until DuckDB catches up
 */
public record HotConfig(int maxUnstoredMb) {
    public static final int DEFAULT_MAX_UNSTORED_MB = 1024;

    public HotConfig withMaxUnstoredMb(int maxUnstoredMb) {
        return new HotConfig(maxUnstoredMb);
    }
}

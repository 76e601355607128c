package io.tickstore.config;

/**
 * The HTTP query API.
 *
 * @param readerPoolSize DuckDB reader connections in the pool
 * @param defaultLimit   rows returned when a query gives no {@code limit}
 * @param maxLimit       largest {@code limit} a query may ask for
 * @param timeoutMillis  per-query timeout
 * @param barMemoryDays  days of stored bars per series (back from its latest bar) also kept in
 *                       memory to answer bar queries without DuckDB; 0 = none
 * @param tickMemoryMb   MiB of the newest stored ticks (oldest dropped first, across feeds) also
 *                       kept in memory to answer tick queries without DuckDB; 0 = none
 */
public record QueryConfig(int readerPoolSize, int defaultLimit, int maxLimit, int timeoutMillis, int barMemoryDays,
                          int tickMemoryMb) {

    public static final int DEFAULT_BAR_MEMORY_DAYS = 31;
    public static final int DEFAULT_TICK_MEMORY_MB = 1024;

    /** With the default days of bars and MiB of ticks in memory. */
    public QueryConfig(int readerPoolSize, int defaultLimit, int maxLimit, int timeoutMillis) {
        this(readerPoolSize, defaultLimit, maxLimit, timeoutMillis, DEFAULT_BAR_MEMORY_DAYS, DEFAULT_TICK_MEMORY_MB);
    }

    public QueryConfig withReaderPoolSize(int readerPoolSize) {
        return new QueryConfig(readerPoolSize, defaultLimit, maxLimit, timeoutMillis, barMemoryDays, tickMemoryMb);
    }

    public QueryConfig withDefaultLimit(int defaultLimit) {
        return new QueryConfig(readerPoolSize, defaultLimit, maxLimit, timeoutMillis, barMemoryDays, tickMemoryMb);
    }

    public QueryConfig withMaxLimit(int maxLimit) {
        return new QueryConfig(readerPoolSize, defaultLimit, maxLimit, timeoutMillis, barMemoryDays, tickMemoryMb);
    }

    public QueryConfig withTimeoutMillis(int timeoutMillis) {
        return new QueryConfig(readerPoolSize, defaultLimit, maxLimit, timeoutMillis, barMemoryDays, tickMemoryMb);
    }

    public QueryConfig withBarMemoryDays(int barMemoryDays) {
        return new QueryConfig(readerPoolSize, defaultLimit, maxLimit, timeoutMillis, barMemoryDays, tickMemoryMb);
    }

    public QueryConfig withTickMemoryMb(int tickMemoryMb) {
        return new QueryConfig(readerPoolSize, defaultLimit, maxLimit, timeoutMillis, barMemoryDays, tickMemoryMb);
    }
}

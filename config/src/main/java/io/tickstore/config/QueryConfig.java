package io.tickstore.config;

/**
 * The HTTP query API.
 *
 * @param readerPoolSize DuckDB reader connections in the pool
 * @param defaultLimit   rows returned when a query gives no {@code limit}
 * @param maxLimit       largest {@code limit} a query may ask for
 * @param timeoutMillis  per-query timeout
 */
public record QueryConfig(int readerPoolSize, int defaultLimit, int maxLimit, int timeoutMillis) {

    public QueryConfig withReaderPoolSize(int readerPoolSize) {
        return new QueryConfig(readerPoolSize, defaultLimit, maxLimit, timeoutMillis);
    }

    public QueryConfig withDefaultLimit(int defaultLimit) {
        return new QueryConfig(readerPoolSize, defaultLimit, maxLimit, timeoutMillis);
    }

    public QueryConfig withMaxLimit(int maxLimit) {
        return new QueryConfig(readerPoolSize, defaultLimit, maxLimit, timeoutMillis);
    }

    public QueryConfig withTimeoutMillis(int timeoutMillis) {
        return new QueryConfig(readerPoolSize, defaultLimit, maxLimit, timeoutMillis);
    }
}

package io.tickstore.config;

/**
 * Limits per client: per token name with {@code auth.tokens_file}, per remote address without.
 *
 * @param connectionsPerClient   concurrent WebSocket connections (ingest and stream together)
 * @param ingestMessagesPerSecond ingest messages a second, over all the client's connections; 0 = no limit
 * @param queriesPerClient       HTTP queries running at once
 */
public record LimitsConfig(int connectionsPerClient, int ingestMessagesPerSecond, int queriesPerClient) {
    public static final int DEFAULT_CONNECTIONS_PER_CLIENT = 1024;
    public static final int DEFAULT_QUERIES_PER_CLIENT = 64;

    public static LimitsConfig defaults() {
        return new LimitsConfig(DEFAULT_CONNECTIONS_PER_CLIENT, 0, DEFAULT_QUERIES_PER_CLIENT);
    }

    public LimitsConfig withConnectionsPerClient(int n) {
        return new LimitsConfig(n, ingestMessagesPerSecond, queriesPerClient);
    }

    public LimitsConfig withIngestMessagesPerSecond(int n) {
        return new LimitsConfig(connectionsPerClient, n, queriesPerClient);
    }

    public LimitsConfig withQueriesPerClient(int n) {
        return new LimitsConfig(connectionsPerClient, ingestMessagesPerSecond, n);
    }
}

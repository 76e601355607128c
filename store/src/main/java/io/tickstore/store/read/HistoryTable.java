package io.tickstore.store.read;

/**
 * A table whose history queries hybrid reads split at the earliest time the local tiers hold
 * ({@link EarliestLocal}): its name, the same in DuckDB, the cold manifest and the PostgreSQL mirror, and
 * the time column its queries' ranges (and their order) start with.
 */
public enum HistoryTable {
    MARKET_TICKS("market_ticks", "timestamp"),
    ORDERS("orders", "created_at"),
    TRADES("trades", "executed_at"),
    POSITION_SNAPSHOTS("position_snapshots", "time"),
    PORTFOLIO_SNAPSHOTS("portfolio_snapshots", "snapshot_time");

    private final String tableName;
    private final String timeColumn;

    HistoryTable(String tableName, String timeColumn) {
        this.tableName = tableName;
        this.timeColumn = timeColumn;
    }

    public String tableName() {
        return tableName;
    }

    /** The table named {@code tableName}, or null when hybrid reads do not split it. */
    public static HistoryTable named(String tableName) {
        for (HistoryTable t : values()) {
            if (t.tableName.equals(tableName)) {
                return t;
            }
        }
        return null;
    }

    /** The TIMESTAMP(TZ) column a range and a page's order are over. */
    public String timeColumn() {
        return timeColumn;
    }
}

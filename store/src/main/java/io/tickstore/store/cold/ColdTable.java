package io.tickstore.store.cold;

import java.util.List;

/**
 * A warm table whose sealed partitions (exchange, UTC day) move to the cold tier, and how its rows
 * look in a cold Parquet file: the one place that lists the file's columns.
 *
 * <p>A file holds every column of the table except {@code exchange}, which is in its Hive path
 * ({@code exchange=X/date=YYYY-MM-DD}), as Spark, Trino and DuckDB's {@code hive_partitioning}
 * expect. Timestamps are written as UTC instants ({@code TIMESTAMP(MICROS, isAdjustedToUTC=true)});
 * decimals keep DECIMAL(18,8) (INT64, scale 8).
 */
public enum ColdTable {
    MARKET_TICKS("market_ticks", "timestamp", List.of("symbol", "timestamp", "bid_price", "ask_price", "bid_size",
            "ask_size", "last_price", "last_size", "volume", "sequence_number", "conditions", "tape", "journal_index"),
            "symbol, timestamp, sequence_number");

    private final String tableName;
    private final String timeColumn;
    private final List<String> fileColumns;
    private final String sortOrder;

    ColdTable(String tableName, String timeColumn, List<String> fileColumns, String sortOrder) {
        this.tableName = tableName;
        this.timeColumn = timeColumn;
        this.fileColumns = fileColumns;
        this.sortOrder = sortOrder;
    }

    /** The warm (DuckDB) table, also the first directory of the cold layout. */
    public String tableName() {
        return tableName;
    }

    /** The column whose UTC day names the partition. */
    public String timeColumn() {
        return timeColumn;
    }

    /** The order of rows in a cold file. */
    public String sortOrder() {
        return sortOrder;
    }

    /** The select list reading the warm table as a cold file stores it. */
    public String warmAsFile() {
        StringBuilder out = new StringBuilder();
        for (String c : fileColumns) {
            out.append(out.length() == 0 ? "" : ", ");
            out.append(c.equals(timeColumn) ? "timezone('UTC', " + c + ") AS " + c : c);
        }
        return out.toString();
    }

    /** The select list reading a cold file as the warm table's rows, with the partition's exchange. */
    public String fileAsWarm(String exchange) {
        StringBuilder out = new StringBuilder(SqlLiteral.quote(exchange)).append(" AS exchange");
        for (String c : fileColumns) {
            out.append(", ");
            out.append(c.equals(timeColumn) ? "timezone('UTC', " + c + ") AS " + c : c);
        }
        return out.toString();
    }

    /** The warm table's columns in order (exchange first), matching {@link #fileAsWarm}. */
    public String warmColumns() {
        return "exchange, " + String.join(", ", fileColumns);
    }

    /**
     * The content summary of a set of rows, read the same way from the warm table and from a file:
     * rows, min and max of the time column (epoch microseconds), and a checksum, the sum (as HUGEINT)
     * of DuckDB's {@code hash} over every file column (time as epoch microseconds). Order does not
     * matter; a lost, added, duplicated or changed row changes it.
     */
    public String contentSummary() {
        StringBuilder hash = new StringBuilder();
        for (String c : fileColumns) {
            hash.append(hash.length() == 0 ? "" : ", ");
            hash.append(c.equals(timeColumn) ? "epoch_us(" + c + ")" : c);
        }
        return "count(*), coalesce(min(epoch_us(" + timeColumn + ")), 0), coalesce(max(epoch_us(" + timeColumn
                + ")), 0), coalesce(sum(hash(" + hash + ")::HUGEINT), 0)";
    }
}

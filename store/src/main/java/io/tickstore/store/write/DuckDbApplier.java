package io.tickstore.store.write;

import io.tickstore.store.bars.BarBook;
import io.tickstore.store.bars.Timeframe;
import io.tickstore.store.journal.Journal;
import io.tickstore.store.live.BarUpdate;
import io.tickstore.store.live.CommitListener;
import io.tickstore.store.live.CommittedBatch;
import io.tickstore.store.model.CodedValue;
import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.EpochMicros;
import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.model.OrderRecord;
import io.tickstore.store.model.TickRecord;
import io.tickstore.store.model.TradeRecord;
import io.tickstore.store.quotes.LatestQuotes;
import io.tickstore.store.quotes.Quote;
import java.util.ArrayList;
import java.util.List;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Applies journaled messages to DuckDB: rows go through Appenders inside one explicit transaction,
 * and {@link #commit} records the journal index of the last applied message in that same
 * transaction, so after a crash the store holds exactly the messages up to {@link #appliedIndex()}.
 * The same transaction merges the batch's trades into {@code ohlcv_bars}; after it commits, the
 * latest quotes are published and the {@link CommitListener} (if any) is told what changed.
 *
 * <p>Owns the writer connection; one thread at a time (start-up replay, then the store writer).
 */
public final class DuckDbApplier implements AutoCloseable {
    private final DuckDBConnection connection;
    private final Statement statement;
    private final DuckDBAppender ticks;
    private final DuckDBAppender trades;
    private final DuckDBAppender orderStage;
    private final DuckDBAppender barStage;
    private final DuckDBAppender barCompletions;
    private final BarBook bars = new BarBook();
    private final LatestQuotes quotes = new LatestQuotes();
    private final List<TickRecord> listenerTicks = new ArrayList<>();
    private volatile CommitListener listener;
    private long appliedIndex;
    private long pendingIndex;
    private int pending;
    private int pendingOrders;
    private boolean inTransaction;

    public DuckDbApplier(DuckDBConnection connection) throws SQLException {
        this.connection = connection;
        this.statement = connection.createStatement();
        // Orders are upserted by order_id: a batch's order rows are staged, then merged in one statement.
        statement.execute("CREATE TEMP TABLE IF NOT EXISTS orders_stage AS SELECT * FROM orders LIMIT 0");
        // Bars: a batch's partial bars are staged, then merged into the stored ones in one upsert.
        statement.execute("CREATE TEMP TABLE IF NOT EXISTS bars_stage AS SELECT * FROM ohlcv_bars LIMIT 0");
        statement.execute("CREATE TEMP TABLE IF NOT EXISTS bar_completions AS "
                + "SELECT exchange, symbol, timeframe, bucket_start FROM ohlcv_bars LIMIT 0");
        this.ticks = handOver(connection.createAppender("main", "market_ticks"));
        this.trades = handOver(connection.createAppender("main", "trades"));
        this.orderStage = handOver(connection.createAppender("temp", "main", "orders_stage"));
        this.barStage = handOver(connection.createAppender("temp", "main", "bars_stage"));
        this.barCompletions = handOver(connection.createAppender("temp", "main", "bar_completions"));
        try (ResultSet rs = statement.executeQuery("SELECT applied_index FROM journal_applied WHERE id = 1")) {
            if (!rs.next()) {
                throw new SQLException("journal_applied row missing: the schema was not migrated");
            }
            this.appliedIndex = rs.getLong(1);
        }
        this.pendingIndex = appliedIndex;
    }

    /**
     * Appenders are confined to their creating thread by default. This applier is used by the
     * start-up thread (replay) and then by the store writer thread, never by both at once: the
     * Disruptor's start orders the hand-over. So confinement is released and no lock is taken.
     */
    private static DuckDBAppender handOver(DuckDBAppender appender) {
        appender.unsafeBreakThreadConfinement();
        return appender;
    }

    /** The journal index of the last message committed to the store, or {@link Journal#NONE}. */
    public long appliedIndex() {
        return appliedIndex;
    }

    /** The latest quotes, as of the last commit. Safe to read from any thread. */
    public LatestQuotes quotes() {
        return quotes;
    }

    /** Writer-side bar state; start-up restores it before replay. */
    public BarBook bars() {
        return bars;
    }

    /** Sets the one listener told about every commit from now on (null to remove). */
    public void setCommitListener(CommitListener listener) {
        this.listener = listener;
    }

    /** Messages applied since the last commit. */
    public int pending() {
        return pending;
    }

    public void apply(IngestMessage m, long journalIndex) throws SQLException {
        if (!inTransaction) {
            statement.execute("BEGIN TRANSACTION");
            inTransaction = true;
        }
        switch (m.type) {
            case TICK -> {
                TickRecord t = m.tick;
                appendTick(t, journalIndex);
                quotes.apply(t, journalIndex);
                if (t.isTrade()) {
                    bars.onTrade(t.exchange, t.symbol, t.lastPrice, t.lastSize, t.timestamp, t.sequenceNumber,
                            journalIndex);
                }
                CommitListener l = listener;
                if (l != null && l.wantsTicks(t.exchange, t.symbol)) {
                    TickRecord copy = new TickRecord();
                    copy.copyFrom(t);
                    listenerTicks.add(copy);
                }
            }
            case TRADE -> appendTrade(m.trade, journalIndex);
            case ORDER -> {
                appendOrder(m.order, journalIndex);
                pendingOrders++;
            }
        }
        pendingIndex = journalIndex;
        pending++;
    }

    /** Makes every applied message durable together with the journal index of the last one. */
    public void commit() throws SQLException {
        if (!inTransaction) {
            return;
        }
        CommitListener l = listener;
        List<BarUpdate> barUpdates = List.of();
        try {
            ticks.flush();
            trades.flush();
            if (pendingOrders > 0) {
                orderStage.flush();
                statement.execute("INSERT OR REPLACE INTO orders SELECT * FROM orders_stage "
                        + "QUALIFY row_number() OVER (PARTITION BY order_id ORDER BY journal_index DESC) = 1");
                statement.execute("DELETE FROM orders_stage");
            }
            if (bars.hasWork()) {
                barUpdates = mergeBars(l != null);
            }
            statement.execute("UPDATE journal_applied SET applied_index = " + pendingIndex
                    + ", updated_at = (now() AT TIME ZONE 'UTC') WHERE id = 1");
            statement.execute("COMMIT");
        } catch (SQLException e) {
            try {
                statement.execute("ROLLBACK");
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        } finally {
            inTransaction = false;
            pending = 0;
            pendingOrders = 0;
        }
        appliedIndex = pendingIndex;
        bars.committed();
        List<Quote> newQuotes = quotes.publish();
        List<TickRecord> committedTicks = listenerTicks.isEmpty() ? List.of() : List.copyOf(listenerTicks);
        listenerTicks.clear();
        if (l != null) {
            try {
                l.committed(new CommittedBatch(appliedIndex, barUpdates, newQuotes, committedTicks));
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(DuckDbApplier.class).warn("commit listener failed", e);
            }
        }
    }

    /**
     * Merges the batch's partial bars into {@code ohlcv_bars} and marks bars its trades completed;
     * returns the bars as now stored when {@code collect}, else an empty list.
     */
    private List<BarUpdate> mergeBars(boolean collect) throws SQLException {
        long now = System.currentTimeMillis() * 1000;
        List<BarUpdate> out = collect ? new ArrayList<>() : List.of();
        if (bars.stageBars(barStage, now) > 0) {
            barStage.flush();
            try (ResultSet rs = statement.executeQuery(MERGE_BARS)) {
                while (collect && rs.next()) {
                    out.add(barUpdate(rs, true));
                }
            }
            statement.execute("DELETE FROM bars_stage");
        }
        if (bars.stageCompletions(barCompletions) > 0) {
            barCompletions.flush();
            try (ResultSet rs = statement.executeQuery(COMPLETE_BARS)) {
                while (collect && rs.next()) {
                    out.add(barUpdate(rs, false));
                }
            }
            statement.execute("DELETE FROM bar_completions");
        }
        return out;
    }

    private BarUpdate barUpdate(ResultSet rs, boolean traded) throws SQLException {
        String exchange = rs.getString(1);
        String symbol = rs.getString(2);
        String timeframe = rs.getString(3);
        long bucket = rs.getLong(4);
        long length = Timeframe.parse(timeframe).micros();
        return new BarUpdate(exchange, symbol, timeframe, bucket,
                Decimal8.fromBigDecimal(rs.getBigDecimal(5)), Decimal8.fromBigDecimal(rs.getBigDecimal(6)),
                Decimal8.fromBigDecimal(rs.getBigDecimal(7)), Decimal8.fromBigDecimal(rs.getBigDecimal(8)),
                rs.getBigDecimal(9), rs.getBigDecimal(10), rs.getLong(11), rs.getBoolean(12),
                traded && bars.wasComplete(exchange, symbol, bucket, length));
    }

    private static final String RETURNED_BAR = "exchange, symbol, timeframe, epoch_us(bucket_start), open, high, "
            + "low, close, volume, price_volume, trade_count, is_complete";

    /** excluded's open comes first by (time, sequence, journal index). */
    private static final String OPEN_FIRST = "(excluded.open_time < ohlcv_bars.open_time OR (excluded.open_time = "
            + "ohlcv_bars.open_time AND (excluded.open_sequence < ohlcv_bars.open_sequence OR (excluded.open_sequence = "
            + "ohlcv_bars.open_sequence AND excluded.open_journal_index < ohlcv_bars.open_journal_index))))";
    /** excluded's close comes last by (time, sequence, journal index). */
    private static final String CLOSE_LAST = "(excluded.close_time > ohlcv_bars.close_time OR (excluded.close_time = "
            + "ohlcv_bars.close_time AND (excluded.close_sequence > ohlcv_bars.close_sequence OR (excluded.close_sequence = "
            + "ohlcv_bars.close_sequence AND excluded.close_journal_index > ohlcv_bars.close_journal_index))))";

    /** Merges staged partial bars into stored ones (SET expressions all read the old row). */
    private static final String MERGE_BARS = "INSERT INTO ohlcv_bars SELECT * FROM bars_stage "
            + "ON CONFLICT (exchange, symbol, timeframe, bucket_start) DO UPDATE SET "
            + "open = CASE WHEN " + OPEN_FIRST + " THEN excluded.open ELSE ohlcv_bars.open END, "
            + "open_time = CASE WHEN " + OPEN_FIRST + " THEN excluded.open_time ELSE ohlcv_bars.open_time END, "
            + "open_sequence = CASE WHEN " + OPEN_FIRST + " THEN excluded.open_sequence ELSE ohlcv_bars.open_sequence END, "
            + "open_journal_index = CASE WHEN " + OPEN_FIRST
            + " THEN excluded.open_journal_index ELSE ohlcv_bars.open_journal_index END, "
            + "close = CASE WHEN " + CLOSE_LAST + " THEN excluded.close ELSE ohlcv_bars.close END, "
            + "close_time = CASE WHEN " + CLOSE_LAST + " THEN excluded.close_time ELSE ohlcv_bars.close_time END, "
            + "close_sequence = CASE WHEN " + CLOSE_LAST
            + " THEN excluded.close_sequence ELSE ohlcv_bars.close_sequence END, "
            + "close_journal_index = CASE WHEN " + CLOSE_LAST
            + " THEN excluded.close_journal_index ELSE ohlcv_bars.close_journal_index END, "
            + "high = greatest(ohlcv_bars.high, excluded.high), "
            + "low = least(ohlcv_bars.low, excluded.low), "
            + "volume = ohlcv_bars.volume + excluded.volume, "
            + "price_volume = ohlcv_bars.price_volume + excluded.price_volume, "
            + "trade_count = ohlcv_bars.trade_count + excluded.trade_count, "
            + "is_complete = ohlcv_bars.is_complete OR excluded.is_complete, "
            + "updated_at = excluded.updated_at "
            + "RETURNING " + RETURNED_BAR;

    private static final String COMPLETE_BARS = "UPDATE ohlcv_bars SET is_complete = true, "
            + "updated_at = (now() AT TIME ZONE 'UTC') FROM bar_completions c "
            + "WHERE ohlcv_bars.exchange = c.exchange AND ohlcv_bars.symbol = c.symbol "
            + "AND ohlcv_bars.timeframe = c.timeframe AND ohlcv_bars.bucket_start = c.bucket_start "
            + "AND NOT ohlcv_bars.is_complete RETURNING " + RETURNED_BAR.replace("exchange, symbol, timeframe, "
            + "epoch_us(bucket_start)", "ohlcv_bars.exchange, ohlcv_bars.symbol, ohlcv_bars.timeframe, "
            + "epoch_us(ohlcv_bars.bucket_start)");

    private void appendTick(TickRecord t, long journalIndex) throws SQLException {
        DuckDBAppender a = ticks;
        a.beginRow();
        a.append(t.exchange);
        a.append(t.symbol);
        a.appendEpochMicros(t.timestamp);
        decimal(a, t.bidPrice);
        decimal(a, t.askPrice);
        decimal(a, t.bidSize);
        decimal(a, t.askSize);
        decimal(a, t.lastPrice);
        decimal(a, t.lastSize);
        decimal(a, t.volume);
        a.append(t.sequenceNumber);
        text(a, t.conditions);
        text(a, t.tape);
        a.append(journalIndex);
        a.endRow();
    }

    private void appendOrder(OrderRecord o, long journalIndex) throws SQLException {
        DuckDBAppender a = orderStage;
        a.beginRow();
        a.append(o.orderId);
        text(a, o.clientOrderId);
        a.append(o.exchange);
        a.append(o.symbol);
        text(a, o.strategyId);
        coded(a, o.side);
        coded(a, o.orderType);
        coded(a, o.timeInForce);
        decimal(a, o.quantity);
        decimal(a, o.price);
        decimal(a, o.stopPrice);
        coded(a, o.status);
        decimal(a, o.filledQuantity);
        decimal(a, o.averageFillPrice);
        timestamp(a, o.createdAt);
        timestamp(a, o.updatedAt);
        a.append(journalIndex);
        a.endRow();
    }

    private void appendTrade(TradeRecord t, long journalIndex) throws SQLException {
        DuckDBAppender a = trades;
        a.beginRow();
        a.append(t.tradeId);
        text(a, t.orderId);
        a.append(t.exchange);
        a.append(t.symbol);
        text(a, t.strategyId);
        coded(a, t.side);
        decimal(a, t.quantity);
        decimal(a, t.price);
        timestamp(a, t.executedAt);
        decimal(a, t.commission);
        decimal(a, t.fees);
        text(a, t.exchangeTradeId);
        coded(a, t.liquidity);
        a.append(journalIndex);
        a.endRow();
    }

    private static void decimal(DuckDBAppender a, long unscaled) throws SQLException {
        if (unscaled == Decimal8.NULL) {
            a.appendNull();
        } else {
            a.appendDecimal(unscaled);
        }
    }

    private static void timestamp(DuckDBAppender a, long micros) throws SQLException {
        if (micros == EpochMicros.NULL) {
            a.appendNull();
        } else {
            a.appendEpochMicros(micros);
        }
    }

    private static void text(DuckDBAppender a, String s) throws SQLException {
        if (s == null) {
            a.appendNull();
        } else {
            a.append(s);
        }
    }

    private static void coded(DuckDBAppender a, CodedValue v) throws SQLException {
        if (v == null) {
            a.appendNull();
        } else {
            a.append(v.text());
        }
    }

    /**
     * Discards anything not committed. Closing an Appender flushes it, so the appenders are closed
     * inside a transaction that is then rolled back: rows of an unfinished batch never leak out.
     */
    @Override
    public void close() throws SQLException {
        if (!inTransaction) {
            statement.execute("BEGIN TRANSACTION");
            inTransaction = true;
        }
        SQLException failure = null;
        try {
            // Each one is closed even if another fails: an appender left open would be flushed by the
            // connection's close, outside this transaction, committing rows of an unfinished batch.
            for (DuckDBAppender a : new DuckDBAppender[] {ticks, trades, orderStage, barStage, barCompletions}) {
                try {
                    a.close();
                } catch (SQLException | RuntimeException e) {
                    SQLException s = e instanceof SQLException se ? se : new SQLException(e);
                    if (failure == null) {
                        failure = s;
                    } else {
                        failure.addSuppressed(s);
                    }
                }
            }
        } finally {
            try {
                statement.execute("ROLLBACK");
            } finally {
                inTransaction = false;
                statement.close();
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}

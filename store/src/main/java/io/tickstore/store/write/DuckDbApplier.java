package io.tickstore.store.write;

import io.tickstore.store.bars.BarBook;
import io.tickstore.store.bars.BarHistory;
import io.tickstore.store.bars.BarState;
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
import io.tickstore.config.PortfolioConfig;
import io.tickstore.store.positions.Portfolio;
import io.tickstore.store.positions.PositionBook;
import io.tickstore.store.positions.PositionUpdate;
import io.tickstore.store.quotes.LatestQuotes;
import io.tickstore.store.quotes.Quote;
import io.tickstore.store.ticks.TickHistory;
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
 * The same transaction writes the bars the batch's trades changed ({@link BarBook}); after it commits, the
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
    private final DuckDBAppender freshBars;
    private final DuckDBAppender barKeys;
    private final BarBook bars = new BarBook();
    private final BarHistory history;
    private final TickHistory tickHistory;
    private final PositionBook positions = new PositionBook();
    private final Portfolio portfolio;
    private final DuckDBAppender positionHistory;
    private final DuckDBAppender positionStage;
    private final DuckDBAppender snapshotStage;
    private final List<OrderRecord> listenerOrders = new ArrayList<>();
    private boolean snapshots;
    private final LatestQuotes quotes = new LatestQuotes();
    private final List<TickRecord> listenerTicks = new ArrayList<>();
    private volatile CommitListener listener;
    private long appliedIndex;
    private long pendingIndex;
    private int pending;
    private int pendingOrders;
    private boolean inTransaction;

    /** With no starting cash, no portfolio snapshots and no bars or ticks kept in memory. */
    public DuckDbApplier(DuckDBConnection connection) throws SQLException {
        this(connection, new PortfolioConfig(java.math.BigDecimal.ZERO, 0), new BarHistory(0), new TickHistory(0));
    }

    /** {@code history} receives every commit's bars, {@code tickHistory} its ticks. */
    public DuckDbApplier(DuckDBConnection connection, PortfolioConfig portfolioConfig, BarHistory history,
                         TickHistory tickHistory) throws SQLException {
        this.connection = connection;
        this.history = history;
        this.tickHistory = tickHistory;
        this.portfolio = new Portfolio(portfolioConfig.startingCash(), portfolioConfig.snapshotIntervalSeconds());
        this.statement = connection.createStatement();
        // Orders are upserted by order_id: a batch's order rows are staged, then merged in one statement.
        statement.execute("CREATE TEMP TABLE IF NOT EXISTS orders_stage AS SELECT * FROM orders LIMIT 0");
        // Bars: a batch's partial bars are staged, then merged into the stored ones in one upsert.
        statement.execute("CREATE TEMP TABLE IF NOT EXISTS bars_stage AS SELECT * FROM ohlcv_bars LIMIT 0");
        statement.execute("CREATE TEMP TABLE IF NOT EXISTS positions_stage AS SELECT * FROM positions LIMIT 0");
        statement.execute("CREATE TEMP TABLE IF NOT EXISTS portfolio_stage AS SELECT * FROM portfolio_snapshots LIMIT 0");
        statement.execute("CREATE TEMP TABLE IF NOT EXISTS bar_keys AS "
                + "SELECT exchange, symbol, timeframe, bucket_start FROM ohlcv_bars LIMIT 0");
        this.ticks = handOver(connection.createAppender("main", "market_ticks"));
        this.trades = handOver(connection.createAppender("main", "trades"));
        this.orderStage = handOver(connection.createAppender("temp", "main", "orders_stage"));
        this.barStage = handOver(connection.createAppender("temp", "main", "bars_stage"));
        this.freshBars = handOver(connection.createAppender("main", "ohlcv_bars"));
        this.barKeys = handOver(connection.createAppender("temp", "main", "bar_keys"));
        this.positionHistory = handOver(connection.createAppender("main", "position_snapshots"));
        this.positionStage = handOver(connection.createAppender("temp", "main", "positions_stage"));
        this.snapshotStage = handOver(connection.createAppender("temp", "main", "portfolio_stage"));
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

    /** Writer-side positions; start-up restores them before replay. */
    public PositionBook positions() {
        return positions;
    }

    public Portfolio portfolio() {
        return portfolio;
    }

    /** Turns scheduled portfolio snapshots on (after start-up replay, so none is taken mid-replay). */
    public void enableSnapshots() {
        snapshots = true;
    }

    /**
     * Takes a portfolio snapshot if one is due, committing it together with anything pending.
     * Store writer only (it calls this when idle).
     */
    public void snapshotIfDue() throws SQLException {
        if (!snapshots) {
            return;
        }
        long now = System.currentTimeMillis() * 1000;
        if (pending > 0) {
            commit();
            return; // commit() took the snapshot if it was due
        }
        if (!inTransaction) {
            statement.execute("BEGIN TRANSACTION");
            inTransaction = true;
        }
        boolean taken;
        try {
            taken = writeSnapshotIfDue(now);
            statement.execute(taken ? "COMMIT" : "ROLLBACK");
        } catch (SQLException e) {
            try {
                statement.execute("ROLLBACK");
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        } finally {
            inTransaction = false;
        }
    }

    private boolean writeSnapshotIfDue(long now) throws SQLException {
        if (!snapshots || !portfolio.snapshotIfDue(now, positions, this::latestTradePrice, snapshotStage)) {
            return false;
        }
        snapshotStage.flush();
        statement.execute("INSERT OR REPLACE INTO portfolio_snapshots SELECT * FROM portfolio_stage");
        statement.execute("DELETE FROM portfolio_stage");
        return true;
    }

    /** Inside the commit: prices including this batch's ticks, not the last published ones. */
    private Long latestTradePrice(String exchange, String symbol) {
        long price = quotes.pendingLastPrice(exchange, symbol);
        return price == Long.MIN_VALUE ? null : price;
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
                tickHistory.stage(t);
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
            case TRADE -> {
                appendTrade(m.trade, journalIndex);
                positions.onFill(m.trade, journalIndex, positionHistory);
                portfolio.onFill(m.trade);
            }
            case ORDER -> {
                appendOrder(m.order, journalIndex);
                pendingOrders++;
                if (listener != null) {
                    OrderRecord copy = new OrderRecord();
                    copy.copyFrom(m.order);
                    listenerOrders.add(copy);
                }
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
                writeBars();
            }
            positionHistory.flush();
            if (positions.hasWork()) {
                positions.stage(positionStage);
                positionStage.flush();
                statement.execute("INSERT OR REPLACE INTO positions SELECT * FROM positions_stage");
                statement.execute("DELETE FROM positions_stage");
            }
            writeSnapshotIfDue(System.currentTimeMillis() * 1000);
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
        List<BarUpdate> barUpdates = (l != null || history.enabled()) && bars.hasWork() ? bars.updates() : List.of();
        bars.committed();
        history.apply(barUpdates);
        tickHistory.publish();
        List<PositionUpdate> positionUpdates = l != null && positions.hasWork() ? positions.updates() : List.of();
        positions.committed();
        List<OrderRecord> committedOrders = listenerOrders.isEmpty() ? List.of() : List.copyOf(listenerOrders);
        listenerOrders.clear();
        List<Quote> newQuotes = quotes.publish();
        List<TickRecord> committedTicks = listenerTicks.isEmpty() ? List.of() : List.copyOf(listenerTicks);
        listenerTicks.clear();
        if (l != null) {
            try {
                l.committed(new CommittedBatch(appliedIndex, barUpdates, newQuotes, committedTicks, committedOrders,
                        positionUpdates));
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(DuckDbApplier.class).warn("commit listener failed", e);
            }
        }
    }

    /**
     * Writes the batch's bars whole: first loads the stored state of bars the book does not hold
     * (one join for the whole batch) and merges it in, then replaces the rows.
     */
    private void writeBars() throws SQLException {
        if (bars.stageLoads(barKeys) > 0) {
            barKeys.flush();
            try (ResultSet rs = statement.executeQuery(LOAD_BARS)) {
                BarState stored = new BarState();
                while (rs.next()) {
                    stored.clear(rs.getLong(4));
                    stored.readStored(rs, 5);
                    bars.mergeStored(rs.getString(1), rs.getString(2), rs.getString(3), stored);
                }
            }
            statement.execute("DELETE FROM bar_keys");
        }
        if (bars.stageBars(freshBars, barStage, System.currentTimeMillis() * 1000) > 0) {
            barStage.flush();
            // No key index on ohlcv_bars: the replaced rows are found by a join, which DuckDB narrows to
            // the stage's bucket_start range (recent row groups).
            statement.execute(DELETE_REPLACED_BARS);
            statement.execute("INSERT INTO ohlcv_bars SELECT * FROM bars_stage");
            statement.execute("DELETE FROM bars_stage");
        }
        freshBars.flush();
    }

    private static final String DELETE_REPLACED_BARS = "DELETE FROM ohlcv_bars USING bars_stage s "
            + "WHERE ohlcv_bars.exchange = s.exchange AND ohlcv_bars.symbol = s.symbol "
            + "AND ohlcv_bars.timeframe = s.timeframe AND ohlcv_bars.bucket_start = s.bucket_start";

    private static final String LOAD_BARS = "SELECT b.exchange, b.symbol, b.timeframe, epoch_us(b.bucket_start), "
            + "b.open, b.high, b.low, b.close, b.volume, b.price_volume, b.trade_count, epoch_us(b.open_time), "
            + "b.open_sequence, b.open_journal_index, epoch_us(b.close_time), b.close_sequence, b.close_journal_index "
            + "FROM ohlcv_bars b JOIN bar_keys k ON b.exchange = k.exchange AND b.symbol = k.symbol "
            + "AND b.timeframe = k.timeframe AND b.bucket_start = k.bucket_start";

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
            for (DuckDBAppender a : new DuckDBAppender[] {ticks, trades, orderStage, barStage, freshBars, barKeys, positionHistory, positionStage,
                snapshotStage}) {
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

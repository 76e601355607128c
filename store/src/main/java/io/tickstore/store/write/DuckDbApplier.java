package io.tickstore.store.write;

import io.tickstore.store.bars.BarBook;
import io.tickstore.store.bars.BarState;
import io.tickstore.store.journal.Journal;
import io.tickstore.store.model.CodedValue;
import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.EpochMicros;
import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.model.OrderRecord;
import io.tickstore.store.model.TickRecord;
import io.tickstore.store.model.TradeRecord;
import io.tickstore.config.PortfolioConfig;
import io.tickstore.store.positions.Portfolio;
import io.tickstore.store.positions.PortfolioSnapshot;
import io.tickstore.store.positions.PositionBook;
import io.tickstore.store.quotes.LatestQuotes;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Applies journaled messages to DuckDB for the DuckDB sink ({@link DuckDbSink}): rows go through
 * Appenders inside one explicit transaction, and {@link #commit} records the journal index of the last
 * applied message in that same transaction, so after a crash the store holds exactly the messages up
 * to {@link #appliedIndex()}. The same transaction writes what the batch changed of the state kept
 * beside the rows: the bars of the batch's trades ({@link BarBook}), the positions and a
 * {@code position_snapshots} row per fill ({@link PositionBook}), the portfolio's cash flows and the
 * snapshots its marks call for ({@link Portfolio}), and each changed feed's latest quote and tick time
 * ({@code feed_state}, {@link LatestQuotes}).
 *
 * <p><b>Bars less often than rows.</b> Each write of bars costs a transaction more than their rows
 * (loading the stored state of bars the book does not hold, staging, the DELETE of replaced rows, the
 * INSERT), and a bar that trades across many transactions is rewritten in each; so
 * {@link #commitBatch} may leave them out: the book keeps folding trades across transactions and
 * writes every changed bar once, whole, when at least {@code barBatch} messages are unwritten, when the
 * sink has caught up with the journal, and on {@link #writeBars()} (idle, stopping). Rows and bars each
 * have their journal index, moved in the transaction that stores what it names: {@code journal_applied}
 * for the rows ({@link #rowsAppliedIndex()}), {@code bars_applied} for the bars ({@link #appliedIndex()},
 * never after the rows'). A crash between the two leaves bars missing for the messages in between; the
 * constructor rebuilds them from the stored trade ticks ({@code market_ticks.journal_index} in that
 * range) before anything else, so a new applier always starts with both indexes equal.
 *
 * <p>Owns the writer connection; one thread at a time (the sink's runner).
 */
public final class DuckDbApplier implements AutoCloseable {
    private final DuckDBConnection connection;
    private final Statement statement;
    private final PreparedStatement saveCashFlows;
    private final DuckDBAppender ticks;
    private final DuckDBAppender trades;
    private final DuckDBAppender orderStage;
    private final DuckDBAppender barStage;
    private final DuckDBAppender freshBars;
    private final DuckDBAppender barKeys;
    private final DuckDBAppender feedStage;
    private final DuckDBAppender newFeeds;
    private final BarBook bars = new BarBook();
    private final PositionBook positions = new PositionBook();
    private final Portfolio portfolio;
    private final DuckDBAppender positionHistory;
    private final DuckDBAppender positionStage;
    private final DuckDBAppender snapshotStage;
    private final LatestQuotes quotes = new LatestQuotes();
    private final int barBatch;
    private long appliedIndex;
    private long barsAppliedIndex;
    /** Messages applied since the bars were last written. */
    private long unwrittenBarMessages;
    private long rebuiltTrades;
    private long pendingIndex;
    private int pending;
    private int pendingOrders;
    private int pendingFills;
    private int pendingSnapshots;
    private boolean inTransaction;

    /** With no starting cash and no portfolio snapshots. */
    public DuckDbApplier(DuckDBConnection connection) throws SQLException {
        this(connection, new PortfolioConfig(java.math.BigDecimal.ZERO, 0));
    }

    /** Bars written with every commit. */
    public DuckDbApplier(DuckDBConnection connection, PortfolioConfig portfolioConfig) throws SQLException {
        this(connection, portfolioConfig, 1);
    }

    /**
     * {@code barBatch}: {@link #commitBatch} writes bars once at least this many messages were applied
     * since they were last written (or when the sink caught up); 1 writes them with every commit.
     */
    public DuckDbApplier(DuckDBConnection connection, PortfolioConfig portfolioConfig, int barBatch)
            throws SQLException {
        if (barBatch < 1) {
            throw new IllegalArgumentException("barBatch must be at least 1, got " + barBatch);
        }
        this.connection = connection;
        this.barBatch = barBatch;
        this.portfolio = new Portfolio(portfolioConfig.startingCash(), portfolioConfig.snapshotIntervalSeconds());
        this.statement = connection.createStatement();
        // Orders are upserted by order_id: a batch's order rows are staged, then merged in one statement.
        statement.execute("CREATE TEMP TABLE IF NOT EXISTS orders_stage AS SELECT * FROM orders LIMIT 0");
        // Bars: a batch's partial bars are staged, then merged into the stored ones in one upsert.
        statement.execute("CREATE TEMP TABLE IF NOT EXISTS bars_stage AS SELECT * FROM ohlcv_bars LIMIT 0");
        statement.execute("CREATE TEMP TABLE IF NOT EXISTS positions_stage AS SELECT * FROM positions LIMIT 0");
        statement.execute("CREATE TEMP TABLE IF NOT EXISTS portfolio_stage AS SELECT * FROM portfolio_snapshots LIMIT 0");
        statement.execute("CREATE TEMP TABLE IF NOT EXISTS feed_stage AS SELECT * FROM feed_state LIMIT 0");
        statement.execute("CREATE TEMP TABLE IF NOT EXISTS bar_keys AS "
                + "SELECT exchange, symbol, timeframe, bucket_start FROM ohlcv_bars LIMIT 0");
        this.saveCashFlows = connection.prepareStatement("UPDATE portfolio_state SET cash_flows = ? WHERE id = 1");
        this.ticks = handOver(connection.createAppender("main", "market_ticks"));
        this.trades = handOver(connection.createAppender("main", "trades"));
        this.orderStage = handOver(connection.createAppender("temp", "main", "orders_stage"));
        this.barStage = handOver(connection.createAppender("temp", "main", "bars_stage"));
        this.freshBars = handOver(connection.createAppender("main", "ohlcv_bars"));
        this.barKeys = handOver(connection.createAppender("temp", "main", "bar_keys"));
        this.feedStage = handOver(connection.createAppender("temp", "main", "feed_stage"));
        this.newFeeds = handOver(connection.createAppender("main", "feed_state"));
        this.positionHistory = handOver(connection.createAppender("main", "position_snapshots"));
        this.positionStage = handOver(connection.createAppender("temp", "main", "positions_stage"));
        this.snapshotStage = handOver(connection.createAppender("temp", "main", "portfolio_stage"));
        try (ResultSet rs = statement.executeQuery("SELECT applied_index FROM journal_applied WHERE id = 1")) {
            if (!rs.next()) {
                throw new SQLException("journal_applied row missing: the schema was not migrated");
            }
            this.appliedIndex = rs.getLong(1);
        }
        try (ResultSet rs = statement.executeQuery("SELECT applied_index FROM bars_applied WHERE id = 1")) {
            if (!rs.next()) {
                throw new SQLException("bars_applied row missing: the schema was not migrated");
            }
            this.barsAppliedIndex = rs.getLong(1);
        }
        if (barsAppliedIndex > appliedIndex) {
            throw new SQLException("bars_applied.applied_index " + barsAppliedIndex
                    + " is after journal_applied.applied_index " + appliedIndex + ": the database was altered");
        }
        this.pendingIndex = appliedIndex;
        StoredState.restore(connection, quotes, positions, portfolio, portfolioConfig.startingCash());
        StoredState.restoreLatestTradeTimes(connection, bars);
        if (barsAppliedIndex < appliedIndex) {
            rebuildBars();
        }
    }

    /**
     * After a crash between a commit of rows and the next one of bars: folds the stored trade ticks of
     * the messages after {@code bars_applied} into the book and writes their bars (merged with the stored
     * ones, as any batch's), in one transaction that brings {@code bars_applied} up to the rows' index.
     * The book's latest trade times already include those ticks ({@code feed_state} moves with the rows),
     * so every bar they touch is folded as a partial and merged with its stored state: exact in any order.
     */
    private void rebuildBars() throws SQLException {
        statement.execute("BEGIN TRANSACTION");
        inTransaction = true;
        long trades = 0;
        try (PreparedStatement p = connection.prepareStatement(STORED_TRADES)) {
            p.setLong(1, barsAppliedIndex);
            p.setLong(2, appliedIndex);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    bars.onTrade(rs.getString(1), rs.getString(2), Decimal8.fromBigDecimal(rs.getBigDecimal(5)),
                            Decimal8.fromBigDecimal(rs.getBigDecimal(6)), rs.getLong(3), rs.getLong(4), rs.getLong(7));
                    trades++;
                }
            }
        } catch (SQLException | RuntimeException e) {
            statement.execute("ROLLBACK");
            inTransaction = false;
            throw e;
        }
        rebuiltTrades = trades;
        unwrittenBarMessages = appliedIndex - barsAppliedIndex;
        commit(true);
    }

    /** The trade ticks whose bars the constructor rebuilt from {@code market_ticks} (0: none were missing). */
    public long rebuiltTrades() {
        return rebuiltTrades;
    }

    /**
     * Appenders are confined to their creating thread by default. This applier is built on the
     * start-up thread and then used by the sink's runner thread only, never by both at once: the
     * thread's start orders the hand-over. So confinement is released and no lock is taken.
     */
    private static DuckDBAppender handOver(DuckDBAppender appender) {
        appender.unsafeBreakThreadConfinement();
        return appender;
    }

    /**
     * The journal index of the last message the store holds whole, rows and bars, or
     * {@link Journal#NONE}: {@code bars_applied}, never after {@link #rowsAppliedIndex()}.
     */
    public long appliedIndex() {
        return barsAppliedIndex;
    }

    /** The journal index of the last message whose rows are committed ({@code journal_applied}). */
    public long rowsAppliedIndex() {
        return appliedIndex;
    }

    /** Messages applied since the last commit. */
    public int pending() {
        return pending;
    }

    /**
     * Applies one message inside the open transaction (begun if none is). A message whose rows are
     * already committed ({@code journalIndex <= }{@link #rowsAppliedIndex()}) is skipped: a runner that
     * rewound to {@link #appliedIndex()} (the bars') hands those again, and the constructor has already
     * rebuilt their bars.
     */
    public void apply(IngestMessage m, long journalIndex) throws SQLException {
        if (journalIndex <= appliedIndex) {
            return;
        }
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
            }
            case TRADE -> {
                appendTrade(m.trade, journalIndex);
                PositionBook.appendChange(positionHistory, positions.onFill(m.trade, journalIndex));
                portfolio.onFill(m.trade);
                pendingFills++;
            }
            case ORDER -> {
                appendOrder(m.order, journalIndex);
                pendingOrders++;
            }
            case PORTFOLIO_SNAPSHOT -> {
                for (PortfolioSnapshot s : portfolio.snapshotIfDue(m.snapshotAt, positions, this::latestTradePrice)) {
                    Portfolio.append(snapshotStage, s);
                    pendingSnapshots++;
                }
            }
        }
        pendingIndex = journalIndex;
        pending++;
        unwrittenBarMessages++;
    }

    /** Inside the batch: the latest trade prices including this batch's ticks. */
    private Long latestTradePrice(String exchange, String symbol) {
        long price = quotes.pendingLastPrice(exchange, symbol);
        return price == Long.MIN_VALUE ? null : price;
    }

    /** Makes every applied message durable, rows and bars, together with the journal index of the last one. */
    public void commit() throws SQLException {
        commit(true);
    }

    /**
     * Makes the applied messages' rows durable with the index of the last one; their bars too when
     * {@code caughtUp} (the journal held nothing more) or at least {@code barBatch} messages' bars are
     * unwritten, else the bars stay folded in memory for a later commit.
     */
    public void commitBatch(boolean caughtUp) throws SQLException {
        commit(caughtUp || unwrittenBarMessages >= barBatch);
    }

    /**
     * Writes the bars left out of earlier commits (the sink is idle or stopping), in a transaction of
     * their own with {@code bars_applied}; nothing when they are all written.
     */
    public void writeBars() throws SQLException {
        if (barsAppliedIndex == appliedIndex || inTransaction) {
            return;
        }
        statement.execute("BEGIN TRANSACTION");
        inTransaction = true;
        commit(true);
    }

    private void commit(boolean withBars) throws SQLException {
        if (!inTransaction) {
            return;
        }
        try {
            ticks.flush();
            trades.flush();
            if (pendingOrders > 0) {
                orderStage.flush();
                statement.execute("INSERT OR REPLACE INTO orders SELECT * FROM orders_stage "
                        + "QUALIFY row_number() OVER (PARTITION BY order_id ORDER BY journal_index DESC) = 1");
                statement.execute("DELETE FROM orders_stage");
            }
            if (withBars && bars.hasWork()) {
                storeBars();
            }
            positionHistory.flush();
            if (positions.hasWork()) {
                positions.stage(positionStage);
                positionStage.flush();
                statement.execute("INSERT OR REPLACE INTO positions SELECT * FROM positions_stage");
                statement.execute("DELETE FROM positions_stage");
            }
            if (pendingFills > 0) {
                saveCashFlows.setBigDecimal(1, portfolio.cashFlows());
                saveCashFlows.execute();
            }
            if (pendingSnapshots > 0) {
                snapshotStage.flush();
                statement.execute("INSERT OR REPLACE INTO portfolio_snapshots SELECT * FROM portfolio_stage");
                statement.execute("DELETE FROM portfolio_stage");
            }
            // Feeds already stored are updated from a stage, new ones appended: an INSERT OR REPLACE of
            // the same rows took twice as long (it deletes and re-inserts each through the key's index).
            if (quotes.stageChanged(feedStage, newFeeds) > 0) {
                feedStage.flush();
                statement.execute(UPDATE_FEEDS);
                statement.execute("DELETE FROM feed_stage");
            }
            newFeeds.flush();
            if (pendingIndex != appliedIndex) {
                statement.execute("UPDATE journal_applied SET applied_index = " + pendingIndex
                        + ", updated_at = (now() AT TIME ZONE 'UTC') WHERE id = 1");
            }
            if (withBars && pendingIndex != barsAppliedIndex) {
                statement.execute("UPDATE bars_applied SET applied_index = " + pendingIndex
                        + ", updated_at = (now() AT TIME ZONE 'UTC') WHERE id = 1");
            }
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
            pendingFills = 0;
            pendingSnapshots = 0;
        }
        appliedIndex = pendingIndex;
        if (withBars) {
            barsAppliedIndex = pendingIndex;
            unwrittenBarMessages = 0;
            bars.committed();
        }
        positions.committed();
    }

    /**
     * Writes the batch's bars whole: first loads the stored state of bars the book does not hold
     * (one join for the whole batch) and merges it in, then replaces the rows.
     */
    private void storeBars() throws SQLException {
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

    /** The stored trade ticks of the messages in (?, ?], for {@link #rebuildBars}. */
    private static final String STORED_TRADES = "SELECT exchange, symbol, epoch_us(timestamp), sequence_number, "
            + "last_price, last_size, journal_index FROM market_ticks WHERE journal_index > ? AND journal_index <= ? "
            + "AND last_price IS NOT NULL ORDER BY journal_index";

    private static final String UPDATE_FEEDS = "UPDATE feed_state SET bid_price = s.bid_price, "
            + "bid_size = s.bid_size, bid_time = s.bid_time, bid_sequence = s.bid_sequence, "
            + "bid_journal_index = s.bid_journal_index, ask_price = s.ask_price, ask_size = s.ask_size, "
            + "ask_time = s.ask_time, ask_sequence = s.ask_sequence, ask_journal_index = s.ask_journal_index, "
            + "last_price = s.last_price, last_size = s.last_size, last_time = s.last_time, "
            + "last_sequence = s.last_sequence, last_journal_index = s.last_journal_index, "
            + "latest_tick_time = s.latest_tick_time FROM feed_stage s "
            + "WHERE feed_state.exchange = s.exchange AND feed_state.symbol = s.symbol";

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
            for (DuckDBAppender a : new DuckDBAppender[] {ticks, trades, orderStage, barStage, freshBars, barKeys,
                feedStage, newFeeds, positionHistory, positionStage, snapshotStage}) {
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
                saveCashFlows.close();
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}

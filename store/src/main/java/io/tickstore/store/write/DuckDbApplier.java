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
    private long appliedIndex;
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

    public DuckDbApplier(DuckDBConnection connection, PortfolioConfig portfolioConfig) throws SQLException {
        this.connection = connection;
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
        this.pendingIndex = appliedIndex;
        StoredState.restore(connection, quotes, positions, portfolio, portfolioConfig.startingCash());
        StoredState.restoreLatestTradeTimes(connection, bars);
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

    /** The journal index of the last message committed to the store, or {@link Journal#NONE}. */
    public long appliedIndex() {
        return appliedIndex;
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
    }

    /** Inside the batch: the latest trade prices including this batch's ticks. */
    private Long latestTradePrice(String exchange, String symbol) {
        long price = quotes.pendingLastPrice(exchange, symbol);
        return price == Long.MIN_VALUE ? null : price;
    }

    /** Makes every applied message durable together with the journal index of the last one. */
    public void commit() throws SQLException {
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
            pendingFills = 0;
            pendingSnapshots = 0;
        }
        appliedIndex = pendingIndex;
        bars.committed();
        positions.committed();
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

package io.tickstore.lifecycle.mirror;

import io.tickstore.config.PortfolioConfig;
import io.tickstore.store.model.CodedValue;
import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.EpochMicros;
import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.model.OrderRecord;
import io.tickstore.store.model.TickRecord;
import io.tickstore.store.model.TradeRecord;
import io.tickstore.store.positions.Portfolio;
import io.tickstore.store.positions.PortfolioSnapshot;
import io.tickstore.store.positions.PositionBook;
import io.tickstore.store.positions.PositionChange;
import io.tickstore.store.positions.PositionUpdate;
import io.tickstore.store.quotes.LatestQuotes;
import io.tickstore.store.write.StoredState;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The mirror's counterpart of the DuckDB applier: folds journaled messages (decoded by the journal
 * into {@link IngestMessage}s, as for every sink) into the rows of one PostgreSQL transaction and into
 * the same books the DuckDB sink keeps ({@link PositionBook}, {@link Portfolio}, {@link LatestQuotes}),
 * so positions, position changes and portfolio snapshots come out exactly as in DuckDB. {@link #write}
 * sends the rows as pipelined batches of one prepared statement per table, every one an upsert on the
 * table's key, then the journal index of the last message, in one transaction.
 *
 * <p>Messages at or below the index PostgreSQL holds are skipped: a batch whose commit reached
 * PostgreSQL although the client saw a failure (a timeout) is never folded into the books twice.
 * After a failed write the books are ahead of PostgreSQL: the sink throws this applier away and
 * restores a new one. One thread at a time (the sink's runner).
 */
final class MirrorApplier {
    /** The mirror's tables, in the order a transaction writes them. */
    enum Table {
        MARKET_TICKS("market_ticks", null, Column.TEXT, Column.TEXT, Column.TIME, Column.NUMERIC, Column.NUMERIC,
                Column.NUMERIC, Column.NUMERIC, Column.NUMERIC, Column.NUMERIC, Column.NUMERIC, Column.BIGINT,
                Column.TEXT, Column.TEXT, Column.BIGINT),
        ORDERS("orders", "INSERT INTO orders VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17) "
                + "ON CONFLICT (order_id) DO UPDATE SET client_order_id = EXCLUDED.client_order_id, "
                + "exchange = EXCLUDED.exchange, symbol = EXCLUDED.symbol, strategy_id = EXCLUDED.strategy_id, "
                + "side = EXCLUDED.side, order_type = EXCLUDED.order_type, time_in_force = EXCLUDED.time_in_force, "
                + "quantity = EXCLUDED.quantity, price = EXCLUDED.price, stop_price = EXCLUDED.stop_price, "
                + "status = EXCLUDED.status, filled_quantity = EXCLUDED.filled_quantity, "
                + "average_fill_price = EXCLUDED.average_fill_price, created_at = EXCLUDED.created_at, "
                + "updated_at = EXCLUDED.updated_at, journal_index = EXCLUDED.journal_index "
                + "WHERE orders.journal_index < EXCLUDED.journal_index"),
        TRADES("trades", null, Column.TEXT, Column.TEXT, Column.TEXT, Column.TEXT, Column.TEXT, Column.TEXT,
                Column.NUMERIC, Column.NUMERIC, Column.TIME, Column.NUMERIC, Column.NUMERIC, Column.TEXT, Column.TEXT,
                Column.BIGINT),
        POSITION_SNAPSHOTS("position_snapshots", null, Column.TEXT, Column.TEXT, Column.TEXT, Column.TIME, Column.TEXT,
                Column.TEXT, Column.NUMERIC, Column.NUMERIC, Column.TEXT, Column.NUMERIC, Column.NUMERIC,
                Column.NUMERIC, Column.BIGINT),
        POSITIONS("positions", "INSERT INTO positions VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12) "
                + "ON CONFLICT (exchange, symbol, strategy_id) DO UPDATE SET side = EXCLUDED.side, "
                + "quantity = EXCLUDED.quantity, average_entry_price = EXCLUDED.average_entry_price, "
                + "realized_pnl = EXCLUDED.realized_pnl, fees = EXCLUDED.fees, fill_count = EXCLUDED.fill_count, "
                + "last_fill_price = EXCLUDED.last_fill_price, updated_at = EXCLUDED.updated_at, "
                + "journal_index = EXCLUDED.journal_index"),
        PORTFOLIO_SNAPSHOTS("portfolio_snapshots", "INSERT INTO portfolio_snapshots VALUES "
                + "($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12) ON CONFLICT (snapshot_time, snapshot_type) DO UPDATE SET "
                + "cash = EXCLUDED.cash, positions_value = EXCLUDED.positions_value, equity = EXCLUDED.equity, "
                + "total_pnl = EXCLUDED.total_pnl, daily_pnl = EXCLUDED.daily_pnl, "
                + "open_positions = EXCLUDED.open_positions, long_positions = EXCLUDED.long_positions, "
                + "short_positions = EXCLUDED.short_positions, peak_equity = EXCLUDED.peak_equity, "
                + "max_drawdown = EXCLUDED.max_drawdown"),
        FEED_STATE("feed_state", "INSERT INTO feed_state VALUES "
                + "($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18) ON CONFLICT (exchange, symbol) "
                + "DO UPDATE SET bid_price = EXCLUDED.bid_price, bid_size = EXCLUDED.bid_size, "
                + "bid_time = EXCLUDED.bid_time, bid_sequence = EXCLUDED.bid_sequence, "
                + "bid_journal_index = EXCLUDED.bid_journal_index, ask_price = EXCLUDED.ask_price, "
                + "ask_size = EXCLUDED.ask_size, ask_time = EXCLUDED.ask_time, ask_sequence = EXCLUDED.ask_sequence, "
                + "ask_journal_index = EXCLUDED.ask_journal_index, last_price = EXCLUDED.last_price, "
                + "last_size = EXCLUDED.last_size, last_time = EXCLUDED.last_time, "
                + "last_sequence = EXCLUDED.last_sequence, last_journal_index = EXCLUDED.last_journal_index, "
                + "latest_tick_time = EXCLUDED.latest_tick_time");

        final String tableName;
        /** The statement: a row-at-a-time upsert, or one insert of the whole batch from column arrays. */
        final String upsert;
        /** For an insert-only table: its columns' types, sent as one array each ({@code unnest}); else empty. */
        final Column[] columns;

        Table(String tableName, String upsert, Column... columns) {
            this.tableName = tableName;
            this.columns = columns;
            if (upsert != null) {
                this.upsert = upsert;
                return;
            }
            // Insert-only rows (keyed, never changed): the whole batch in one statement, one text array per
            // column (exact decimal text; the client's numeric arrays cannot carry NULLs), cast on the server;
            // ON CONFLICT DO NOTHING makes a batch written again change nothing.
            StringBuilder sql = new StringBuilder("INSERT INTO ").append(tableName).append(" SELECT ");
            for (int i = 0; i < columns.length; i++) {
                sql.append(i == 0 ? "" : ", ").append('c').append(i + 1).append("::").append(columns[i].sqlType);
            }
            sql.append(" FROM unnest(");
            for (int i = 0; i < columns.length; i++) {
                sql.append(i == 0 ? "" : ", ").append('$').append(i + 1).append("::text[]");
            }
            sql.append(") AS u(");
            for (int i = 0; i < columns.length; i++) {
                sql.append(i == 0 ? "" : ", ").append('c').append(i + 1);
            }
            sql.append(')');
            this.upsert = sql.append(" ON CONFLICT DO NOTHING").toString();
        }

        boolean byColumns() {
            return columns.length > 0;
        }
    }

    /** A column type an insert-only table sends as an array. */
    enum Column {
        TEXT("text"), TIME("timestamptz"), NUMERIC("numeric"), BIGINT("bigint");

        final String sqlType;

        Column(String sqlType) {
            this.sqlType = sqlType;
        }

    }

    /** The batch's rows of an insert-only table as one array per column. */
    private static Tuple byColumns(Table t, List<Tuple> batch) {
        Tuple args = Tuple.tuple();
        for (int c = 0; c < t.columns.length; c++) {
            String[] column = new String[batch.size()];
            for (int r = 0; r < column.length; r++) {
                Object v = batch.get(r).getValue(c);
                column[r] = v == null ? null : v instanceof BigDecimal d ? d.toPlainString() : v.toString();
            }
            args.addValue(column);
        }
        return args;
    }

    private final EnumMap<Table, List<Tuple>> rows = new EnumMap<>(Table.class);
    private final PositionBook positions = new PositionBook();
    private final Portfolio portfolio;
    private final LatestQuotes quotes = new LatestQuotes();
    /** Per position changed in this batch: the journal index of its last fill (its row's journal_index). */
    private final HashMap<String, Long> lastFill = new HashMap<>();
    /** The index PostgreSQL holds (as restored, then as committed). */
    private long appliedIndex;
    private long pendingIndex;
    private boolean fills;

    private MirrorApplier(PortfolioConfig config) {
        this.portfolio = new Portfolio(config.startingCash(), config.snapshotIntervalSeconds());
        for (Table t : Table.values()) {
            rows.put(t, new ArrayList<>());
        }
    }

    /** Reads the applied index and the books' state from PostgreSQL, in one consistent snapshot. */
    static MirrorApplier restore(Connection c, PortfolioConfig config) throws SQLException {
        MirrorApplier a = new MirrorApplier(config);
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY");
            try (ResultSet rs = s.executeQuery("SELECT applied_index FROM journal_applied WHERE id = 1")) {
                if (!rs.next()) {
                    throw new SQLException("journal_applied row missing: the mirror schema was not migrated");
                }
                a.appliedIndex = rs.getLong(1);
            }
            StoredState.restore(c, a.quotes, a.positions, a.portfolio, config.startingCash());
            a.quotes.takeChanged(); // restored, not changed
            c.commit();
        } finally {
            c.setAutoCommit(autoCommit);
        }
        a.pendingIndex = a.appliedIndex;
        return a;
    }

    long appliedIndex() {
        return appliedIndex;
    }

    /** Folds one message in; false when PostgreSQL holds it already (skipped). */
    boolean apply(IngestMessage m, long journalIndex) {
        if (journalIndex <= appliedIndex) {
            return false;
        }
        switch (m.type) {
            case TICK -> {
                rows.get(Table.MARKET_TICKS).add(tick(m.tick, journalIndex));
                quotes.apply(m.tick, journalIndex);
            }
            case ORDER -> rows.get(Table.ORDERS).add(order(m.order, journalIndex));
            case TRADE -> {
                rows.get(Table.TRADES).add(trade(m.trade, journalIndex));
                PositionChange c = positions.onFill(m.trade, journalIndex);
                rows.get(Table.POSITION_SNAPSHOTS).add(change(c));
                lastFill.put(positionKey(c.exchange(), c.symbol(), c.strategyId()), journalIndex);
                portfolio.onFill(m.trade);
                fills = true;
            }
            case PORTFOLIO_SNAPSHOT -> {
                for (PortfolioSnapshot s : portfolio.snapshotIfDue(m.snapshotAt, positions, this::latestTradePrice)) {
                    rows.get(Table.PORTFOLIO_SNAPSHOTS).add(snapshot(s));
                }
            }
        }
        pendingIndex = journalIndex;
        return true;
    }

    private Long latestTradePrice(String exchange, String symbol) {
        long price = quotes.pendingLastPrice(exchange, symbol);
        return price == Long.MIN_VALUE ? null : price;
    }

    /** Rows waiting per table (what {@link #write} sends). */
    Map<Table, Integer> pendingRows() {
        EnumMap<Table, Integer> out = new EnumMap<>(Table.class);
        rows.forEach((t, list) -> out.put(t, list.size()));
        return out;
    }

    /** Whether anything was applied since the last commit. */
    boolean hasWork() {
        return pendingIndex != appliedIndex;
    }

    /**
     * Moves the changed positions and feeds into rows; call once, after the batch's last message and
     * before {@link #write}.
     */
    void seal() {
        List<Tuple> p = rows.get(Table.POSITIONS);
        for (PositionUpdate u : positions.updates()) {
            p.add(position(u, lastFill.get(positionKey(u.exchange(), u.symbol(), u.strategyId()))));
        }
        lastFill.clear();
        positions.committed();
        List<Tuple> f = rows.get(Table.FEED_STATE);
        for (LatestQuotes.FeedState s : quotes.takeChanged()) {
            f.add(feed(s));
        }
    }

    /** Inside {@code tx}'s transaction: every row, the cash flows if fills moved them, then the index. */
    Future<Void> write(SqlConnection tx) {
        Future<?> chain = Future.succeededFuture();
        for (Table t : Table.values()) {
            List<Tuple> batch = rows.get(t);
            if (!batch.isEmpty()) {
                chain = t.byColumns()
                        ? chain.compose(v -> tx.preparedQuery(t.upsert).execute(byColumns(t, batch)))
                        : chain.compose(v -> tx.preparedQuery(t.upsert).executeBatch(batch));
            }
        }
        if (fills) {
            BigDecimal flows = portfolio.cashFlows();
            chain = chain.compose(v -> tx.preparedQuery("UPDATE portfolio_state SET cash_flows = $1 WHERE id = 1")
                    .execute(Tuple.of(flows)));
        }
        long index = pendingIndex;
        return chain.compose(v -> tx.preparedQuery(
                        "UPDATE journal_applied SET applied_index = $1, updated_at = now() WHERE id = 1")
                .execute(Tuple.of(index))).mapEmpty();
    }

    /** After the transaction committed. */
    void committed() {
        appliedIndex = pendingIndex;
        fills = false;
        for (List<Tuple> list : rows.values()) {
            list.clear();
        }
    }

    private static Tuple tick(TickRecord t, long journalIndex) {
        return Tuple.tuple().addString(t.exchange).addString(t.symbol).addValue(time(t.timestamp))
                .addValue(decimal(t.bidPrice)).addValue(decimal(t.askPrice)).addValue(decimal(t.bidSize))
                .addValue(decimal(t.askSize)).addValue(decimal(t.lastPrice)).addValue(decimal(t.lastSize))
                .addValue(decimal(t.volume)).addLong(t.sequenceNumber).addString(t.conditions).addString(t.tape)
                .addLong(journalIndex);
    }

    private static Tuple order(OrderRecord o, long journalIndex) {
        return Tuple.tuple().addString(o.orderId).addString(o.clientOrderId).addString(o.exchange).addString(o.symbol)
                .addString(o.strategyId).addString(coded(o.side)).addString(coded(o.orderType))
                .addString(coded(o.timeInForce)).addValue(decimal(o.quantity)).addValue(decimal(o.price))
                .addValue(decimal(o.stopPrice)).addString(coded(o.status)).addValue(decimal(o.filledQuantity))
                .addValue(decimal(o.averageFillPrice)).addValue(time(o.createdAt)).addValue(time(o.updatedAt))
                .addLong(journalIndex);
    }

    private static Tuple trade(TradeRecord t, long journalIndex) {
        return Tuple.tuple().addString(t.tradeId).addString(t.orderId).addString(t.exchange).addString(t.symbol)
                .addString(t.strategyId).addString(coded(t.side)).addValue(decimal(t.quantity))
                .addValue(decimal(t.price)).addValue(time(t.executedAt)).addValue(decimal(t.commission))
                .addValue(decimal(t.fees)).addString(t.exchangeTradeId).addString(coded(t.liquidity))
                .addLong(journalIndex);
    }

    private static Tuple change(PositionChange c) {
        return Tuple.tuple().addString(c.exchange()).addString(c.symbol()).addString(c.strategyId())
                .addValue(time(c.time())).addString(c.tradeId()).addString(c.fillSide())
                .addValue(decimal(c.fillQuantity())).addValue(decimal(c.fillPrice())).addString(c.side())
                .addValue(decimal(c.quantity())).addValue(decimal(c.averageEntryPrice())).addValue(c.realizedPnl())
                .addLong(c.journalIndex());
    }

    private static String positionKey(String exchange, String symbol, String strategy) {
        return exchange + '\u0000' + symbol + '\u0000' + strategy;
    }

    private static Tuple position(PositionUpdate p, long journalIndex) {
        return Tuple.tuple().addString(p.exchange()).addString(p.symbol()).addString(p.strategyId())
                .addString(p.side()).addValue(decimal(p.quantity())).addValue(decimal(p.averageEntryPrice()))
                .addValue(p.realizedPnl()).addValue(p.fees()).addLong(p.fillCount())
                .addValue(decimal(p.lastFillPrice())).addValue(time(p.updatedAt())).addLong(journalIndex);
    }

    private static Tuple snapshot(PortfolioSnapshot s) {
        return Tuple.tuple().addValue(time(s.time())).addString(s.type()).addValue(s.cash())
                .addValue(s.positionsValue()).addValue(s.equity()).addValue(s.totalPnl()).addValue(s.dailyPnl())
                .addInteger(s.openPositions()).addInteger(s.longPositions()).addInteger(s.shortPositions())
                .addValue(s.peakEquity()).addValue(s.maxDrawdown());
    }

    private static Tuple feed(LatestQuotes.FeedState s) {
        Tuple t = Tuple.tuple().addString(s.exchange()).addString(s.symbol());
        side(t, s.bid());
        side(t, s.ask());
        side(t, s.last());
        return t.addValue(time(s.latestTime()));
    }

    private static void side(Tuple t, LatestQuotes.SideState s) {
        if (s == null) {
            t.addValue(null).addValue(null).addValue(null).addValue(null).addValue(null);
        } else {
            t.addValue(decimal(s.price())).addValue(decimal(s.size())).addValue(time(s.time()))
                    .addLong(s.sequence()).addLong(s.journalIndex());
        }
    }

    /** Exact: the unscaled long with scale 8, null for {@link Decimal8#NULL}. */
    static BigDecimal decimal(long unscaled) {
        return unscaled == Decimal8.NULL ? null : BigDecimal.valueOf(unscaled, 8);
    }

    static OffsetDateTime time(long micros) {
        if (micros == EpochMicros.NULL) {
            return null;
        }
        return OffsetDateTime.ofInstant(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                Math.floorMod(micros, 1_000_000L) * 1_000L), ZoneOffset.UTC);
    }

    private static String coded(CodedValue v) {
        return v == null ? null : v.text();
    }
}

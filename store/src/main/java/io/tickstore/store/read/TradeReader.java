package io.tickstore.store.read;

import io.tickstore.store.hot.UnstoredLog;
import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.Liquidity;
import io.tickstore.store.model.Side;
import io.tickstore.store.model.TradeRecord;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;

/** Fills (trades), from DuckDB and the hot tier ({@link MergedRows}). Worker threads. */
public final class TradeReader {
    private static final String SELECT = "SELECT trade_id, order_id, exchange, symbol, strategy_id, side, quantity, "
            + "price, epoch_us(executed_at), commission, fees, exchange_trade_id, liquidity, journal_index FROM trades";
    private static final Comparator<UnstoredLog.Entry<TradeRecord>> ORDER =
            Comparator.<UnstoredLog.Entry<TradeRecord>>comparingLong(e -> e.row().executedAt)
                    .thenComparingLong(UnstoredLog.Entry::journalIndex);

    private final MergedRows<TradeRecord> rows;

    /** {@code earliest}: where hybrid reads split a range ({@link HistoryTable#TRADES}). */
    public TradeReader(UnstoredLog<TradeRecord> hot, ReaderPool pool, EarliestLocal earliest) {
        this.rows = new MergedRows<>(pool, hot, HistoryTable.TRADES, t -> t.executedAt, earliest, SELECT,
                "executed_at, journal_index", rs -> {
            TradeRecord t = new TradeRecord();
            t.tradeId = rs.getString(1);
            t.orderId = rs.getString(2);
            t.exchange = rs.getString(3);
            t.symbol = rs.getString(4);
            t.strategyId = rs.getString(5);
            t.side = Side.byText(rs.getString(6));
            t.quantity = Decimal8.fromNullable(rs.getBigDecimal(7));
            t.price = Decimal8.fromNullable(rs.getBigDecimal(8));
            t.executedAt = rs.getLong(9);
            t.commission = Decimal8.fromNullable(rs.getBigDecimal(10));
            t.fees = Decimal8.fromNullable(rs.getBigDecimal(11));
            t.exchangeTradeId = rs.getString(12);
            String liquidity = rs.getString(13);
            t.liquidity = liquidity == null ? null : Liquidity.byText(liquidity);
            return new UnstoredLog.Entry<>(rs.getLong(14), t);
        }, ORDER, null);
    }

    /** Fills matching {@code q}, in (executed_at, journal_index) order, at most {@code max}, each with its journal index; their tiers added to {@code answered}. */
    public List<UnstoredLog.Entry<TradeRecord>> page(Query q, int max, TiersAnswered answered) throws SQLException {
        return rows.page(q.where(), q::matches, q.start(), q.to(), max, answered);
    }

    /** Answers the part of ranges before the local tiers' earliest fill from {@code older} (null: nowhere). */
    void olderFrom(OlderHistory older) {
        rows.olderFrom(older);
    }

    /**
     * What to list: executed_at in [from, to), optionally of one order, exchange, symbol, strategy
     * ({@code ""}: fills without one), after the cursor (executed_at, journal_index) if {@code hasCursor}.
     */
    public record Query(String orderId, String exchange, String symbol, String strategyId, long from, long to,
                        boolean hasCursor, long afterTime, long afterIndex) {
        WhereClause where() {
            WhereClause w = new WhereClause()
                    .timeWithin("executed_at", from, to)
                    .equal("order_id", orderId)
                    .equal("exchange", exchange)
                    .equal("symbol", symbol);
            w.equalOrNull("strategy_id", strategyId);
            if (hasCursor) {
                w.after("executed_at", afterTime, "journal_index", afterIndex);
            }
            return w;
        }

        /** The earliest executed_at a row of the page can have. */
        long start() {
            return hasCursor ? Math.max(from, afterTime) : from;
        }

        boolean matches(UnstoredLog.Entry<TradeRecord> e) {
            TradeRecord t = e.row();
            return t.executedAt >= from && t.executedAt < to
                    && (orderId == null || orderId.equals(t.orderId))
                    && (exchange == null || exchange.equals(t.exchange))
                    && (symbol == null || symbol.equals(t.symbol))
                    && WhereClause.matchesEqualOrNull(strategyId, t.strategyId)
                    && (!hasCursor || t.executedAt > afterTime
                    || (t.executedAt == afterTime && e.journalIndex() > afterIndex));
        }
    }
}

package io.tickstore.query;

import io.tickstore.store.live.BarUpdate;
import io.tickstore.store.model.CodedValue;
import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.EpochMicros;
import io.tickstore.store.model.Int128;
import io.tickstore.store.model.OrderRecord;
import io.tickstore.store.model.TradeRecord;
import io.tickstore.store.positions.PortfolioSnapshot;
import io.tickstore.store.positions.PositionChange;
import io.tickstore.store.positions.PositionUpdate;
import io.tickstore.store.quotes.Quote;
import java.math.BigDecimal;

/**
 * The one JSON shape of a bar, a tick, a quote, an order, a trade, a position, a position change
 * and a portfolio snapshot, shared by the HTTP API and the live stream so both say the same thing.
 * Decimals are JSON numbers printed exactly (no exponent, no trailing zeros); times are ISO-8601 UTC;
 * absent values are null.
 */
public final class MarketJson {
    private MarketJson() {
    }

    /**
     * {@code {"time":…,"open":…,"high":…,"low":…,"close":…,"volume":…,"vwap":…,"trade_count":N,"complete":b}};
     * prices in Decimal8 units, vwap = priceVolume / volume rounded half-even to 8 decimals.
     */
    public static void bar(StringBuilder out, long bucketStart, long open, long high, long low, long close,
                           Int128 volume, Int128 priceVolume, long tradeCount, boolean complete) {
        out.append("{\"time\":");
        time(out, bucketStart);
        out.append(",\"open\":");
        Decimal8.format(open, out);
        out.append(",\"high\":");
        Decimal8.format(high, out);
        out.append(",\"low\":");
        Decimal8.format(low, out);
        out.append(",\"close\":");
        Decimal8.format(close, out);
        out.append(",\"volume\":");
        volume(out, volume);
        out.append(",\"vwap\":");
        if (!vwap(out, priceVolume, volume)) {
            out.append("null");
        }
        out.append(",\"trade_count\":").append(tradeCount);
        out.append(",\"complete\":").append(complete).append('}');
    }

    public static void bar(StringBuilder out, BarUpdate b) {
        Int128 volume = new Int128();
        volume.set(b.volumeHigh(), b.volumeLow());
        Int128 priceVolume = new Int128();
        priceVolume.set(b.priceVolumeHigh(), b.priceVolumeLow());
        bar(out, b.bucketStart(), b.open(), b.high(), b.low(), b.close(), volume, priceVolume, b.tradeCount(),
                b.complete());
    }

    /** Σ size, in units of 1e-8, exactly. */
    static void volume(StringBuilder out, Int128 volume) {
        if (volume.fitsInLong()) {
            Decimal8.formatUnits(volume.low(), out);
        } else {
            plain(out, volume.toBigDecimal(8));
        }
    }

    /**
     * Appends the vwap by the rule of {@link BarUpdate#vwap}, {@code priceVolume} in units of 1e-16 and
     * {@code volume} of 1e-8; false (nothing appended) for a zero volume, which has none.
     */
    static boolean vwap(StringBuilder out, Int128 priceVolume, Int128 volume) {
        if (volume.isZero()) {
            return false;
        }
        long units = priceVolume.divideHalfEven(volume); // the quotient is in units of 1e-8
        if (units != Long.MIN_VALUE) {
            Decimal8.formatUnits(units, out);
        } else {
            plain(out, BarUpdate.vwap(priceVolume.toBigDecimal(16), volume.toBigDecimal(8)));
        }
        return true;
    }

    /** A quote with its exchange and symbol; sides the feed never sent are null. */
    public static void quote(StringBuilder out, Quote q) {
        out.append("{\"exchange\":");
        JsonText.string(out, q.exchange());
        out.append(",\"symbol\":");
        JsonText.string(out, q.symbol());
        out.append(",\"bid_price\":");
        decimal(out, q.bidPrice());
        out.append(",\"bid_size\":");
        decimal(out, q.bidSize());
        out.append(",\"bid_time\":");
        optionalTime(out, q.bidTime());
        out.append(",\"ask_price\":");
        decimal(out, q.askPrice());
        out.append(",\"ask_size\":");
        decimal(out, q.askSize());
        out.append(",\"ask_time\":");
        optionalTime(out, q.askTime());
        out.append(",\"last_price\":");
        decimal(out, q.lastPrice());
        out.append(",\"last_size\":");
        decimal(out, q.lastSize());
        out.append(",\"last_time\":");
        optionalTime(out, q.lastTime());
        out.append('}');
    }

    /** An order's stored columns, {@code journal_index} aside. */
    public static void order(StringBuilder out, OrderRecord o) {
        out.append("{\"order_id\":");
        JsonText.string(out, o.orderId);
        out.append(",\"client_order_id\":");
        JsonText.string(out, o.clientOrderId);
        out.append(",\"exchange\":");
        JsonText.string(out, o.exchange);
        out.append(",\"symbol\":");
        JsonText.string(out, o.symbol);
        out.append(",\"strategy_id\":");
        JsonText.string(out, o.strategyId);
        out.append(",\"side\":");
        coded(out, o.side);
        out.append(",\"order_type\":");
        coded(out, o.orderType);
        out.append(",\"time_in_force\":");
        coded(out, o.timeInForce);
        out.append(",\"quantity\":");
        decimal(out, o.quantity);
        out.append(",\"price\":");
        decimal(out, o.price);
        out.append(",\"stop_price\":");
        decimal(out, o.stopPrice);
        out.append(",\"status\":");
        coded(out, o.status);
        out.append(",\"filled_quantity\":");
        decimal(out, o.filledQuantity);
        out.append(",\"average_fill_price\":");
        decimal(out, o.averageFillPrice);
        out.append(",\"created_at\":");
        optionalTime(out, o.createdAt);
        out.append(",\"updated_at\":");
        optionalTime(out, o.updatedAt);
        out.append('}');
    }

    /** A trade's (fill's) stored columns, {@code journal_index} aside. */
    public static void trade(StringBuilder out, TradeRecord t) {
        out.append("{\"trade_id\":");
        JsonText.string(out, t.tradeId);
        out.append(",\"order_id\":");
        JsonText.string(out, t.orderId);
        out.append(",\"exchange\":");
        JsonText.string(out, t.exchange);
        out.append(",\"symbol\":");
        JsonText.string(out, t.symbol);
        out.append(",\"strategy_id\":");
        JsonText.string(out, t.strategyId);
        out.append(",\"side\":");
        coded(out, t.side);
        out.append(",\"quantity\":");
        decimal(out, t.quantity);
        out.append(",\"price\":");
        decimal(out, t.price);
        out.append(",\"executed_at\":");
        optionalTime(out, t.executedAt);
        out.append(",\"commission\":");
        decimal(out, t.commission);
        out.append(",\"fees\":");
        decimal(out, t.fees);
        out.append(",\"exchange_trade_id\":");
        JsonText.string(out, t.exchangeTradeId);
        out.append(",\"liquidity\":");
        coded(out, t.liquidity);
        out.append('}');
    }

    /**
     * A position as stored in {@code positions} (the live stream's shape): {@code strategy_id} is
     * {@code ""} for orders without one; {@code average_entry_price} is null when flat.
     */
    public static void position(StringBuilder out, PositionUpdate p) {
        positionFields(out, p);
        out.append('}');
    }

    /**
     * A position valued at {@code marketPrice} (the HTTP shape): the stored fields, then
     * {@code market_price}, {@code price_source}, {@code price_time}, {@code market_value} and
     * {@code unrealized_pnl}.
     */
    public static void position(StringBuilder out, PositionUpdate p, long marketPrice, String priceSource,
                                long priceTime, BigDecimal marketValue, BigDecimal unrealizedPnl) {
        positionFields(out, p);
        out.append(",\"market_price\":");
        decimal(out, marketPrice);
        out.append(",\"price_source\":");
        JsonText.string(out, priceSource);
        out.append(",\"price_time\":");
        optionalTime(out, priceTime);
        out.append(",\"market_value\":");
        plain(out, marketValue);
        out.append(",\"unrealized_pnl\":");
        plain(out, unrealizedPnl);
        out.append('}');
    }

    private static void positionFields(StringBuilder out, PositionUpdate p) {
        out.append("{\"exchange\":");
        JsonText.string(out, p.exchange());
        out.append(",\"symbol\":");
        JsonText.string(out, p.symbol());
        out.append(",\"strategy_id\":");
        JsonText.string(out, p.strategyId());
        out.append(",\"side\":");
        JsonText.string(out, p.side());
        out.append(",\"quantity\":");
        decimal(out, p.quantity());
        out.append(",\"average_entry_price\":");
        decimal(out, p.averageEntryPrice());
        out.append(",\"realized_pnl\":");
        plain(out, p.realizedPnl());
        out.append(",\"fees\":");
        plain(out, p.fees());
        out.append(",\"fill_count\":").append(p.fillCount());
        out.append(",\"last_fill_price\":");
        decimal(out, p.lastFillPrice());
        out.append(",\"updated_at\":");
        optionalTime(out, p.updatedAt());
    }

    /** One row of {@code position_snapshots}: a position right after one fill. */
    public static void positionChange(StringBuilder out, PositionChange c) {
        out.append("{\"exchange\":");
        JsonText.string(out, c.exchange());
        out.append(",\"symbol\":");
        JsonText.string(out, c.symbol());
        out.append(",\"strategy_id\":");
        JsonText.string(out, c.strategyId());
        out.append(",\"time\":");
        time(out, c.time());
        out.append(",\"trade_id\":");
        JsonText.string(out, c.tradeId());
        out.append(",\"fill_side\":");
        JsonText.string(out, c.fillSide());
        out.append(",\"fill_quantity\":");
        decimal(out, c.fillQuantity());
        out.append(",\"fill_price\":");
        decimal(out, c.fillPrice());
        out.append(",\"side\":");
        JsonText.string(out, c.side());
        out.append(",\"quantity\":");
        decimal(out, c.quantity());
        out.append(",\"average_entry_price\":");
        decimal(out, c.averageEntryPrice());
        out.append(",\"realized_pnl\":");
        plain(out, c.realizedPnl());
        out.append('}');
    }

    /** One row of {@code portfolio_snapshots}. */
    public static void portfolioSnapshot(StringBuilder out, PortfolioSnapshot s) {
        out.append("{\"snapshot_time\":");
        time(out, s.time());
        out.append(",\"snapshot_type\":");
        JsonText.string(out, s.type());
        out.append(",\"cash\":");
        plain(out, s.cash());
        out.append(",\"positions_value\":");
        plain(out, s.positionsValue());
        out.append(",\"equity\":");
        plain(out, s.equity());
        out.append(",\"total_pnl\":");
        plain(out, s.totalPnl());
        out.append(",\"daily_pnl\":");
        plain(out, s.dailyPnl());
        out.append(",\"open_positions\":").append(s.openPositions());
        out.append(",\"long_positions\":").append(s.longPositions());
        out.append(",\"short_positions\":").append(s.shortPositions());
        out.append(",\"peak_equity\":");
        plain(out, s.peakEquity());
        out.append(",\"max_drawdown\":");
        plain(out, s.maxDrawdown());
        out.append('}');
    }

    private static void coded(StringBuilder out, CodedValue v) {
        if (v == null) {
            out.append("null");
        } else {
            JsonText.string(out, v.text());
        }
    }

    public static void string(StringBuilder out, String s) {
        JsonText.string(out, s);
    }

    /** Decimal8 units, or null for {@link Decimal8#NULL}. */
    public static void decimal(StringBuilder out, long unscaled) {
        if (unscaled == Decimal8.NULL) {
            out.append("null");
        } else {
            Decimal8.format(unscaled, out);
        }
    }

    public static void time(StringBuilder out, long micros) {
        out.append('"');
        EpochMicros.formatIso(micros, out);
        out.append('"');
    }

    private static void optionalTime(StringBuilder out, long micros) {
        if (micros == EpochMicros.NULL) {
            out.append("null");
        } else {
            time(out, micros);
        }
    }

    /** An exact decimal of any scale as a plain JSON number without trailing zeros, or null. */
    private static void plain(StringBuilder out, BigDecimal v) {
        if (v == null) {
            out.append("null");
        } else if (v.signum() == 0) {
            out.append('0');
        } else {
            out.append(v.stripTrailingZeros().toPlainString());
        }
    }
}

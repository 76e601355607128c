package io.tickstore.store.journal;

import io.tickstore.store.model.EpochMicros;
import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.model.Liquidity;
import io.tickstore.store.model.MessageType;
import io.tickstore.store.model.OrderRecord;
import io.tickstore.store.model.OrderStatus;
import io.tickstore.store.model.OrderType;
import io.tickstore.store.model.Side;
import io.tickstore.store.model.TickRecord;
import io.tickstore.store.model.TimeInForce;
import io.tickstore.store.model.TradeRecord;
import net.openhft.chronicle.bytes.Bytes;

/**
 * The journal's wire format, version 2. One Chronicle document per message:
 * <pre>
 * byte  format version (2)
 * byte  message type   (1 tick, 2 order, 3 trade, 4 portfolio snapshot mark)
 * ...   the type's fields, in the order below
 * int64 journaled_at: when the journaller took the message's frame, epoch microseconds UTC (wall
 *       clock, millisecond resolution): what a point-in-time restore by time cuts on
 * </pre>
 * Version 1 is the same without {@code journaled_at}; it is still read ({@link IngestMessage#journaledAt}
 * then null).
 * Strings are Chronicle stop-bit-length UTF-8 (length -1 = null); decimals are int64 units of 1e-8
 * ({@code Long.MIN_VALUE} = null); times are int64 epoch microseconds UTC ({@code Long.MIN_VALUE} = null);
 * enums are one byte, 0 = null.
 * <pre>
 * tick:  exchange, symbol, timestamp, bid_price, ask_price, bid_size, ask_size, last_price, last_size,
 *        volume, sequence_number, conditions, tape
 * order: order_id, client_order_id, exchange, symbol, strategy_id, side, order_type, time_in_force,
 *        quantity, price, stop_price, status, filled_quantity, average_fill_price, created_at, updated_at
 * trade: trade_id, order_id, exchange, symbol, strategy_id, side, quantity, price, executed_at,
 *        commission, fees, exchange_trade_id, liquidity
 * portfolio snapshot mark: due_at (time)
 * </pre>
 * Type 4 was added without a version change: it is written by the store itself (never by a client),
 * and a build that predates it would refuse it as an unknown type rather than misread it.
 * A reader refuses a version it does not know; a change to this layout is a new version, and the
 * reader keeps decoding every older one. Documented for operators in docs/durability.md.
 */
public final class JournalCodec {
    public static final byte VERSION = 2;
    /** The first version, without {@code journaled_at}: still read. */
    static final byte VERSION_1 = 1;

    /** Exchange, symbol, strategy and tape texts, written from their kept bytes. */
    private static final RepeatedText NAMES = new RepeatedText();

    private JournalCodec() {
    }

    /** Writes {@code m}, journaled at {@code journaledAt} (epoch microseconds). */
    public static void write(IngestMessage m, long journaledAt, Bytes<?> out) {
        out.writeByte(VERSION);
        out.writeByte(m.type.code);
        switch (m.type) {
            case TICK -> writeTick(m.tick, out);
            case ORDER -> writeOrder(m.order, out);
            case TRADE -> writeTrade(m.trade, out);
            case PORTFOLIO_SNAPSHOT -> out.writeLong(m.snapshotAt);
        }
        out.writeLong(journaledAt);
    }

    /** Writes {@code m} with its own {@link IngestMessage#journaledAt}. */
    public static void write(IngestMessage m, Bytes<?> out) {
        write(m, m.journaledAt, out);
    }

    /** Decodes one document into {@code m}; strings come back as fresh {@link String}s. */
    public static void read(Bytes<?> in, IngestMessage m) {
        read(in, m, null);
    }

    /**
     * Decodes one document into {@code m}. With {@code text}, the strings that repeat from message to
     * message (exchange, symbol, strategy, conditions, tape) come from it instead of being allocated.
     */
    public static void read(Bytes<?> in, IngestMessage m, JournalText text) {
        byte version = in.readByte();
        if (version != VERSION && version != VERSION_1) {
            throw new IllegalStateException("journal document has format version " + version
                    + ", this build reads versions " + VERSION_1 + " and " + VERSION);
        }
        m.clear();
        m.type = MessageType.fromCode(in.readByte());
        switch (m.type) {
            case TICK -> readTick(in, m.tick, text);
            case ORDER -> readOrder(in, m.order, text);
            case TRADE -> readTrade(in, m.trade, text);
            case PORTFOLIO_SNAPSHOT -> m.snapshotAt = in.readLong();
        }
        m.journaledAt = version == VERSION_1 ? EpochMicros.NULL : in.readLong();
    }

    private static String repeated(Bytes<?> in, JournalText text) {
        return text == null ? in.readUtf8() : text.read(in);
    }

    private static void writeTick(TickRecord t, Bytes<?> out) {
        NAMES.write(out, t.exchange);
        NAMES.write(out, t.symbol);
        out.writeLong(t.timestamp);
        out.writeLong(t.bidPrice);
        out.writeLong(t.askPrice);
        out.writeLong(t.bidSize);
        out.writeLong(t.askSize);
        out.writeLong(t.lastPrice);
        out.writeLong(t.lastSize);
        out.writeLong(t.volume);
        out.writeLong(t.sequenceNumber);
        NAMES.write(out, t.conditions);
        NAMES.write(out, t.tape);
    }

    private static void readTick(Bytes<?> in, TickRecord t, JournalText text) {
        t.exchange = repeated(in, text);
        t.symbol = repeated(in, text);
        t.timestamp = in.readLong();
        t.bidPrice = in.readLong();
        t.askPrice = in.readLong();
        t.bidSize = in.readLong();
        t.askSize = in.readLong();
        t.lastPrice = in.readLong();
        t.lastSize = in.readLong();
        t.volume = in.readLong();
        t.sequenceNumber = in.readLong();
        t.conditions = repeated(in, text);
        t.tape = repeated(in, text);
    }

    private static void writeOrder(OrderRecord o, Bytes<?> out) {
        out.writeUtf8(o.orderId);
        out.writeUtf8(o.clientOrderId);
        NAMES.write(out, o.exchange);
        NAMES.write(out, o.symbol);
        NAMES.write(out, o.strategyId);
        out.writeByte(o.side == null ? 0 : o.side.code());
        out.writeByte(o.orderType == null ? 0 : o.orderType.code());
        out.writeByte(o.timeInForce == null ? 0 : o.timeInForce.code());
        out.writeLong(o.quantity);
        out.writeLong(o.price);
        out.writeLong(o.stopPrice);
        out.writeByte(o.status == null ? 0 : o.status.code());
        out.writeLong(o.filledQuantity);
        out.writeLong(o.averageFillPrice);
        out.writeLong(o.createdAt);
        out.writeLong(o.updatedAt);
    }

    private static void readOrder(Bytes<?> in, OrderRecord o, JournalText text) {
        o.orderId = in.readUtf8();
        o.clientOrderId = in.readUtf8();
        o.exchange = repeated(in, text);
        o.symbol = repeated(in, text);
        o.strategyId = repeated(in, text);
        o.side = Side.byCode(in.readByte());
        o.orderType = OrderType.byCode(in.readByte());
        o.timeInForce = TimeInForce.byCode(in.readByte());
        o.quantity = in.readLong();
        o.price = in.readLong();
        o.stopPrice = in.readLong();
        o.status = OrderStatus.byCode(in.readByte());
        o.filledQuantity = in.readLong();
        o.averageFillPrice = in.readLong();
        o.createdAt = in.readLong();
        o.updatedAt = in.readLong();
    }

    private static void writeTrade(TradeRecord t, Bytes<?> out) {
        out.writeUtf8(t.tradeId);
        out.writeUtf8(t.orderId);
        NAMES.write(out, t.exchange);
        NAMES.write(out, t.symbol);
        NAMES.write(out, t.strategyId);
        out.writeByte(t.side == null ? 0 : t.side.code());
        out.writeLong(t.quantity);
        out.writeLong(t.price);
        out.writeLong(t.executedAt);
        out.writeLong(t.commission);
        out.writeLong(t.fees);
        out.writeUtf8(t.exchangeTradeId);
        out.writeByte(t.liquidity == null ? 0 : t.liquidity.code());
    }

    private static void readTrade(Bytes<?> in, TradeRecord t, JournalText text) {
        t.tradeId = in.readUtf8();
        t.orderId = in.readUtf8();
        t.exchange = repeated(in, text);
        t.symbol = repeated(in, text);
        t.strategyId = repeated(in, text);
        t.side = Side.byCode(in.readByte());
        t.quantity = in.readLong();
        t.price = in.readLong();
        t.executedAt = in.readLong();
        t.commission = in.readLong();
        t.fees = in.readLong();
        t.exchangeTradeId = in.readUtf8();
        t.liquidity = Liquidity.byCode(in.readByte());
    }
}

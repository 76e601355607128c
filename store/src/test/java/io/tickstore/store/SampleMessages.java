package io.tickstore.store;

import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.EpochMicros;
import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.model.Liquidity;
import io.tickstore.store.model.MessageType;
import io.tickstore.store.model.OrderStatus;
import io.tickstore.store.model.OrderType;
import io.tickstore.store.model.Side;
import io.tickstore.store.model.TimeInForce;

/** Builds fully populated or minimal ingest messages for tests. Every call returns a fresh holder. */
public final class SampleMessages {
    /** 2024-01-02T14:30:00Z in epoch microseconds. */
    public static final long T0 = EpochMicros.parseIso("2024-01-02T14:30:00Z");

    private SampleMessages() {
    }

    /** A quote-and-trade tick with every field set; prices derive from {@code seq} so rows are distinguishable. */
    public static IngestMessage tick(String exchange, String symbol, long seq) {
        IngestMessage m = new IngestMessage();
        m.type = MessageType.TICK;
        m.tick.exchange = exchange;
        m.tick.symbol = symbol;
        m.tick.timestamp = T0 + seq;
        m.tick.bidPrice = Decimal8.parse("189.98") + seq;
        m.tick.askPrice = Decimal8.parse("190.01");
        m.tick.bidSize = Decimal8.parse("300");
        m.tick.askSize = Decimal8.parse("0.00000001");
        m.tick.lastPrice = Decimal8.parse("190.00000001");
        m.tick.lastSize = Decimal8.parse("100");
        m.tick.volume = Decimal8.parse("9999999999.99999999");
        m.tick.sequenceNumber = seq;
        m.tick.conditions = "@F";
        m.tick.tape = "C";
        return m;
    }

    /** A tick with only the required fields set. */
    public static IngestMessage bareTick(String exchange, String symbol, long seq) {
        IngestMessage m = new IngestMessage();
        m.type = MessageType.TICK;
        m.tick.exchange = exchange;
        m.tick.symbol = symbol;
        m.tick.timestamp = T0 + seq;
        m.tick.sequenceNumber = seq;
        return m;
    }

    /** A new limit order with every field set. */
    public static IngestMessage order(String orderId, OrderStatus status) {
        IngestMessage m = new IngestMessage();
        m.type = MessageType.ORDER;
        m.order.orderId = orderId;
        m.order.clientOrderId = "c-" + orderId;
        m.order.exchange = "NASDAQ";
        m.order.symbol = "AAPL";
        m.order.strategyId = "s1";
        m.order.side = Side.BUY;
        m.order.orderType = OrderType.LIMIT;
        m.order.timeInForce = TimeInForce.GTC;
        m.order.quantity = Decimal8.parse("10.5");
        m.order.price = Decimal8.parse("190.12345678");
        m.order.stopPrice = Decimal8.parse("185");
        m.order.status = status;
        m.order.filledQuantity = Decimal8.parse("0"); // fills set it; average_fill_price too
        m.order.createdAt = T0;
        m.order.updatedAt = T0 + 1;
        return m;
    }

    /** An order message with only the required fields (ids, exchange, symbol, side, type, quantity, status). */
    public static IngestMessage bareOrder(String orderId, OrderStatus status) {
        IngestMessage m = new IngestMessage();
        m.type = MessageType.ORDER;
        m.order.orderId = orderId;
        m.order.exchange = "NASDAQ";
        m.order.symbol = "AAPL";
        m.order.side = Side.SELL;
        m.order.orderType = OrderType.MARKET;
        m.order.quantity = Decimal8.parse("1");
        m.order.status = status;
        return m;
    }

    /** A fill of order o-1 (as {@link #order} makes it: NASDAQ AAPL buy, strategy s1) with every field set. */
    public static IngestMessage trade(String tradeId) {
        IngestMessage m = new IngestMessage();
        m.type = MessageType.TRADE;
        m.trade.tradeId = tradeId;
        m.trade.orderId = "o-1";
        m.trade.exchange = "NASDAQ";
        m.trade.symbol = "AAPL";
        m.trade.strategyId = "s1";
        m.trade.side = Side.BUY;
        m.trade.quantity = Decimal8.parse("3.25");
        m.trade.price = Decimal8.parse("190.00000001");
        m.trade.executedAt = T0 + 5;
        m.trade.commission = Decimal8.parse("0.01");
        m.trade.fees = Decimal8.parse("0.00000003");
        m.trade.exchangeTradeId = "x-" + tradeId;
        m.trade.liquidity = Liquidity.MAKER;
        return m;
    }

    /** A fill of order o-1 with only the required fields. */
    public static IngestMessage bareTrade(String tradeId) {
        IngestMessage m = new IngestMessage();
        m.type = MessageType.TRADE;
        m.trade.tradeId = tradeId;
        m.trade.orderId = "o-1";
        m.trade.exchange = "NASDAQ";
        m.trade.symbol = "AAPL";
        m.trade.side = Side.BUY;
        m.trade.quantity = Decimal8.parse("1");
        m.trade.price = Decimal8.parse("2");
        m.trade.executedAt = T0;
        return m;
    }

    public static IngestMessage[] ticks(String exchange, String symbol, long fromSeq, int count) {
        IngestMessage[] out = new IngestMessage[count];
        for (int i = 0; i < count; i++) {
            out[i] = tick(exchange, symbol, fromSeq + i);
        }
        return out;
    }

    /** Every field of the live record, for whole-message equality with a readable diff. */
    public static String describe(IngestMessage m) {
        return switch (m.type) {
            case TICK -> String.join("|", "tick", m.tick.exchange, m.tick.symbol, String.valueOf(m.tick.timestamp),
                    String.valueOf(m.tick.bidPrice), String.valueOf(m.tick.askPrice), String.valueOf(m.tick.bidSize),
                    String.valueOf(m.tick.askSize), String.valueOf(m.tick.lastPrice), String.valueOf(m.tick.lastSize),
                    String.valueOf(m.tick.volume), String.valueOf(m.tick.sequenceNumber), m.tick.conditions, m.tick.tape);
            case ORDER -> String.join("|", "order", m.order.orderId, m.order.clientOrderId, m.order.exchange,
                    m.order.symbol, m.order.strategyId, String.valueOf(m.order.side), String.valueOf(m.order.orderType),
                    String.valueOf(m.order.timeInForce), String.valueOf(m.order.quantity), String.valueOf(m.order.price),
                    String.valueOf(m.order.stopPrice), String.valueOf(m.order.status),
                    String.valueOf(m.order.filledQuantity), String.valueOf(m.order.averageFillPrice),
                    String.valueOf(m.order.createdAt), String.valueOf(m.order.updatedAt));
            case TRADE -> String.join("|", "trade", m.trade.tradeId, m.trade.orderId, m.trade.exchange, m.trade.symbol,
                    m.trade.strategyId, String.valueOf(m.trade.side), String.valueOf(m.trade.quantity),
                    String.valueOf(m.trade.price), String.valueOf(m.trade.executedAt), String.valueOf(m.trade.commission),
                    String.valueOf(m.trade.fees), m.trade.exchangeTradeId, String.valueOf(m.trade.liquidity));
            case PORTFOLIO_SNAPSHOT -> "portfolio_snapshot|" + m.snapshotAt;
        };
    }
}

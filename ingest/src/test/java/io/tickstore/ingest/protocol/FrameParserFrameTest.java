package io.tickstore.ingest.protocol;

import static io.tickstore.ingest.protocol.Frames.T0;
import static io.tickstore.ingest.protocol.Frames.array;
import static io.tickstore.ingest.protocol.Frames.order;
import static io.tickstore.ingest.protocol.Frames.tick;
import static io.tickstore.ingest.protocol.Frames.trade;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.EpochMicros;
import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.model.MessageType;
import io.tickstore.store.model.OrderType;
import io.tickstore.store.model.Side;
import io.tickstore.store.model.TickRecord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Multi-message frames, and one parser reused across frames. */
class FrameParserFrameTest {
    private final FrameParser parser = new FrameParser(8);

    @Test
    void mixedTypesLandAtTheirIndex() throws FrameRejection {
        int n = parser.parse(array(
                tick("\"bid_price\":1"),
                order("\"price\":2").replace("\"market\"", "\"limit\""),
                trade("\"fees\":0.1"),
                tick("\"last_price\":3,\"last_size\":4").replace("\"sequence_number\":1", "\"sequence_number\":2")));
        assertEquals(4, n);
        IngestMessage[] m = parser.messages();
        assertEquals(MessageType.TICK, m[0].type);
        assertEquals(100_000_000L, m[0].tick.bidPrice);
        assertEquals(1L, m[0].tick.sequenceNumber);
        assertEquals(MessageType.ORDER, m[1].type);
        assertEquals(OrderType.LIMIT, m[1].order.orderType);
        assertEquals(200_000_000L, m[1].order.price);
        assertEquals(MessageType.TRADE, m[2].type);
        assertEquals(10_000_000L, m[2].trade.fees);
        assertEquals(Side.SELL, m[2].trade.side);
        assertEquals(MessageType.TICK, m[3].type);
        assertEquals(300_000_000L, m[3].tick.lastPrice);
        assertEquals(400_000_000L, m[3].tick.lastSize);
        assertEquals(Decimal8.NULL, m[3].tick.bidPrice);
        assertEquals(2L, m[3].tick.sequenceNumber);
    }

    @Test
    void protocolDocExampleFrame() throws FrameRejection {
        int n = parser.parse("[{\"type\":\"tick\",\"exchange\":\"NASDAQ\",\"symbol\":\"AAPL\","
                + "\"timestamp\":\"2024-01-02T14:30:00.123456Z\",\"bid_price\":189.98,\"ask_price\":190.01,\"sequence_number\":1},\n"
                + " {\"type\":\"tick\",\"exchange\":\"NASDAQ\",\"symbol\":\"AAPL\",\"timestamp\":\"2024-01-02T14:30:00.200Z\","
                + "\"last_price\":190.00,\"last_size\":100,\"sequence_number\":2}]");
        Frames.assertProtocolDocTicks(parser, n);
    }

    @Test
    void singleObjectAndOneElementArrayAreTheSame() throws FrameRejection {
        assertEquals(1, parser.parse(tick("\"bid_price\":1.25")));
        long fromObject = parser.messages()[0].tick.bidPrice;
        assertEquals(1, parser.parse(array(tick("\"bid_price\":1.25"))));
        assertEquals(fromObject, parser.messages()[0].tick.bidPrice);
        assertEquals(125_000_000L, fromObject);
    }

    @Test
    void messagesArrayIsTheSameHoldersEveryTime() throws FrameRejection {
        IngestMessage[] before = parser.messages();
        IngestMessage first = before[0];
        parser.parse(array(tick("\"bid_price\":1"), order("")));
        assertSame(before, parser.messages());
        assertSame(first, parser.messages()[0]);
        assertEquals(8, parser.messages().length);
    }

    @Test
    void fullMaxMessagesFrame() throws FrameRejection {
        List<String> elements = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            elements.add(tick("\"bid_price\":" + i).replace("\"sequence_number\":1", "\"sequence_number\":" + i));
        }
        assertEquals(8, parser.parse(array(elements.toArray(new String[0]))));
        for (int i = 0; i < 8; i++) {
            assertEquals(i * Decimal8.SCALE, parser.messages()[i].tick.bidPrice);
            assertEquals(i, parser.messages()[i].tick.sequenceNumber);
        }
    }

    @Test
    void secondFrameDoesNotLeakFieldsOfTheFirst() throws FrameRejection {
        parser.parse(tick("\"bid_price\":1,\"ask_price\":2,\"bid_size\":3,\"ask_size\":4,\"last_price\":5,\"last_size\":6,"
                + "\"volume\":7,\"conditions\":\"X\",\"tape\":\"A\""));
        parser.parse(tick("\"ask_price\":9"));
        TickRecord t = parser.messages()[0].tick;
        assertEquals(Decimal8.NULL, t.bidPrice);
        assertEquals(900_000_000L, t.askPrice);
        assertEquals(Decimal8.NULL, t.bidSize);
        assertEquals(Decimal8.NULL, t.askSize);
        assertEquals(Decimal8.NULL, t.lastPrice);
        assertEquals(Decimal8.NULL, t.lastSize);
        assertEquals(Decimal8.NULL, t.volume);
        assertNull(t.conditions);
        assertNull(t.tape);
    }

    @Test
    void secondElementDoesNotLeakFieldsOfTheFirstInTheSameFrame() throws FrameRejection {
        parser.parse(array(tick("\"bid_price\":1,\"tape\":\"A\""), tick("\"ask_price\":2")));
        TickRecord second = parser.messages()[1].tick;
        assertEquals(Decimal8.NULL, second.bidPrice);
        assertNull(second.tape);
    }

    @Test
    void orderOptionalFieldsDoNotLeakAcrossFrames() throws FrameRejection {
        parser.parse(order("\"client_order_id\":\"c\",\"strategy_id\":\"s\",\"time_in_force\":\"ioc\",\"price\":1,"
                + "\"stop_price\":2,\"filled_quantity\":3,\"average_fill_price\":4,\"created_at\":" + T0 + ",\"updated_at\":" + T0)
                .replace("\"market\"", "\"stop_limit\""));
        parser.parse(order(""));
        var o = parser.messages()[0].order;
        assertEquals(OrderType.MARKET, o.orderType);
        assertNull(o.clientOrderId);
        assertNull(o.strategyId);
        assertNull(o.timeInForce);
        assertEquals(Decimal8.NULL, o.price);
        assertEquals(Decimal8.NULL, o.stopPrice);
        assertEquals(Decimal8.NULL, o.filledQuantity);
        assertEquals(Decimal8.NULL, o.averageFillPrice);
        assertEquals(EpochMicros.NULL, o.createdAt);
        assertEquals(EpochMicros.NULL, o.updatedAt);
    }

    @Test
    void tradeOptionalFieldsDoNotLeakAcrossFrames() throws FrameRejection {
        parser.parse(trade("\"strategy_id\":\"s\",\"commission\":1,\"fees\":2,\"exchange_trade_id\":\"x\","
                + "\"liquidity\":\"taker\""));
        parser.parse(trade(""));
        var t = parser.messages()[0].trade;
        assertNull(t.strategyId);
        assertEquals(Decimal8.NULL, t.commission);
        assertEquals(Decimal8.NULL, t.fees);
        assertNull(t.exchangeTradeId);
        assertNull(t.liquidity);
    }

    @Test
    void slotChangingTypeLeavesNoTraceOfTheOldType() throws FrameRejection {
        parser.parse(tick("\"bid_price\":1,\"tape\":\"A\""));
        parser.parse(order(""));
        assertEquals(MessageType.ORDER, parser.messages()[0].type);
        parser.parse(tick("\"ask_price\":1"));
        IngestMessage m = parser.messages()[0];
        assertEquals(MessageType.TICK, m.type);
        assertEquals(Decimal8.NULL, m.tick.bidPrice);
        assertNull(m.tick.tape);
        assertNull(m.order.orderId);
        assertEquals(Decimal8.NULL, m.order.quantity);
    }

    @Test
    void parserRecoversAfterARejectedFrame() throws FrameRejection {
        parser.parse(tick("\"bid_price\":1,\"tape\":\"A\""));
        assertThrows(FrameRejection.class, () -> parser.parse(array(tick("\"bid_price\":7,\"tape\":\"B\""), "{\"type\":")));
        assertThrows(FrameRejection.class, () -> parser.parse(tick("\"bid_price\":8,\"tape\":\"C\",\"last_price\":1")));
        assertThrows(FrameRejection.class, () -> parser.parse(order("\"quantity\":0").replace("\"quantity\":100,", "")));
        assertEquals(1, parser.parse(tick("\"ask_price\":2")));
        TickRecord t = parser.messages()[0].tick;
        assertEquals(MessageType.TICK, parser.messages()[0].type);
        assertEquals(Decimal8.NULL, t.bidPrice);
        assertEquals(200_000_000L, t.askPrice);
        assertEquals(Decimal8.NULL, t.lastPrice);
        assertNull(t.tape);
    }

    @Test
    void textBufferGrowsForLargeFrames() throws FrameRejection {
        // Each element's strings are copied to a scratch buffer; many long values in one element must fit.
        String longText = "\\u00e9".repeat(5000);
        FrameRejection e = assertThrows(FrameRejection.class,
                () -> parser.parse(tick("\"bid_price\":1,\"conditions\":\"" + longText + "\"")));
        assertEquals("element 0: conditions: longer than 64 characters (5000)", e.getMessage());
        String many = "\"bid_price\":\"" + "0".repeat(900) + "1\"";
        assertThrows(FrameRejection.class, () -> parser.parse(tick(many)));
        assertEquals(1, parser.parse(tick("\"bid_price\":\"1." + "0".repeat(5000) + "\"")));
        assertEquals(Decimal8.SCALE, parser.messages()[0].tick.bidPrice);
    }

    @Test
    void repeatedNamesAreInterned() throws FrameRejection {
        parser.parse(array(tick("\"bid_price\":1,\"tape\":\"A\""), tick("\"bid_price\":2,\"tape\":\"A\"")));
        IngestMessage[] m = parser.messages();
        assertSame(m[0].tick.exchange, m[1].tick.exchange);
        assertSame(m[0].tick.symbol, m[1].tick.symbol);
        assertSame(m[0].tick.tape, m[1].tick.tape);
        String exchange = m[0].tick.exchange;
        parser.parse(order(""));
        assertSame(exchange, parser.messages()[0].order.exchange);
    }
}

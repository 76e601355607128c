package io.tickstore.ingest.protocol;

import static io.tickstore.ingest.protocol.Frames.T0;
import static io.tickstore.ingest.protocol.Frames.micros;
import static io.tickstore.ingest.protocol.Frames.order;
import static io.tickstore.ingest.protocol.Frames.tick;
import static io.tickstore.ingest.protocol.Frames.trade;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tickstore.store.model.Decimal8;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Valid messages of each type parse to exactly the values sent. */
class FrameParserRoundTripTest {
    private final FrameParser parser = new FrameParser(8);

    private IngestMessage parseOne(String frame) throws FrameRejection {
        assertEquals(1, parser.parse(frame), frame);
        return parser.messages()[0];
    }

    private TickRecord parseTick(String extra) throws FrameRejection {
        IngestMessage m = parseOne(tick(extra));
        assertEquals(MessageType.TICK, m.type);
        return m.tick;
    }

    @Test
    void tickWithEveryField() throws FrameRejection {
        IngestMessage m = parseOne("{\"type\":\"tick\",\"exchange\":\"NASDAQ\",\"symbol\":\"AAPL\","
                + "\"timestamp\":\"2024-01-02T14:30:00.123456Z\",\"bid_price\":189.98,\"ask_price\":\"190.01\","
                + "\"bid_size\":300,\"ask_size\":\"0.00000001\",\"last_price\":190.00000001,\"last_size\":1.5e2,"
                + "\"volume\":1234567.5,\"sequence_number\":42,\"conditions\":\"@ F\",\"tape\":\"C\"}");
        assertEquals(MessageType.TICK, m.type);
        TickRecord t = m.tick;
        assertEquals("NASDAQ", t.exchange);
        assertEquals("AAPL", t.symbol);
        assertEquals(1_704_205_800_123_456L, t.timestamp);
        assertEquals(18_998_000_000L, t.bidPrice);
        assertEquals(19_001_000_000L, t.askPrice);
        assertEquals(30_000_000_000L, t.bidSize);
        assertEquals(1L, t.askSize);
        assertEquals(19_000_000_001L, t.lastPrice);
        assertEquals(15_000_000_000L, t.lastSize);
        assertEquals(123_456_750_000_000L, t.volume);
        assertEquals(42L, t.sequenceNumber);
        assertEquals("@ F", t.conditions);
        assertEquals("C", t.tape);
    }

    @Test
    void readmeExampleTick() throws FrameRejection {
        TickRecord t = parseOne("{\"type\":\"tick\",\"exchange\":\"NASDAQ\",\"symbol\":\"AAPL\","
                + "\"timestamp\":\"2024-01-02T14:30:00.123456Z\",\"bid_price\":189.98,\"ask_price\":190.01,"
                + "\"last_price\":190.00000001,\"last_size\":100,\"sequence_number\":1}").tick;
        assertEquals(1_704_205_800_123_456L, t.timestamp);
        assertEquals(18_998_000_000L, t.bidPrice);
        assertEquals(19_001_000_000L, t.askPrice);
        assertEquals(19_000_000_001L, t.lastPrice);
        assertEquals(10_000_000_000L, t.lastSize);
        assertEquals(1L, t.sequenceNumber);
    }

    @Test
    void escapedFieldNamesAreDecoded() throws FrameRejection {
        IngestMessage m = parseOne(tick("\"bid_\\u0070rice\":2").replace("\"type\"", "\"t\\u0079pe\""));
        assertEquals(MessageType.TICK, m.type);
        assertEquals(200_000_000L, m.tick.bidPrice);
    }

    @Test
    void tickWithOnlyRequiredFieldsAndOnePrice() throws FrameRejection {
        TickRecord t = parseTick("\"ask_price\":1");
        assertEquals("NASDAQ", t.exchange);
        assertEquals("AAPL", t.symbol);
        assertEquals(T0, t.timestamp);
        assertEquals(1L, t.sequenceNumber);
        assertEquals(Decimal8.NULL, t.bidPrice);
        assertEquals(100_000_000L, t.askPrice);
        assertEquals(Decimal8.NULL, t.bidSize);
        assertEquals(Decimal8.NULL, t.askSize);
        assertEquals(Decimal8.NULL, t.lastPrice);
        assertEquals(Decimal8.NULL, t.lastSize);
        assertEquals(Decimal8.NULL, t.volume);
        assertNull(t.conditions);
        assertNull(t.tape);
    }

    @Test
    void tradeTickWithLastPriceAndSizeOnly() throws FrameRejection {
        TickRecord t = parseTick("\"last_price\":\"800.01\",\"last_size\":0");
        assertEquals(80_001_000_000L, t.lastPrice);
        assertEquals(0L, t.lastSize);
        assertEquals(Decimal8.NULL, t.bidPrice);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "800.01|80001000000",
        "\"800.01\"|80001000000",
        "\"0.00000001\"|1",
        "0.00000001|1",
        "-5.5|-550000000",
        "\"-5.5\"|-550000000",
        "1.5e2|15000000000",
        "1.5E+2|15000000000",
        "\"1.5e2\"|15000000000",
        "15e-1|150000000",
        "1e-8|1",
        "0|0",
        "-0|0",
        "\"-0.0\"|0",
        "0.0e5|0",
        "1.10000000000|110000000",
        "9999999999.99999999|999999999999999999",
        "-9999999999.99999999|-999999999999999999",
        "\"9999999999.99999999\"|999999999999999999",
        "0.99999999e10|999999990000000000",
    })
    void priceFromNumberOrStringIsExact(String json, long units) throws FrameRejection {
        assertEquals(units, parseTick("\"bid_price\":" + json).bidPrice);
    }

    @Test
    void nullMeansAbsent() throws FrameRejection {
        TickRecord t = parseTick("\"bid_price\":null,\"ask_price\":2,\"conditions\":null,\"tape\":null,\"volume\":null");
        assertEquals(Decimal8.NULL, t.bidPrice);
        assertEquals(200_000_000L, t.askPrice);
        assertEquals(Decimal8.NULL, t.volume);
        assertNull(t.conditions);
        assertNull(t.tape);
    }

    @Test
    void fieldOrderDoesNotMatter() throws FrameRejection {
        IngestMessage m = parseOne("{\"sequence_number\":7,\"bid_price\":1,\"timestamp\":1704205800000000,"
                + "\"symbol\":\"MSFT\",\"exchange\":\"ARCA\",\"type\":\"tick\"}");
        assertEquals(MessageType.TICK, m.type);
        assertEquals("ARCA", m.tick.exchange);
        assertEquals("MSFT", m.tick.symbol);
        assertEquals(T0, m.tick.timestamp);
        assertEquals(7L, m.tick.sequenceNumber);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "2024-01-02T14:30:00.123456789Z",
        "2024-01-02T14:30:00.123456Z",
        "2024-01-02T14:30:00.1Z",
        "2024-01-02T14:30:00Z",
        "2024-01-02T14:30:00.999999999Z",
        "1970-01-01T00:00:00Z",
        "2099-12-31T23:59:59.999999Z",
        "2024-02-29T00:00:00Z",
    })
    void isoTimestampsAreStoredAsTruncatedMicros(String iso) throws FrameRejection {
        assertEquals(micros(iso), timestampOf(iso));
    }

    private long timestampOf(String iso) throws FrameRejection {
        return parseOne(tick("\"bid_price\":1").replace(Frames.T0_ISO, iso)).tick.timestamp;
    }

    @Test
    void isoTimestampFractionIsTruncatedNotRounded() throws FrameRejection {
        assertEquals(T0 + 123_456L, timestampOf("2024-01-02T14:30:00.123456999Z"));
        assertEquals(T0 + 999_999L, timestampOf("2024-01-02T14:30:00.9999999Z"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "2024-01-02T15:30:00+01:00|2024-01-02T14:30:00Z",
        "2024-01-02T15:30:00+0100|2024-01-02T14:30:00Z",
        "2024-01-02T15:30:00+01|2024-01-02T14:30:00Z",
        "2024-01-02T09:30:00.5-05:00|2024-01-02T14:30:00.5Z",
        "2024-01-02t14:30:00z|2024-01-02T14:30:00Z",
    })
    void isoTimestampsWithOffsets(String sent, String utc) throws FrameRejection {
        assertEquals(micros(utc), timestampOf(sent));
    }

    @Test
    void integerTimestampIsEpochMicros() throws FrameRejection {
        String frame = tick("\"bid_price\":1").replace("\"" + Frames.T0_ISO + "\"", "1704205800123456");
        assertEquals(1_704_205_800_123_456L, parseOne(frame).tick.timestamp);
    }

    @Test
    void sequenceNumberRange() throws FrameRejection {
        assertEquals(0L, parseOne(tick("\"bid_price\":1").replace("\"sequence_number\":1", "\"sequence_number\":0"))
                .tick.sequenceNumber);
        assertEquals(Long.MAX_VALUE, parseOne(tick("\"bid_price\":1")
                .replace("\"sequence_number\":1", "\"sequence_number\":9223372036854775807")).tick.sequenceNumber);
    }

    @Test
    void stringsAtTheirMaximumLengthAreAccepted() throws FrameRejection {
        String exchange = "E".repeat(32);
        String symbol = "S".repeat(64);
        String frame = "{\"type\":\"tick\",\"exchange\":\"" + exchange + "\",\"symbol\":\"" + symbol + "\",\"timestamp\":\""
                + Frames.T0_ISO + "\",\"sequence_number\":1,\"bid_price\":1,\"conditions\":\"" + "c".repeat(64)
                + "\",\"tape\":\"" + "t".repeat(16) + "\"}";
        TickRecord t = parseOne(frame).tick;
        assertEquals(exchange, t.exchange);
        assertEquals(symbol, t.symbol);
        assertEquals("c".repeat(64), t.conditions);
        assertEquals("t".repeat(16), t.tape);
    }

    @Test
    void textFieldsMayBeEmptyAndUnicodeEscapesAreDecoded() throws FrameRejection {
        TickRecord t = parseTick("\"bid_price\":1,\"conditions\":\"\",\"tape\":\"\\u00e9\\n\"");
        assertEquals("", t.conditions);
        assertEquals("\u00e9\n", t.tape);
        assertEquals("\u00c9X", parseOne(tick("\"bid_price\":1").replace("\"AAPL\"", "\"\\u00c9X\"")).tick.symbol);
    }

    @Test
    void orderWithEveryField() throws FrameRejection {
        IngestMessage m = parseOne("{\"type\":\"order\",\"order_id\":\"ord-1\",\"client_order_id\":\"cl-1\","
                + "\"exchange\":\"NASDAQ\",\"symbol\":\"AAPL\",\"strategy_id\":\"mm-1\",\"side\":\"BUY\","
                + "\"order_type\":\"Stop_Limit\",\"time_in_force\":\"gtc\",\"quantity\":\"100\",\"price\":-5.5,"
                + "\"stop_price\":800.01,\"status\":\"partial\",\"filled_quantity\":40,\"average_fill_price\":\"800.015\","
                + "\"created_at\":\"2024-01-02T14:30:00Z\",\"updated_at\":1704205800500000}");
        assertEquals(MessageType.ORDER, m.type);
        OrderRecord o = m.order;
        assertEquals("ord-1", o.orderId);
        assertEquals("cl-1", o.clientOrderId);
        assertEquals("NASDAQ", o.exchange);
        assertEquals("AAPL", o.symbol);
        assertEquals("mm-1", o.strategyId);
        assertEquals(Side.BUY, o.side);
        assertEquals(OrderType.STOP_LIMIT, o.orderType);
        assertEquals(TimeInForce.GTC, o.timeInForce);
        assertEquals(10_000_000_000L, o.quantity);
        assertEquals(-550_000_000L, o.price);
        assertEquals(80_001_000_000L, o.stopPrice);
        assertEquals(OrderStatus.PARTIAL, o.status);
        assertEquals(4_000_000_000L, o.filledQuantity);
        assertEquals(80_001_500_000L, o.averageFillPrice);
        assertEquals(T0, o.createdAt);
        assertEquals(T0 + 500_000L, o.updatedAt);
    }

    @Test
    void orderWithOnlyRequiredFields() throws FrameRejection {
        IngestMessage m = parseOne(order(""));
        assertEquals(MessageType.ORDER, m.type);
        OrderRecord o = m.order;
        assertEquals("O-1", o.orderId);
        assertNull(o.clientOrderId);
        assertEquals("NASDAQ", o.exchange);
        assertEquals("AAPL", o.symbol);
        assertNull(o.strategyId);
        assertEquals(Side.BUY, o.side);
        assertEquals(OrderType.MARKET, o.orderType);
        assertNull(o.timeInForce);
        assertEquals(10_000_000_000L, o.quantity);
        assertEquals(Decimal8.NULL, o.price);
        assertEquals(Decimal8.NULL, o.stopPrice);
        assertEquals(OrderStatus.PENDING, o.status);
        assertEquals(Decimal8.NULL, o.filledQuantity);
        assertEquals(Decimal8.NULL, o.averageFillPrice);
        assertEquals(EpochMicros.NULL, o.createdAt);
        assertEquals(EpochMicros.NULL, o.updatedAt);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "\"order_type\":\"limit\",\"price\":1|LIMIT",
        "\"order_type\":\"stop\",\"stop_price\":1|STOP",
        "\"order_type\":\"stop_limit\",\"price\":1,\"stop_price\":2|STOP_LIMIT",
        "\"order_type\":\"MARKET\"|MARKET",
    })
    void orderTypesWithTheirPrices(String fields, OrderType expected) throws FrameRejection {
        assertEquals(expected, parseOne(order("").replace("\"order_type\":\"market\"", fields)).order.orderType);
    }

    @Test
    void everyEnumWordInAnyCase() throws FrameRejection {
        for (Side s : Side.values()) {
            for (String w : new String[] {s.text(), s.text().toUpperCase(), capitalized(s.text())}) {
                assertEquals(s, parseOne(order("").replace("\"buy\"", "\"" + w + "\"")).order.side, w);
            }
        }
        for (OrderStatus s : OrderStatus.values()) {
            assertEquals(s, parseOne(order("").replace("\"pending\"", "\"" + s.text().toUpperCase() + "\"")).order.status);
        }
        for (TimeInForce f : TimeInForce.values()) {
            assertEquals(f, parseOne(order("\"time_in_force\":\"" + capitalized(f.text()) + "\"")).order.timeInForce);
        }
        for (Liquidity l : Liquidity.values()) {
            assertEquals(l, parseOne(trade("\"liquidity\":\"" + l.text().toUpperCase() + "\"")).trade.liquidity);
        }
    }

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    @Test
    void filledQuantityMayEqualQuantity() throws FrameRejection {
        OrderRecord o = parseOne(order("\"filled_quantity\":\"100.00000000\"")).order;
        assertEquals(o.quantity, o.filledQuantity);
    }

    @Test
    void tradeWithEveryField() throws FrameRejection {
        IngestMessage m = parseOne("{\"type\":\"trade\",\"trade_id\":\"T-9\",\"order_id\":\"ord-1\",\"exchange\":\"NASDAQ\","
                + "\"symbol\":\"AAPL\",\"strategy_id\":\"mm-1\",\"side\":\"Sell\",\"quantity\":0.5,\"price\":\"190.01\","
                + "\"executed_at\":\"2024-01-02T15:30:00.123+01:00\",\"commission\":\"-0.01\",\"fees\":0.0035,"
                + "\"exchange_trade_id\":\"X-99\",\"liquidity\":\"MAKER\"}");
        assertEquals(MessageType.TRADE, m.type);
        TradeRecord t = m.trade;
        assertEquals("T-9", t.tradeId);
        assertEquals("ord-1", t.orderId);
        assertEquals("NASDAQ", t.exchange);
        assertEquals("AAPL", t.symbol);
        assertEquals("mm-1", t.strategyId);
        assertEquals(Side.SELL, t.side);
        assertEquals(50_000_000L, t.quantity);
        assertEquals(19_001_000_000L, t.price);
        assertEquals(T0 + 123_000L, t.executedAt);
        assertEquals(-1_000_000L, t.commission);
        assertEquals(350_000L, t.fees);
        assertEquals("X-99", t.exchangeTradeId);
        assertEquals(Liquidity.MAKER, t.liquidity);
    }

    @Test
    void tradeWithOnlyRequiredFields() throws FrameRejection {
        IngestMessage m = parseOne(trade(""));
        assertEquals(MessageType.TRADE, m.type);
        TradeRecord t = m.trade;
        assertEquals("T-1", t.tradeId);
        assertEquals("O-1", t.orderId);
        assertEquals("NASDAQ", t.exchange);
        assertEquals("AAPL", t.symbol);
        assertNull(t.strategyId);
        assertEquals(Side.SELL, t.side);
        assertEquals(1_000_000_000L, t.quantity);
        assertEquals(19_001_000_000L, t.price);
        assertEquals(T0, t.executedAt);
        assertEquals(Decimal8.NULL, t.commission);
        assertEquals(Decimal8.NULL, t.fees);
        assertNull(t.exchangeTradeId);
        assertNull(t.liquidity);
    }

    @Test
    void tradePriceMayBeNegative() throws FrameRejection {
        assertEquals(-550_000_000L, parseOne(trade("").replace("190.01", "-5.5")).trade.price);
    }

    @Test
    void whitespaceAroundTheValueIsFine() throws FrameRejection {
        assertEquals(1, parser.parse(" \n\t" + tick("\"bid_price\":1") + " \r\n"));
        assertEquals(2, parser.parse(" [ " + tick("\"bid_price\":1") + " ,\n " + order("") + " ] "));
    }
}

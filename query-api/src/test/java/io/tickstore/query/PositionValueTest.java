package io.tickstore.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tickstore.store.model.Decimal8;
import io.tickstore.store.positions.PositionUpdate;
import io.tickstore.store.quotes.Quote;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * A position's valuation (docs/portfolio.md): market value = quantity × price and unrealized PnL =
 * quantity × (price − average entry price), exact and printed without trailing zeros; the price is
 * the latest trade price, else the last fill price.
 */
class PositionValueTest {
    private static long d(String v) {
        return Decimal8.parse(v);
    }

    private static PositionUpdate position(String quantity, String average, String lastFill) {
        return new PositionUpdate("X", "S", "", quantity.startsWith("-") ? "short" : quantity.equals("0") ? "flat" : "long",
                d(quantity), average == null ? Decimal8.NULL : d(average), new BigDecimal("1.5000000000000000"),
                new BigDecimal("0.0000000000000000"), 3, d(lastFill), 1_704_189_601_000_000L);
    }

    private static String render(PositionUpdate p, Quote q) {
        StringBuilder out = new StringBuilder();
        PositionsEndpoint.valued(out, p, q);
        return out.toString();
    }

    private static Quote trade(String price) {
        long none = Long.MIN_VALUE;
        return new Quote("X", "S", d("1"), none, 1, none, none, none, d(price), d("1"), 1_704_189_660_000_000L);
    }

    @Test
    void extremesStayExact() {
        // (10^10 − 10^-8)² = 10^20 − 200 + 10^-16: all 36 digits.
        assertEquals(new BigDecimal("99999999999999999800.0000000000000001"),
                PositionsEndpoint.marketValue(Decimal8.MAX_UNSCALED, Decimal8.MAX_UNSCALED));
        assertEquals(new BigDecimal("-0.0000000000000001"), PositionsEndpoint.marketValue(-1, 1));
        assertEquals(new BigDecimal("-0.00000001").multiply(new BigDecimal("-19999999999.99999998")),
                PositionsEndpoint.unrealizedPnl(-1, Decimal8.MAX_UNSCALED, -Decimal8.MAX_UNSCALED));
        assertEquals(BigDecimal.ZERO, PositionsEndpoint.unrealizedPnl(0, Decimal8.NULL, d("5")));
    }

    @Test
    void valuedAtTheLatestTradeElseTheLastFill() {
        assertEquals("{\"exchange\":\"X\",\"symbol\":\"S\",\"strategy_id\":\"\",\"side\":\"short\",\"quantity\":-50,"
                        + "\"average_entry_price\":12.5,\"realized_pnl\":1.5,\"fees\":0,\"fill_count\":3,\"last_fill_price\":12.5,"
                        + "\"updated_at\":\"2024-01-02T10:00:01Z\",\"market_price\":12.34567891,\"price_source\":\"last_trade\","
                        + "\"price_time\":\"2024-01-02T10:01:00Z\",\"market_value\":-617.2839455,\"unrealized_pnl\":7.7160545}",
                render(position("-50", "12.5", "12.5"), trade("12.34567891")));
        String noTrade = render(position("3", "20.25", "20.2"), new Quote("X", "S", d("1"), Long.MIN_VALUE, 1,
                Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE));
        assertEquals(true, noTrade.endsWith("\"market_price\":20.2,\"price_source\":\"last_fill\","
                + "\"price_time\":\"2024-01-02T10:00:01Z\",\"market_value\":60.6,\"unrealized_pnl\":-0.15}"), noTrade);
        String flat = render(position("0", null, "7.5"), null);
        assertEquals(true, flat.contains("\"average_entry_price\":null,") && flat.endsWith(
                "\"market_price\":7.5,\"price_source\":\"last_fill\",\"price_time\":\"2024-01-02T10:00:01Z\","
                        + "\"market_value\":0,\"unrealized_pnl\":0}"), flat);
    }
}

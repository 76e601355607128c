package io.tickstore.store.positions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.Side;
import org.junit.jupiter.api.Test;

/** Average-cost positions against hand-computed cases, exact to the decimal. */
class PositionTest {
    private static long d(String v) {
        return Decimal8.parse(v);
    }

    private static void fill(Position p, Side side, String qty, String price, String commission, String fee) {
        p.fill(side, d(qty), d(price), commission == null ? Decimal8.NULL : d(commission),
                fee == null ? Decimal8.NULL : d(fee));
    }

    private static void check(Position p, String side, String qty, String avg, String realized) {
        assertEquals(side, p.side());
        assertEquals(d(qty), p.quantity());
        assertEquals(avg == null ? Decimal8.NULL : d(avg), p.averageEntryPrice());
        assertEquals(new java.math.BigDecimal(realized).setScale(16), p.realizedPnl());
    }

    @Test
    void scalingInAndOutOfALong() {
        Position p = new Position("X", "AAPL", "s1");
        fill(p, Side.BUY, "100", "10", null, null);
        check(p, "long", "100", "10", "0");
        fill(p, Side.BUY, "50", "13", null, null);
        // (100 x 10 + 50 x 13) / 150 = 1650 / 150 = 11
        check(p, "long", "150", "11", "0");
        fill(p, Side.SELL, "60", "12.5", null, null);
        // closes 60 at 12.5 - 11 = 1.5 -> 90
        check(p, "long", "90", "11", "90");
        fill(p, Side.SELL, "90", "10.25", null, null);
        // closes 90 at 10.25 - 11 = -0.75 -> -67.5; total 22.5; flat
        check(p, "flat", "0", null, "22.5");
    }

    @Test
    void aFlipFromLongToShortOpensTheRestAtTheFillPrice() {
        Position p = new Position("X", "AAPL", "");
        fill(p, Side.BUY, "10", "100", null, null);
        fill(p, Side.SELL, "25", "104", null, null);
        // closes 10 at +4 = 40; the other 15 open a short at 104
        check(p, "short", "-15", "104", "40");
        fill(p, Side.SELL, "5", "106", null, null);
        // short adds: (15 x 104 + 5 x 106) / 20 = 2090 / 20 = 104.5
        check(p, "short", "-20", "104.5", "40");
        fill(p, Side.BUY, "8", "103", null, null);
        // a short closes 8 at (103 - 104.5) x -1 = +1.5 each = 12
        check(p, "short", "-12", "104.5", "52");
        fill(p, Side.BUY, "12", "110", null, null);
        // closes 12 at (110 - 104.5) x -1 = -5.5 each = -66 -> -14
        check(p, "flat", "0", null, "-14");
    }

    @Test
    void commissionsAndFeesComeOffRealizedPnlExactly() {
        Position p = new Position("X", "BTC-USD", "s2");
        fill(p, Side.BUY, "0.5", "42000.12345678", "1.25", "0.00000001");
        // opening fill: realized = -(1.25 + 0.00000001)
        check(p, "long", "0.5", "42000.12345678", "-1.25000001");
        fill(p, Side.SELL, "0.2", "42100.00000001", "-0.1", null);
        // closes 0.2 at 42100.00000001 - 42000.12345678 = 99.87654323 -> 19.975308646 exactly (16 decimals kept);
        // a -0.1 commission is a rebate: +0.1
        check(p, "long", "0.3", "42000.12345678", "18.825308636");
        assertEquals(new java.math.BigDecimal("1.15000001").setScale(16), p.fees());
        assertEquals(2, p.fillCount());
    }

    @Test
    void averageEntryPriceRoundsHalfEvenAtEightDecimals() {
        Position p = new Position("X", "AAPL", "");
        fill(p, Side.BUY, "3", "1", null, null);
        fill(p, Side.BUY, "3", "1.00000001", null, null);
        // (3 x 1 + 3 x 1.00000001) / 6 = 1.000000005 -> half-even 1.00000000
        check(p, "long", "6", "1", "0");
        fill(p, Side.SELL, "6", "1.00000002", null, null);
        // realized uses the stored average: 6 x 0.00000002
        check(p, "flat", "0", null, "0.00000012");
    }
}

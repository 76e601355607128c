package io.tickstore.store.positions;

import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.Int128;
import io.tickstore.store.model.Side;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * One (exchange, symbol, strategy) position, by the average-cost method:
 * <ul>
 * <li>A fill on the side of the position (or into a flat one) adds to it; the average entry price
 *     becomes (|q| × avg + qty × price) / (|q| + qty), rounded half-even to 8 decimals.</li>
 * <li>A fill against it closes min(qty, |q|) at (price − avg) per unit (sign of the position):
 *     that is realized PnL, exact (16 decimals). The average entry price is unchanged while the
 *     position is only reduced; it is cleared when flat; if the fill goes through zero, the rest
 *     opens a position the other way at the fill price.</li>
 * <li>Commission and fees of every fill are subtracted from realized PnL (a negative amount is a
 *     rebate) and summed in {@link #fees}.</li>
 * </ul>
 * Writer thread only.
 */
public final class Position {
    public final String exchange;
    public final String symbol;
    /** '' when the orders carry no strategy. */
    public final String strategyId;
    /** Signed, Decimal8 units: negative when short. */
    long quantity;
    long averageEntryPrice = Decimal8.NULL;
    /** Units of 1e-16. */
    final Int128 realizedPnl = new Int128();
    /** Units of 1e-16. */
    final Int128 fees = new Int128();
    long fillCount;
    long lastFillPrice = Decimal8.NULL;
    long updatedAt;
    long journalIndex;
    boolean dirty;

    Position(String exchange, String symbol, String strategyId) {
        this.exchange = exchange;
        this.symbol = symbol;
        this.strategyId = strategyId;
    }

    /** Folds one fill in; amounts in Decimal8 units ({@link Decimal8#NULL} fees count as 0). */
    void fill(Side side, long quantity, long price, long commission, long fee) {
        long signed = side == Side.BUY ? quantity : -quantity;
        long q = this.quantity;
        if (q == 0 || (q > 0) == (signed > 0)) {
            averageEntryPrice = q == 0 ? price : average(averageEntryPrice, Math.abs(q), price, quantity);
            this.quantity = Math.addExact(q, signed);
        } else {
            long closing = Math.min(quantity, Math.abs(q));
            long perUnit = Math.subtractExact(price, averageEntryPrice);
            realizedPnl.addProduct(closing, q > 0 ? perUnit : -perUnit);
            long next = q + signed;
            this.quantity = next;
            if (next == 0) {
                averageEntryPrice = Decimal8.NULL;
            } else if ((next > 0) != (q > 0)) {
                averageEntryPrice = price; // went through zero: the rest opens at the fill price
            }
        }
        long charges = Math.addExact(commission == Decimal8.NULL ? 0 : commission, fee == Decimal8.NULL ? 0 : fee);
        if (charges != 0) {
            realizedPnl.addProduct(charges, -Decimal8.SCALE);
            fees.addProduct(charges, Decimal8.SCALE);
        }
        fillCount++;
        lastFillPrice = price;
    }

    static long average(long avg, long held, long price, long added) {
        BigInteger n = BigInteger.valueOf(avg).multiply(BigInteger.valueOf(held))
                .add(BigInteger.valueOf(price).multiply(BigInteger.valueOf(added)));
        return new java.math.BigDecimal(n).divide(new java.math.BigDecimal(BigInteger.valueOf(held + added)), 0,
                RoundingMode.HALF_EVEN).longValueExact();
    }

    public String side() {
        return quantity > 0 ? "long" : quantity < 0 ? "short" : "flat";
    }

    public long quantity() {
        return quantity;
    }

    public long averageEntryPrice() {
        return averageEntryPrice;
    }

    public java.math.BigDecimal realizedPnl() {
        return realizedPnl.toBigDecimal(16);
    }

    public java.math.BigDecimal fees() {
        return fees.toBigDecimal(16);
    }

    public long fillCount() {
        return fillCount;
    }

    public long lastFillPrice() {
        return lastFillPrice;
    }

    public long updatedAt() {
        return updatedAt;
    }
}

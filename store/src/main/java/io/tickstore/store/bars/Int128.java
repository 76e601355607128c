package io.tickstore.store.bars;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A signed 128-bit accumulator (two's complement in {@code hi:lo}), so sums of sizes and of
 * price × size (each product up to ~1e36 units of 1e-16) add up exactly without allocating.
 * Mutable; not thread-safe.
 */
public final class Int128 {
    private long hi;
    private long lo;

    public void clear() {
        hi = 0;
        lo = 0;
    }

    public boolean isZero() {
        return hi == 0 && lo == 0;
    }

    public void add(long v) {
        long newLo = lo + v;
        long carry = Long.compareUnsigned(newLo, lo) < 0 ? 1 : 0;
        hi += (v >> 63) + carry; // sign-extend v into the high word
        lo = newLo;
    }

    /** Adds {@code a * b} exactly. */
    public void addProduct(long a, long b) {
        long pLo = a * b;
        long pHi = Math.multiplyHigh(a, b);
        long newLo = lo + pLo;
        long carry = Long.compareUnsigned(newLo, lo) < 0 ? 1 : 0;
        hi += pHi + carry;
        lo = newLo;
    }

    public void add(Int128 o) {
        long newLo = lo + o.lo;
        long carry = Long.compareUnsigned(newLo, lo) < 0 ? 1 : 0;
        hi += o.hi + carry;
        lo = newLo;
    }

    public void set(Int128 o) {
        hi = o.hi;
        lo = o.lo;
    }

    public BigInteger toBigInteger() {
        return BigInteger.valueOf(hi).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(lo)));
    }

    /** The value as a decimal with {@code scale} fraction digits (the accumulator holds units of 10^-scale). */
    public BigDecimal toBigDecimal(int scale) {
        return new BigDecimal(toBigInteger(), scale);
    }

    public void set(BigDecimal value, int scale) {
        BigInteger v = value.setScale(scale).unscaledValue();
        lo = v.longValue();
        hi = v.shiftRight(64).longValue();
    }

    /** The high word of {@code value} as units of 10^-scale (exact). */
    public static long high(BigDecimal value, int scale) {
        return value.setScale(scale).unscaledValue().shiftRight(64).longValue();
    }

    /** The low word of {@code value} as units of 10^-scale (exact). */
    public static long low(BigDecimal value, int scale) {
        return value.setScale(scale).unscaledValue().longValue();
    }

    public static BigDecimal toBigDecimal(long high, long low, int scale) {
        if (high == (low >> 63)) {
            return BigDecimal.valueOf(low, scale); // fits in a long: no BigInteger
        }
        return new BigDecimal(BigInteger.valueOf(high).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(low))), scale);
    }

    @Override
    public String toString() {
        return toBigInteger().toString();
    }
}

package io.tickstore.store.model;

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

    /** Adds the value whose two's complement words are {@code high:low}. */
    public void add(long high, long low) {
        long newLo = lo + low;
        long carry = Long.compareUnsigned(newLo, lo) < 0 ? 1 : 0;
        hi += high + carry;
        lo = newLo;
    }

    public void set(Int128 o) {
        hi = o.hi;
        lo = o.lo;
    }

    public void set(long high, long low) {
        hi = high;
        lo = low;
    }

    public long high() {
        return hi;
    }

    public long low() {
        return lo;
    }

    public BigInteger toBigInteger() {
        return toBigInteger(hi, lo);
    }

    /** The value as a decimal with {@code scale} fraction digits (the accumulator holds units of 10^-scale). */
    public BigDecimal toBigDecimal(int scale) {
        return toBigDecimal(hi, lo, scale);
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
        return new BigDecimal(toBigInteger(high, low), scale);
    }

    private static BigInteger toBigInteger(long high, long low) {
        byte[] twosComplement = new byte[16];
        for (int i = 0; i < 8; i++) {
            twosComplement[i] = (byte) (high >>> (56 - 8 * i));
            twosComplement[8 + i] = (byte) (low >>> (56 - 8 * i));
        }
        return new BigInteger(twosComplement);
    }

    /** True when the value fits in a {@code long} ({@link #low()} is then the value). */
    public boolean fitsInLong() {
        return hi == (lo >> 63);
    }

    /**
     * This value divided by {@code divisor}, rounded half-even to an integer (the rule of
     * {@link BigDecimal#divide(BigDecimal, int, java.math.RoundingMode)} with {@code HALF_EVEN}),
     * when {@code divisor} is a positive {@code long} and the quotient fits in a {@code long};
     * otherwise {@link Long#MIN_VALUE} and the caller divides with {@link BigDecimal}.
     * Exact and allocation-free: one 128-by-64-bit long division.
     */
    public long divideHalfEven(Int128 divisor) {
        if (!divisor.fitsInLong() || divisor.lo <= 0) {
            return Long.MIN_VALUE;
        }
        long d = divisor.lo;
        boolean negative = hi < 0;
        long h = hi;
        long l = lo;
        if (negative) { // magnitude: two's complement negation of the 128-bit value
            l = -lo;
            h = ~hi + (lo == 0 ? 1 : 0);
            if (h < 0) {
                return Long.MIN_VALUE; // -2^127 has no positive 128-bit magnitude
            }
        }
        if (Long.compareUnsigned(h, d) >= 0) {
            return Long.MIN_VALUE; // the quotient needs more than 64 bits
        }
        long q = divideUnsigned128(h, l, d);
        long r = l - q * d; // exact: the remainder is below d, so its low word is all of it
        if (q < 0) {
            return Long.MIN_VALUE; // at least 2^63
        }
        // Round half to even: up when r > d/2, or r == d/2 and q is odd. r and d - r do not overflow.
        long rest = d - r;
        if (r > rest || (r == rest && (q & 1) == 1)) {
            if (q == Long.MAX_VALUE) {
                return Long.MIN_VALUE;
            }
            q++;
        }
        return negative ? -q : q;
    }

    /**
     * (u1:u0) / v for unsigned words with u1 < v (so the quotient fits in 64 bits): the long division
     * of Hacker's Delight (divlu, 2nd ed. fig. 9-3) on 32-bit digits after normalizing v.
     */
    static long divideUnsigned128(long u1, long u0, long v) {
        final long b = 1L << 32;
        int s = Long.numberOfLeadingZeros(v);
        v <<= s;
        long vn1 = v >>> 32;
        long vn0 = v & 0xFFFF_FFFFL;
        long un32 = s == 0 ? u1 : (u1 << s) | (u0 >>> (64 - s));
        long un10 = u0 << s;
        long un1 = un10 >>> 32;
        long un0 = un10 & 0xFFFF_FFFFL;
        long q1 = Long.divideUnsigned(un32, vn1);
        long rhat = Long.remainderUnsigned(un32, vn1);
        while (Long.compareUnsigned(q1, b) >= 0 || Long.compareUnsigned(q1 * vn0, rhat * b + un1) > 0) {
            q1--;
            rhat += vn1;
            if (Long.compareUnsigned(rhat, b) >= 0) {
                break;
            }
        }
        long un21 = un32 * b + un1 - q1 * v;
        long q0 = Long.divideUnsigned(un21, vn1);
        rhat = Long.remainderUnsigned(un21, vn1);
        while (Long.compareUnsigned(q0, b) >= 0 || Long.compareUnsigned(q0 * vn0, rhat * b + un0) > 0) {
            q0--;
            rhat += vn1;
            if (Long.compareUnsigned(rhat, b) >= 0) {
                break;
            }
        }
        return q1 * b + q0;
    }

    @Override
    public String toString() {
        return toBigInteger().toString();
    }
}

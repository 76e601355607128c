package io.tickstore.store.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Int128Test {
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    private static Int128 of(BigInteger v) {
        Int128 x = new Int128();
        x.set(new BigDecimal(v), 0);
        return x;
    }

    private static BigInteger big(long high, long low) {
        return BigInteger.valueOf(high).multiply(TWO_64).add(new BigInteger(Long.toUnsignedString(low)));
    }

    @Test
    void sumsAndConversionsAreExactAcrossTheWordBoundary() {
        Int128 x = new Int128();
        x.addProduct(Long.MAX_VALUE, Long.MAX_VALUE);
        x.addProduct(Long.MIN_VALUE, 3);
        x.add(-1);
        x.add(Long.MAX_VALUE, -1L); // + (2^63 - 1) * 2^64 + (2^64 - 1)
        BigInteger expected = BigInteger.valueOf(Long.MAX_VALUE).pow(2)
                .add(BigInteger.valueOf(Long.MIN_VALUE).multiply(BigInteger.valueOf(3)))
                .subtract(BigInteger.ONE)
                .add(BigInteger.valueOf(Long.MAX_VALUE).multiply(TWO_64)).add(TWO_64.subtract(BigInteger.ONE));
        expected = expected.add(BigInteger.ONE.shiftLeft(127)).mod(BigInteger.ONE.shiftLeft(128))
                .subtract(BigInteger.ONE.shiftLeft(127)); // two's complement wrap at 128 bits
        assertEquals(expected, x.toBigInteger());
        assertEquals(new BigDecimal(expected, 16), Int128.toBigDecimal(x.high(), x.low(), 16));
        assertEquals(new BigDecimal(expected, 8), x.toBigDecimal(8));
        assertEquals(expected.toString(), x.toString());
    }

    @Test
    void randomWordsRoundTripThroughBigDecimal() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int n = 0; n < 100_000; n++) {
            long high = n % 2 == 0 ? random.nextLong() : random.nextInt(3) - 1;
            long low = random.nextLong();
            BigInteger v = big(high, low);
            String context = "seed=" + seed + "L high=" + high + " low=" + low;
            assertEquals(new BigDecimal(v, 8), Int128.toBigDecimal(high, low, 8), context);
            Int128 x = of(v);
            assertEquals(high, x.high(), context);
            assertEquals(low, x.low(), context);
            assertEquals(v.bitLength() < 64, x.fitsInLong(), context);
        }
    }

    @Test
    void divideHalfEvenMatchesBigDecimal() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        int fast = 0;
        for (int n = 0; n < 300_000; n++) {
            // Like a bar: Σ price × size over Σ size, with the quotient (a price) near a long's range or small.
            long divisor = switch (n % 4) {
                case 0 -> 1 + (random.nextLong() >>> 1) % Long.MAX_VALUE;
                case 1 -> 1 + random.nextInt(1_000_000);
                case 2 -> 1L << random.nextInt(63);
                default -> 1 + (random.nextLong() >>> (1 + random.nextInt(62)));
            };
            long quotient = switch (n % 5) {
                case 0 -> random.nextLong();
                case 1 -> random.nextInt();
                case 2 -> random.nextLong() >> random.nextInt(64);
                case 3 -> Long.MAX_VALUE - random.nextInt(3);
                default -> Long.MIN_VALUE + random.nextInt(3);
            };
            // dividend = quotient * divisor + a remainder in (-divisor, divisor), exact halves included
            long rest = switch (n % 3) {
                case 0 -> divisor / 2;
                case 1 -> -(divisor / 2);
                default -> (random.nextLong() >>> 1) % divisor * (random.nextBoolean() ? 1 : -1);
            };
            BigInteger dividend = BigInteger.valueOf(quotient).multiply(BigInteger.valueOf(divisor))
                    .add(BigInteger.valueOf(rest));
            String context = "seed=" + seed + "L dividend=" + dividend + " divisor=" + divisor;
            long got = of(dividend).divideHalfEven(of(BigInteger.valueOf(divisor)));
            BigInteger expected = new BigDecimal(dividend).divide(new BigDecimal(divisor), 0, RoundingMode.HALF_EVEN)
                    .toBigIntegerExact();
            if (got == Long.MIN_VALUE) {
                // Declined: only when the rounded quotient is outside (Long.MIN_VALUE, Long.MAX_VALUE].
                assertTrue(expected.compareTo(BigInteger.valueOf(Long.MAX_VALUE)) > 0
                                || expected.compareTo(BigInteger.valueOf(-Long.MAX_VALUE)) < 0,
                        "declined a quotient that fits: " + expected + "; " + context);
            } else {
                assertEquals(expected, BigInteger.valueOf(got), context);
                fast++;
            }
        }
        assertTrue(fast > 200_000, "the fast path answered only " + fast);
    }

    @Test
    void divideHalfEvenRoundsTiesToEvenAndDeclinesWhatItCannotDo() {
        assertEquals(2, divide(5, 2)); // 2.5 -> 2
        assertEquals(4, divide(7, 2)); // 3.5 -> 4
        assertEquals(-2, divide(-5, 2));
        assertEquals(-4, divide(-7, 2));
        assertEquals(3, divide(8, 3)); // 2.67 -> 3
        assertEquals(0, divide(0, 7));
        assertEquals(Long.MIN_VALUE, divide(1, 0), "zero divisor");
        assertEquals(Long.MIN_VALUE, divide(1, -3), "negative divisor");
        Int128 huge = of(BigInteger.ONE.shiftLeft(100));
        assertEquals(Long.MIN_VALUE, huge.divideHalfEven(of(BigInteger.valueOf(3))), "quotient over 64 bits");
        assertEquals(Long.MIN_VALUE, of(BigInteger.ONE.shiftLeft(127).negate())
                .divideHalfEven(of(BigInteger.valueOf(3))), "-2^127");
        assertEquals(Long.MIN_VALUE, huge.divideHalfEven(of(BigInteger.ONE.shiftLeft(64))), "divisor over 64 bits");
        assertFalse(huge.fitsInLong());
    }

    private static long divide(long a, long b) {
        return of(BigInteger.valueOf(a)).divideHalfEven(of(BigInteger.valueOf(b)));
    }
}

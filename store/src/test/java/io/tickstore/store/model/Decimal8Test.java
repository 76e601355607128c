package io.tickstore.store.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigDecimal;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class Decimal8Test {
    private static final String PRECISION = "expected a decimal with at most 8 fraction digits, got ";
    private static final String RANGE = "out of range for DECIMAL(18,8) (max 9999999999.99999999), got ";
    private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    private static final BigDecimal LIMIT = new BigDecimal("10000000000");

    @Test
    void constants() {
        assertEquals(Long.MIN_VALUE, Decimal8.NULL);
        assertEquals(100_000_000L, Decimal8.SCALE);
        assertEquals(999_999_999_999_999_999L, Decimal8.MAX_UNSCALED);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "800.01, 80001000000",
        "0.00000001, 1",
        "-0.00000001, -1",
        "9999999999.99999999, 999999999999999999",
        "-9999999999.99999999, -999999999999999999",
        "1e-8, 1",
        "1E-8, 1",
        "1.5E2, 15000000000",
        "1.5e2, 15000000000",
        "1.5e+2, 15000000000",
        "15E-1, 150000000",
        "0.000000010, 1",
        "1.100000000000, 110000000",
        "0, 0",
        "-0, 0",
        "-0.0, 0",
        "0.0, 0",
        "0e5, 0",
        "0E-999999999999999999999, 0",
        "0.00000000000000000000, 0",
        "1, 100000000",
        "-1, -100000000",
        "10, 1000000000",
        "0.5, 50000000",
        "123.456, 12345600000",
        "9999999999, 999999999900000000",
        "1e9, 100000000000000000",
        "0.999999999999999999e10, 999999999999999999",
        "123456789012345678e-8, 123456789012345678",
        "12345678.9012345678000000000000e2, 123456789012345678",
        "1000000000000000000000e-21, 100000000",
        "0.000000000000000000000000000012345e25, 12345",
        "5e0, 500000000",
        "5E00000000000000000000000000000000000, 500000000",
    })
    void parsesExactValues(String text, String expected) {
        long want = new BigDecimal(expected).longValueExact();
        assertEquals(want, Decimal8.parse(text), text);
        char[] chars = text.toCharArray();
        assertEquals(want, Decimal8.parse(chars, 0, chars.length), text);
    }

    @Test
    void parsesOnlyTheGivenSliceOfACharArray() {
        char[] json = "{\"p\":800.01,\"q\":-1e-8}".toCharArray();
        assertEquals(80_001_000_000L, Decimal8.parse(json, 5, 6));
        assertEquals(-1L, Decimal8.parse(json, 16, 5));
        assertEquals(80_000_000_000L, Decimal8.parse(json, 5, 3)); // "800": the rest is not looked at
        assertEquals(100_000_000L, Decimal8.parse(new StringBuilder("1")));
        assertThrows(IndexOutOfBoundsException.class, () -> Decimal8.parse(json, 20, 10));
        assertThrows(IndexOutOfBoundsException.class, () -> Decimal8.parse(json, -1, 2));
    }

    static Stream<Arguments> invalidTexts() {
        return Stream.of(
            Arguments.of("", "empty value"),
            Arguments.of("0.000000001", PRECISION + "0.000000001"),
            Arguments.of("1.123456789", PRECISION + "1.123456789"),
            Arguments.of("-0.000000001", PRECISION + "-0.000000001"),
            Arguments.of("1e-9", PRECISION + "1e-9"),
            Arguments.of("0.00000001e-1", PRECISION + "0.00000001e-1"),
            Arguments.of("99999999999999999999e-10", PRECISION + "99999999999999999999e-10"),
            Arguments.of("1e-99999999999999999999", PRECISION + "1e-99999999999999999999"),
            Arguments.of("10000000000", RANGE + "10000000000"),
            Arguments.of("12345678901", RANGE + "12345678901"),
            Arguments.of("-10000000000", RANGE + "-10000000000"),
            Arguments.of("9999999999.999999999", PRECISION + "9999999999.999999999"),
            Arguments.of("1e10", RANGE + "1e10"),
            Arguments.of("1E+10", RANGE + "1E+10"),
            Arguments.of("0.1e11", RANGE + "0.1e11"),
            Arguments.of("1e99999999999999999999", RANGE + "1e99999999999999999999"),
            Arguments.of("12345678901.123456789", RANGE + "12345678901.123456789"),
            Arguments.of("-", "not a number: -"),
            Arguments.of("--1", "not a number: --1"),
            Arguments.of("-+1", "not a number: -+1"),
            Arguments.of("abc", "not a number: abc"),
            Arguments.of("NaN", "not a number: NaN"),
            Arguments.of("Infinity", "not a number: Infinity"),
            Arguments.of("-Infinity", "not a number: -Infinity"),
            Arguments.of("1.2.3", "not a number: 1.2.3"),
            Arguments.of("1e5e5", "not a number: 1e5e5"),
            Arguments.of("0x10", "not a number: 0x10"),
            Arguments.of("1_000", "not a number: 1_000"),
            Arguments.of("1,5", "not a number: 1,5"),
            Arguments.of("1d", "not a number: 1d"),
            Arguments.of("+1", "not a number (JSON does not allow a leading '+'): +1"),
            Arguments.of("01", "not a number (JSON does not allow leading zeros): 01"),
            Arguments.of("007", "not a number (JSON does not allow leading zeros): 007"),
            Arguments.of("-00.5", "not a number (JSON does not allow leading zeros): -00.5"),
            Arguments.of(".5", "not a number (JSON requires a digit before '.'): .5"),
            Arguments.of("-.5", "not a number (JSON requires a digit before '.'): -.5"),
            Arguments.of("5.", "not a number (JSON requires a digit after '.'): 5."),
            Arguments.of("5.e3", "not a number (JSON requires a digit after '.'): 5.e3"),
            Arguments.of("1e", "not a number (exponent has no digits): 1e"),
            Arguments.of("1E+", "not a number (exponent has no digits): 1E+"),
            Arguments.of("1e-", "not a number (exponent has no digits): 1e-"),
            Arguments.of("e5", "not a number: e5"),
            Arguments.of(" ", "not a number (contains whitespace):  "),
            Arguments.of(" 1", "not a number (contains whitespace):  1"),
            Arguments.of("1 ", "not a number (contains whitespace): 1 "),
            Arguments.of("1 000", "not a number (contains whitespace): 1 000"),
            Arguments.of("\t1", "not a number (contains whitespace): \t1"));
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("invalidTexts")
    void rejectsWithExactMessage(String text, String message) {
        Decimal8.FormatException e = assertThrows(Decimal8.FormatException.class, () -> Decimal8.parse(text));
        assertEquals(message, e.getMessage());
        char[] chars = ("xx" + text + "yy").toCharArray();
        e = assertThrows(Decimal8.FormatException.class, () -> Decimal8.parse(chars, 2, text.length()));
        assertEquals(message, e.getMessage());
    }

    @Test
    void messageTruncatesLongTextTo40Characters() {
        String text = "1." + "1".repeat(60);
        Decimal8.FormatException e = assertThrows(Decimal8.FormatException.class, () -> Decimal8.parse(text));
        assertEquals(PRECISION + text.substring(0, 40) + "...", e.getMessage());
        String junk = "x".repeat(41);
        e = assertThrows(Decimal8.FormatException.class, () -> Decimal8.parse(junk.toCharArray(), 0, 41));
        assertEquals("not a number: " + "x".repeat(40) + "...", e.getMessage());
        String exactly40 = "9".repeat(40);
        e = assertThrows(Decimal8.FormatException.class, () -> Decimal8.parse(exactly40));
        assertEquals(RANGE + exactly40, e.getMessage());
    }

    @Test
    void formatExceptionIsCheap() {
        Decimal8.FormatException e = assertThrows(Decimal8.FormatException.class, () -> Decimal8.parse("x"));
        assertEquals(0, e.getStackTrace().length);
        assertSame(e, e.fillInStackTrace());
        assertTrue(e instanceof RuntimeException);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "80001000000, 800.01",
        "100000000, 1",
        "-5, -0.00000005",
        "0, 0",
        "1, 0.00000001",
        "-1, -0.00000001",
        "10, 0.0000001",
        "50000000, 0.5",
        "-150000000, -1.5",
        "12345600000, 123.456",
        "1000000000, 10",
        "100000000000000000, 1000000000",
        "999999999999999999, 9999999999.99999999",
        "-999999999999999999, -9999999999.99999999",
        "123456789012345678, 1234567890.12345678",
        "100000001, 1.00000001",
    })
    void formatsShortestPlainText(long unscaled, String expected) {
        StringBuilder out = new StringBuilder("p=");
        Decimal8.format(unscaled, out);
        assertEquals("p=" + expected, out.toString());
        assertEquals(expected, Decimal8.toString(unscaled));
        assertEquals(unscaled, Decimal8.parse(expected));
    }

    @Test
    void formatUnitsPrintsEveryLongExactly() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        StringBuilder out = new StringBuilder();
        long[] edges = {Long.MIN_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE, 0, 1, -1, 100_000_000L, -100_000_000L,
            Decimal8.MAX_UNSCALED + 1, 1_000_000_000_000_000_000L, 10_000_000_000L};
        for (int n = 0; n < 200_000 + edges.length; n++) {
            long units = n < edges.length ? edges[n] : switch (n % 3) {
                case 0 -> random.nextLong();
                case 1 -> random.nextLong() / 1_000 * 1_000; // trailing fraction zeros
                default -> random.nextInt();
            };
            out.setLength(0);
            out.append('x');
            Decimal8.formatUnits(units, out);
            assertEquals("x" + BigDecimal.valueOf(units, 8).stripTrailingZeros().toPlainString(), out.toString(),
                    "seed=" + seed + "L units=" + units);
        }
    }

    @Test
    void formatRejectsNullAndOutOfRange() {
        StringBuilder out = new StringBuilder();
        assertThrows(IllegalArgumentException.class, () -> Decimal8.format(Decimal8.NULL, out));
        assertThrows(IllegalArgumentException.class, () -> Decimal8.format(Decimal8.MAX_UNSCALED + 1, out));
        assertThrows(IllegalArgumentException.class, () -> Decimal8.format(-Decimal8.MAX_UNSCALED - 1, out));
        assertThrows(IllegalArgumentException.class, () -> Decimal8.toString(Long.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> Decimal8.toBigDecimal(Decimal8.NULL));
        assertEquals(0, out.length());
    }

    @Test
    void bigDecimalEdges() {
        assertEquals(new BigDecimal("800.01000000"), Decimal8.toBigDecimal(80_001_000_000L));
        assertEquals(8, Decimal8.toBigDecimal(0).scale());
        assertEquals(new BigDecimal("-0.00000001"), Decimal8.toBigDecimal(-1));
        assertEquals(80_001_000_000L, Decimal8.fromBigDecimal(new BigDecimal("800.010000000000")));
        assertEquals(15_000_000_000L, Decimal8.fromBigDecimal(new BigDecimal("1.5E+2")));
        assertEquals(0, Decimal8.fromBigDecimal(new BigDecimal("0E-30")));
        assertEquals(0, Decimal8.fromBigDecimal(new BigDecimal("0E+30")));
        assertEquals(Decimal8.MAX_UNSCALED, Decimal8.fromBigDecimal(new BigDecimal("9999999999.99999999")));
        assertEquals(-Decimal8.MAX_UNSCALED, Decimal8.fromBigDecimal(new BigDecimal("-9999999999.99999999")));
        assertEquals(PRECISION + "1.123456789",
                assertThrows(Decimal8.FormatException.class,
                        () -> Decimal8.fromBigDecimal(new BigDecimal("1.123456789"))).getMessage());
        assertEquals(RANGE + "1E+10",
                assertThrows(Decimal8.FormatException.class,
                        () -> Decimal8.fromBigDecimal(new BigDecimal("1E+10"))).getMessage());
        assertEquals(RANGE + "1E+999999999",
                assertThrows(Decimal8.FormatException.class,
                        () -> Decimal8.fromBigDecimal(new BigDecimal("1E+999999999"))).getMessage());
        assertThrows(Decimal8.FormatException.class, () -> Decimal8.fromBigDecimal(new BigDecimal("1E-999999999")));
        assertThrows(Decimal8.FormatException.class, () -> Decimal8.fromBigDecimal(new BigDecimal("-10000000000")));
    }

    @Test
    void randomUnscaledValuesRoundTripThroughFormatAndParse() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        StringBuilder out = new StringBuilder();
        for (int n = 0; n < 200_000; n++) {
            long unscaled = randomUnscaled(random);
            out.setLength(0);
            Decimal8.format(unscaled, out);
            String text = out.toString();
            String context = "seed=" + seed + "L unscaled=" + unscaled;
            String expected = BigDecimal.valueOf(unscaled, 8).stripTrailingZeros().toPlainString();
            assertEquals(expected, text, context);
            assertEquals(unscaled, Decimal8.parse(text), context);
            assertEquals(unscaled, Decimal8.fromBigDecimal(Decimal8.toBigDecimal(unscaled)), context);
            assertEquals(BigDecimal.valueOf(unscaled, 8), Decimal8.toBigDecimal(unscaled), context);
        }
    }

    @Test
    void randomJsonNumbersParseLikeBigDecimal() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        int accepted = 0;
        for (int n = 0; n < 200_000; n++) {
            String text = randomJsonNumber(random);
            if (checkAgainstBigDecimal(text, "seed=" + seed + "L text=" + text)) {
                accepted++;
            }
        }
        assertTrue(accepted > 20_000, "generator should produce many in-range values, seed=" + seed + "L");
    }

    @Test
    void randomJunkIsRejectedOrParsedLikeBigDecimal() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        String alphabet = "0123456789.-+eE x";
        StringBuilder text = new StringBuilder();
        for (int n = 0; n < 300_000; n++) {
            text.setLength(0);
            int length = random.nextInt(10);
            for (int k = 0; k < length; k++) {
                text.append(alphabet.charAt(random.nextInt(random.nextBoolean() ? 10 : alphabet.length())));
            }
            String s = text.toString();
            String context = "seed=" + seed + "L text=[" + s + "]";
            if (JSON_NUMBER.matcher(s).matches()) {
                checkAgainstBigDecimal(s, context);
            } else {
                Decimal8.FormatException e = assertThrows(Decimal8.FormatException.class, () -> Decimal8.parse(s), context);
                assertTrue(e.getMessage().startsWith("not a number") || e.getMessage().equals("empty value"),
                        context + " message=" + e.getMessage());
            }
        }
    }

    @Test
    void parseAndFormatDoNotAllocate() {
        String[] texts = {"800.01", "-0.00000001", "9999999999.99999999", "1.5E2", "1.100000000000", "0"};
        char[][] chars = new char[texts.length][];
        for (int k = 0; k < texts.length; k++) {
            chars[k] = texts[k].toCharArray();
        }
        StringBuilder out = new StringBuilder(64);
        long[] sink = new long[1];
        long bytes = ThreadAllocation.bytesAllocatedBy(() -> {
            for (int n = 0; n < 20_000; n++) {
                for (int k = 0; k < texts.length; k++) {
                    long v = Decimal8.parse(texts[k]) + Decimal8.parse(chars[k], 0, chars[k].length);
                    out.setLength(0);
                    Decimal8.format(v / 2, out);
                    sink[0] += out.length();
                }
            }
        });
        // A single allocation per call would be several megabytes; allow for the probe's own noise.
        assertTrue(bytes < 4096, "allocated " + bytes + " bytes over 240000 calls");
    }

    /** Checks one JSON-syntax text against BigDecimal; returns whether it was in range and exact. */
    private static boolean checkAgainstBigDecimal(String text, String context) {
        BigDecimal exact = new BigDecimal(text);
        BigDecimal stripped = exact.stripTrailingZeros();
        if (exact.signum() != 0 && stripped.precision() - stripped.scale() > 10) {
            Decimal8.FormatException e = assertThrows(Decimal8.FormatException.class, () -> Decimal8.parse(text), context);
            assertEquals(RANGE + Decimal8.truncate(text), e.getMessage(), context);
            assertTrue(exact.abs().compareTo(LIMIT) >= 0, context);
            return false;
        }
        if (exact.signum() != 0 && stripped.scale() > 8) {
            Decimal8.FormatException e = assertThrows(Decimal8.FormatException.class, () -> Decimal8.parse(text), context);
            assertEquals(PRECISION + Decimal8.truncate(text), e.getMessage(), context);
            return false;
        }
        long expected = exact.movePointRight(8).longValueExact();
        try {
            assertEquals(expected, Decimal8.parse(text), context);
        } catch (Decimal8.FormatException e) {
            fail(context + " unexpected: " + e.getMessage());
        }
        assertEquals(expected, Decimal8.fromBigDecimal(exact), context);
        return true;
    }

    private static long randomUnscaled(Random random) {
        int digits = 1 + random.nextInt(18);
        long bound = 1;
        for (int k = 0; k < digits; k++) {
            bound *= 10;
        }
        long magnitude = Math.floorMod(random.nextLong(), bound);
        switch (random.nextInt(4)) {
            case 0: // whole or few fraction digits, the common case for prices
                magnitude -= magnitude % (bound > 1_000_000 ? 1_000_000 : 1);
                break;
            case 1:
                magnitude = random.nextBoolean() ? Decimal8.MAX_UNSCALED - random.nextInt(1000) : random.nextInt(1000);
                break;
            default:
                break;
        }
        return random.nextBoolean() ? magnitude : -magnitude;
    }

    private static String randomJsonNumber(Random random) {
        StringBuilder s = new StringBuilder();
        if (random.nextBoolean()) {
            s.append('-');
        }
        int integerDigits = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(random.nextInt(4) == 0 ? 25 : 11);
        if (integerDigits == 0) {
            s.append('0');
        } else {
            s.append((char) ('1' + random.nextInt(9)));
            appendDigits(s, integerDigits - 1, random);
        }
        if (random.nextInt(3) > 0) {
            s.append('.');
            appendDigits(s, 1 + random.nextInt(random.nextInt(4) == 0 ? 30 : 10), random);
            if (random.nextBoolean()) {
                s.append("0".repeat(random.nextInt(15)));
            }
        }
        if (random.nextInt(3) == 0) {
            s.append(random.nextBoolean() ? 'e' : 'E');
            int exponent = random.nextInt(25) - 12;
            if (exponent < 0) {
                s.append('-');
            } else if (random.nextBoolean()) {
                s.append('+');
            }
            if (random.nextInt(5) == 0) {
                s.append('0');
            }
            s.append(Math.abs(exponent));
        }
        return s.toString();
    }

    private static void appendDigits(StringBuilder s, int count, Random random) {
        boolean sparse = random.nextInt(3) == 0; // mostly zeros: exercises trailing-zero handling
        for (int k = 0; k < count; k++) {
            s.append(sparse && random.nextInt(4) > 0 ? '0' : (char) ('0' + random.nextInt(10)));
        }
    }
}

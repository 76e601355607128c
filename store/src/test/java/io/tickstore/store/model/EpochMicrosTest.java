package io.tickstore.store.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class EpochMicrosTest {
    private static final String MALFORMED = "expected an ISO-8601 timestamp like 2024-01-02T09:30:00.123456Z, got ";
    private static final String NO_ZONE = "expected an ISO-8601 timestamp with Z or an offset, got ";
    private static final String BAD_ZONE = "expected Z or an offset like +01:00, +0100 or +01 at the end, got ";
    private static final String OUT_OF_WINDOW =
            "out of range: expected a timestamp from 1970-01-01T00:00:00Z up to 2100-01-01T00:00:00Z (exclusive), got ";
    private static final String EXPECTED_MICROS = "; expected epoch microseconds between 1970-01-01 and 2100-01-01";
    private static final long MIN_INSTANT_SECOND = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
    private static final long MAX_INSTANT_SECOND = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

    private static long micros(String instant) {
        Instant i = Instant.parse(instant);
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
    }

    @Test
    void constants() {
        assertEquals(Long.MIN_VALUE, EpochMicros.NULL);
        assertEquals(0L, EpochMicros.MIN_ACCEPTED);
        assertEquals(micros("2100-01-01T00:00:00Z"), EpochMicros.MAX_ACCEPTED_EXCLUSIVE);
        assertEquals(micros("1970-02-17T11:34:04.800Z"), EpochMicros.MIN_ACCEPTED_INTEGER);
        assertEquals(EpochMicros.MAX_ACCEPTED_EXCLUSIVE / 1000, EpochMicros.MIN_ACCEPTED_INTEGER);
    }

    @ParameterizedTest(name = "{0} == {1}")
    @CsvSource({
        "2024-01-02T09:30:00Z, 2024-01-02T09:30:00Z",
        "2024-01-02T09:30:00z, 2024-01-02T09:30:00Z",
        "2024-01-02t09:30:00Z, 2024-01-02T09:30:00Z",
        "2024-01-02T10:30:00+01:00, 2024-01-02T09:30:00Z",
        "2024-01-02T10:30:00+0100, 2024-01-02T09:30:00Z",
        "2024-01-02T10:30:00+01, 2024-01-02T09:30:00Z",
        "2024-01-02T04:00:00-05:30, 2024-01-02T09:30:00Z",
        "2024-01-02T04:00:00-0530, 2024-01-02T09:30:00Z",
        "2024-01-02T09:30:00-00:00, 2024-01-02T09:30:00Z",
        "2024-01-02T09:30:00+00, 2024-01-02T09:30:00Z",
        "2024-01-03T03:30:00+18:00, 2024-01-02T09:30:00Z",
        "2024-01-01T15:30:00-18:00, 2024-01-02T09:30:00Z",
        "2024-01-01T00:30:00+01:00, 2023-12-31T23:30:00Z",
        "2024-01-02T09:30:00.1Z, 2024-01-02T09:30:00.100Z",
        "2024-01-02T09:30:00.12Z, 2024-01-02T09:30:00.120Z",
        "2024-01-02T09:30:00.123Z, 2024-01-02T09:30:00.123Z",
        "2024-01-02T09:30:00.1234Z, 2024-01-02T09:30:00.123400Z",
        "2024-01-02T09:30:00.12345Z, 2024-01-02T09:30:00.123450Z",
        "2024-01-02T09:30:00.123456Z, 2024-01-02T09:30:00.123456Z",
        "2024-01-02T09:30:00.1234569Z, 2024-01-02T09:30:00.123456Z",
        "2024-01-02T09:30:00.12345699Z, 2024-01-02T09:30:00.123456Z",
        "2024-01-02T09:30:00.123456999Z, 2024-01-02T09:30:00.123456Z",
        "2024-01-02T09:30:00.999999999Z, 2024-01-02T09:30:00.999999Z",
        "2024-01-02T09:30:00.000000001Z, 2024-01-02T09:30:00Z",
        "2024-01-02T09:30:00.000Z, 2024-01-02T09:30:00Z",
        "2024-01-02T10:30:00.5+01:00, 2024-01-02T09:30:00.500Z",
        "2024-02-29T12:00:00Z, 2024-02-29T12:00:00Z",
        "2000-02-29T00:00:00Z, 2000-02-29T00:00:00Z",
        "2096-02-29T23:59:59Z, 2096-02-29T23:59:59Z",
        "2024-12-31T23:59:59.999999Z, 2024-12-31T23:59:59.999999Z",
        "1970-01-01T00:00:00Z, 1970-01-01T00:00:00Z",
        "1970-01-01T00:00:00.000001Z, 1970-01-01T00:00:00.000001Z",
        "1970-01-01T01:00:00+01:00, 1970-01-01T00:00:00Z",
        "1969-12-31T23:00:00-01:00, 1970-01-01T00:00:00Z",
        "2099-12-31T23:59:59.999999Z, 2099-12-31T23:59:59.999999Z",
        "2100-01-01T00:59:59.999999+01:00, 2099-12-31T23:59:59.999999Z",
    })
    void parsesValidTimestamps(String text, String instant) {
        long expected = micros(instant);
        assertEquals(expected, EpochMicros.parseIso(text), text);
        char[] chars = ("[\"" + text + "\"]").toCharArray();
        assertEquals(expected, EpochMicros.parseIso(chars, 2, text.length()), text);
        assertEquals(expected, EpochMicros.parseIso(new StringBuilder(text)), text);
    }

    @Test
    void epochIsZeroAndOffsetsMoveTheInstant() {
        assertEquals(0L, EpochMicros.parseIso("1970-01-01T00:00:00Z"));
        assertEquals(EpochMicros.parseIso("2024-01-02T09:30:00Z"), EpochMicros.parseIso("2024-01-02T10:30:00+01:00"));
        assertEquals(1_704_187_800_000_000L, EpochMicros.parseIso("2024-01-02T09:30:00Z"));
        assertEquals(1_704_187_800_123_456L, EpochMicros.parseIso("2024-01-02T09:30:00.1234569Z"));
    }

    static Stream<Arguments> invalidTimestamps() {
        return Stream.of(
            Arguments.of("", "empty value"),
            Arguments.of("abc", MALFORMED + "abc"),
            Arguments.of("2024-01-02", MALFORMED + "2024-01-02"),
            Arguments.of("2024-01-02T09:30Z", MALFORMED + "2024-01-02T09:30Z"),
            Arguments.of("2024-01-02 09:30:00Z", MALFORMED + "2024-01-02 09:30:00Z"),
            Arguments.of("2024-01-02X09:30:00Z", MALFORMED + "2024-01-02X09:30:00Z"),
            Arguments.of("2024/01/02T09:30:00Z", MALFORMED + "2024/01/02T09:30:00Z"),
            Arguments.of("2024-1-02T09:30:00Z", MALFORMED + "2024-1-02T09:30:00Z"),
            Arguments.of("24-01-02T09:30:00Z", MALFORMED + "24-01-02T09:30:00Z"),
            Arguments.of("+2024-01-02T09:30:00Z", MALFORMED + "+2024-01-02T09:30:00Z"),
            Arguments.of("2024-01-02T9:30:00Z", MALFORMED + "2024-01-02T9:30:00Z"),
            Arguments.of("2024-01-02T09:3a:00Z", MALFORMED + "2024-01-02T09:3a:00Z"),
            Arguments.of(" 2024-01-02T09:30:00Z", MALFORMED + " 2024-01-02T09:30:00Z"),
            Arguments.of("2024-01-02T09:30:00.Z", MALFORMED + "2024-01-02T09:30:00.Z"),
            Arguments.of("2024-01-02T09:30:00,5Z", BAD_ZONE + "2024-01-02T09:30:00,5Z"),
            Arguments.of("2024-01-02T09:30:00", NO_ZONE + "2024-01-02T09:30:00"),
            Arguments.of("2024-01-02T09:30:00.123456", NO_ZONE + "2024-01-02T09:30:00.123456"),
            Arguments.of("2024-01-02T09:30:00.1234567890Z",
                    "expected 1 to 9 fraction digits in 2024-01-02T09:30:00.1234567890Z"),
            Arguments.of("2024-01-02T09:30:00ZZ", BAD_ZONE + "2024-01-02T09:30:00ZZ"),
            Arguments.of("2024-01-02T09:30:00Z ", BAD_ZONE + "2024-01-02T09:30:00Z "),
            Arguments.of("2024-01-02T09:30:00 Z", BAD_ZONE + "2024-01-02T09:30:00 Z"),
            Arguments.of("2024-01-02T09:30:00UTC", BAD_ZONE + "2024-01-02T09:30:00UTC"),
            Arguments.of("2024-01-02T09:30:00+1", BAD_ZONE + "2024-01-02T09:30:00+1"),
            Arguments.of("2024-01-02T09:30:00+01:0", BAD_ZONE + "2024-01-02T09:30:00+01:0"),
            Arguments.of("2024-01-02T09:30:00+010", BAD_ZONE + "2024-01-02T09:30:00+010"),
            Arguments.of("2024-01-02T09:30:00+01-00", BAD_ZONE + "2024-01-02T09:30:00+01-00"),
            Arguments.of("2024-01-02T09:30:00+01:00:00", BAD_ZONE + "2024-01-02T09:30:00+01:00:00"),
            Arguments.of("2024-01-02T09:30:00+", BAD_ZONE + "2024-01-02T09:30:00+"),
            Arguments.of("2024-01-02T09:30:00+19:00",
                    "offset +19:00 out of range (max 18:00) in 2024-01-02T09:30:00+19:00"),
            Arguments.of("2024-01-02T09:30:00-18:01",
                    "offset -18:01 out of range (max 18:00) in 2024-01-02T09:30:00-18:01"),
            Arguments.of("2024-01-02T09:30:00+01:60", "offset minute 60 out of range in 2024-01-02T09:30:00+01:60"),
            Arguments.of("2024-13-01T00:00:00Z", "month 13 out of range in 2024-13-01T00:00:00Z"),
            Arguments.of("2024-00-01T00:00:00Z", "month 0 out of range in 2024-00-01T00:00:00Z"),
            Arguments.of("2024-01-00T00:00:00Z", "day 0 out of range for 2024-01 in 2024-01-00T00:00:00Z"),
            Arguments.of("2024-01-32T00:00:00Z", "day 32 out of range for 2024-01 in 2024-01-32T00:00:00Z"),
            Arguments.of("2024-04-31T00:00:00Z", "day 31 out of range for 2024-04 in 2024-04-31T00:00:00Z"),
            Arguments.of("2023-02-29T00:00:00Z", "day 29 out of range for 2023-02 in 2023-02-29T00:00:00Z"),
            Arguments.of("2024-02-30T00:00:00Z", "day 30 out of range for 2024-02 in 2024-02-30T00:00:00Z"),
            Arguments.of("1900-02-29T00:00:00Z", "day 29 out of range for 1900-02 in 1900-02-29T00:00:00Z"),
            Arguments.of("2100-02-29T00:00:00Z", "day 29 out of range for 2100-02 in 2100-02-29T00:00:00Z"),
            Arguments.of("2024-01-02T24:00:00Z", "hour 24 out of range in 2024-01-02T24:00:00Z"),
            Arguments.of("2024-01-02T09:60:00Z", "minute 60 out of range in 2024-01-02T09:60:00Z"),
            Arguments.of("2016-12-31T23:59:60Z",
                    "second 60 out of range (leap seconds are not supported) in 2016-12-31T23:59:60Z"),
            Arguments.of("2024-01-02T09:30:61Z", "second 61 out of range in 2024-01-02T09:30:61Z"),
            Arguments.of("0000-01-01T00:00:00Z", "year 0000 out of range in 0000-01-01T00:00:00Z"),
            Arguments.of("1969-12-31T23:59:59.999999Z", OUT_OF_WINDOW + "1969-12-31T23:59:59.999999Z"),
            Arguments.of("1970-01-01T00:30:00+01:00", OUT_OF_WINDOW + "1970-01-01T00:30:00+01:00"),
            Arguments.of("0001-01-01T00:00:00Z", OUT_OF_WINDOW + "0001-01-01T00:00:00Z"),
            Arguments.of("2100-01-01T00:00:00Z", OUT_OF_WINDOW + "2100-01-01T00:00:00Z"),
            Arguments.of("2100-02-28T00:00:00Z", OUT_OF_WINDOW + "2100-02-28T00:00:00Z"),
            Arguments.of("2099-12-31T23:30:00-01:00", OUT_OF_WINDOW + "2099-12-31T23:30:00-01:00"),
            Arguments.of("9999-12-31T23:59:59.999999999-18:00", OUT_OF_WINDOW + "9999-12-31T23:59:59.999999999-18:00"),
            Arguments.of("2024-01-02T09:30:00.123456789+01:00 and then some more",
                    BAD_ZONE + "2024-01-02T09:30:00.123456789+01:00 and ..."));
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("invalidTimestamps")
    void rejectsWithExactMessage(String text, String message) {
        EpochMicros.FormatException e = assertThrows(EpochMicros.FormatException.class, () -> EpochMicros.parseIso(text));
        assertEquals(message, e.getMessage());
        char[] chars = ("x" + text + "y").toCharArray();
        e = assertThrows(EpochMicros.FormatException.class, () -> EpochMicros.parseIso(chars, 1, text.length()));
        assertEquals(message, e.getMessage());
    }

    @Test
    void formatExceptionIsCheap() {
        EpochMicros.FormatException e = assertThrows(EpochMicros.FormatException.class, () -> EpochMicros.parseIso("x"));
        assertEquals(0, e.getStackTrace().length);
        assertSame(e, e.fillInStackTrace());
        assertTrue(e instanceof RuntimeException);
    }

    @Test
    void everyDayOfEveryMonthInTheWindowIsValidatedLikeJavaTime() {
        for (int year = 1970; year < 2100; year++) {
            for (int month = 1; month <= 12; month++) {
                YearMonth ym = YearMonth.of(year, month);
                for (int day = 1; day <= 31; day++) {
                    String text = String.format("%04d-%02d-%02dT12:00:00Z", year, month, day);
                    if (ym.isValidDay(day)) {
                        assertEquals(micros(text), EpochMicros.parseIso(text), text);
                    } else {
                        EpochMicros.FormatException e =
                                assertThrows(EpochMicros.FormatException.class, () -> EpochMicros.parseIso(text), text);
                        assertTrue(e.getMessage().startsWith("day " + day + " out of range"), e.getMessage());
                    }
                }
            }
        }
    }

    @Test
    void randomTimestampsParseLikeJavaTime() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder();
        for (int n = 0; n < 200_000; n++) {
            long second = Math.floorMod(random.nextLong(), EpochMicros.MAX_ACCEPTED_EXCLUSIVE / 1_000_000L);
            int fractionDigits = random.nextInt(10);
            int nano = random.nextInt(1_000_000_000);
            nano -= nano % pow10(9 - fractionDigits);
            int offsetMinutes = random.nextInt(4) == 0 ? 0 : random.nextInt(2 * 18 * 60 + 1) - 18 * 60;
            if (random.nextBoolean()) {
                offsetMinutes -= offsetMinutes % 60; // whole hours, so the +HH form is possible
            }
            ZoneOffset offset = ZoneOffset.ofTotalSeconds(offsetMinutes * 60);
            LocalDateTime local = LocalDateTime.ofEpochSecond(second, nano, offset);

            text.setLength(0);
            text.append(String.format("%04d-%02d-%02d%c%02d:%02d:%02d", local.getYear(), local.getMonthValue(),
                    local.getDayOfMonth(), random.nextInt(8) == 0 ? 't' : 'T',
                    local.getHour(), local.getMinute(), local.getSecond()));
            if (fractionDigits > 0) {
                text.append('.').append(String.format("%09d", nano), 0, fractionDigits);
            }
            boolean isoOffset = appendZone(text, offsetMinutes, random);
            String s = text.toString();
            String context = "seed=" + seed + "L text=" + s;

            long expected = second * 1_000_000L + nano / 1000;
            assertEquals(expected, EpochMicros.parseIso(s), context);
            if (isoOffset) {
                assertEquals(expected, EpochMicros.toEpochMicros(OffsetDateTime.parse(s).toInstant()), context);
            }
        }
    }

    @Test
    void randomMicrosFormatLikeInstantAndRoundTrip() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        StringBuilder out = new StringBuilder();
        for (int n = 0; n < 200_000; n++) {
            long micros = Math.floorMod(random.nextLong(), EpochMicros.MAX_ACCEPTED_EXCLUSIVE);
            switch (random.nextInt(3)) {
                case 0:
                    micros -= micros % 1_000_000L;
                    break;
                case 1:
                    micros -= micros % 1000L;
                    break;
                default:
                    break;
            }
            String context = "seed=" + seed + "L micros=" + micros;
            out.setLength(0);
            EpochMicros.formatIso(micros, out);
            assertEquals(EpochMicros.toInstant(micros).toString(), out.toString(), context);
            assertEquals(micros, EpochMicros.parseIso(out), context);
            assertEquals(micros, EpochMicros.toEpochMicros(EpochMicros.toInstant(micros)), context);
        }
    }

    @Test
    void formatsWholeYearRangeLikeInstant() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int n = 0; n < 100_000; n++) {
            long second = MIN_INSTANT_SECOND + Math.floorMod(random.nextLong(), MAX_INSTANT_SECOND - MIN_INSTANT_SECOND + 1);
            long micros = second * 1_000_000L + random.nextInt(1_000_000);
            assertEquals(EpochMicros.toInstant(micros).toString(), EpochMicros.toIso(micros), "seed=" + seed + "L micros=" + micros);
        }
        assertEquals("0001-01-01T00:00:00Z", EpochMicros.toIso(MIN_INSTANT_SECOND * 1_000_000L));
        assertEquals("9999-12-31T23:59:59.999999Z", EpochMicros.toIso(MAX_INSTANT_SECOND * 1_000_000L + 999_999));
        assertEquals("1969-12-31T23:59:59.999999Z", EpochMicros.toIso(-1));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "1704187800000000, 2024-01-02T09:30:00Z",
        "1704187800123000, 2024-01-02T09:30:00.123Z",
        "1704187800100000, 2024-01-02T09:30:00.100Z",
        "1704187800123456, 2024-01-02T09:30:00.123456Z",
        "1704187800000001, 2024-01-02T09:30:00.000001Z",
        "1704187800001000, 2024-01-02T09:30:00.001Z",
        "0, 1970-01-01T00:00:00Z",
        "4102444799999999, 2099-12-31T23:59:59.999999Z",
        "951782400000000, 2000-02-29T00:00:00Z",
    })
    void formatsIso(long micros, String expected) {
        StringBuilder out = new StringBuilder("t=");
        EpochMicros.formatIso(micros, out);
        assertEquals("t=" + expected, out.toString());
        assertEquals(expected, EpochMicros.toIso(micros));
        assertEquals(expected, Instant.parse(expected).toString());
    }

    @Test
    void formatRejectsNullAndYearsBeyondFourDigits() {
        StringBuilder out = new StringBuilder();
        assertThrows(IllegalArgumentException.class, () -> EpochMicros.formatIso(EpochMicros.NULL, out));
        assertThrows(IllegalArgumentException.class, () -> EpochMicros.formatIso(MIN_INSTANT_SECOND * 1_000_000L - 1, out));
        assertThrows(IllegalArgumentException.class, () -> EpochMicros.formatIso(micros("+10000-01-01T00:00:00Z"), out));
        assertThrows(IllegalArgumentException.class, () -> EpochMicros.toIso(Long.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> EpochMicros.toInstant(EpochMicros.NULL));
        assertEquals(0, out.length());
    }

    @Test
    void fromEpochMicrosAcceptsTheWindow() {
        assertEquals(1_704_187_800_123_456L, EpochMicros.fromEpochMicros(1_704_187_800_123_456L));
        assertEquals(1_700_000_000_000_000L, EpochMicros.fromEpochMicros(1_700_000_000_000_000L));
        assertEquals(EpochMicros.MIN_ACCEPTED_INTEGER, EpochMicros.fromEpochMicros(EpochMicros.MIN_ACCEPTED_INTEGER));
        assertEquals(EpochMicros.MAX_ACCEPTED_EXCLUSIVE - 1, EpochMicros.fromEpochMicros(EpochMicros.MAX_ACCEPTED_EXCLUSIVE - 1));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "1700000000000 | epoch integer 1700000000000 is not in microseconds (looks like milliseconds)",
        "1704187800123 | epoch integer 1704187800123 is not in microseconds (looks like milliseconds)",
        "4102444799999 | epoch integer 4102444799999 is not in microseconds (looks like milliseconds)",
        "4102444800 | epoch integer 4102444800 is not in microseconds (looks like milliseconds)",
        "1700000000 | epoch integer 1700000000 is not in microseconds (looks like seconds)",
        "4102444799 | epoch integer 4102444799 is not in microseconds (looks like seconds)",
        "0 | epoch integer 0 is not in microseconds (looks like seconds)",
        "1700000000000000000 | epoch integer 1700000000000000000 is not in microseconds (looks like nanoseconds)",
        "4102444800000000 | epoch integer 4102444800000000 is not in microseconds (looks like nanoseconds)",
        "4102444799999999999 | epoch integer 4102444799999999999 is not in microseconds (looks like nanoseconds)",
        "4102444800000000000 | epoch integer 4102444800000000000 is out of range",
        "9223372036854775807 | epoch integer 9223372036854775807 is out of range",
        "-1 | epoch integer -1 is out of range",
        "-1700000000000000 | epoch integer -1700000000000000 is out of range",
        "-9223372036854775808 | epoch integer -9223372036854775808 is out of range",
    })
    void fromEpochMicrosNamesTheLikelyUnit(long value, String message) {
        EpochMicros.FormatException e =
                assertThrows(EpochMicros.FormatException.class, () -> EpochMicros.fromEpochMicros(value));
        assertEquals(message + EXPECTED_MICROS, e.getMessage());
    }

    @Test
    void unitHintsAreRightForRandomTimestampsInOtherUnits() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int n = 0; n < 100_000; n++) {
            long micros = EpochMicros.MIN_ACCEPTED_INTEGER
                    + Math.floorMod(random.nextLong(), EpochMicros.MAX_ACCEPTED_EXCLUSIVE - EpochMicros.MIN_ACCEPTED_INTEGER);
            String context = "seed=" + seed + "L micros=" + micros;
            assertEquals(micros, EpochMicros.fromEpochMicros(micros), context);
            long nanos = micros * 1000 + random.nextInt(1000);
            assertTrue(message(nanos).contains("(looks like nanoseconds)"), context);
            long millis = micros / 1000;
            if (millis >= EpochMicros.MAX_ACCEPTED_EXCLUSIVE / 1_000_000) { // else it also reads as seconds
                assertTrue(message(millis).contains("(looks like milliseconds)"), context);
            }
            assertTrue(message(micros / 1_000_000).contains("(looks like seconds)"), context);
        }
    }

    @Test
    void instantHelpersFloorToMicros() {
        assertEquals(1_704_187_800_123_456L, EpochMicros.toEpochMicros(Instant.parse("2024-01-02T09:30:00.123456789Z")));
        assertEquals(-1L, EpochMicros.toEpochMicros(Instant.ofEpochSecond(-1, 999_999_999)));
        assertEquals(-1_000_000L, EpochMicros.toEpochMicros(Instant.ofEpochSecond(-1, 999)));
        assertEquals(Instant.parse("1969-12-31T23:59:59.999999Z"), EpochMicros.toInstant(-1));
        assertEquals(Instant.parse("2024-01-02T09:30:00.123456Z"), EpochMicros.toInstant(1_704_187_800_123_456L));
        assertThrows(ArithmeticException.class, () -> EpochMicros.toEpochMicros(Instant.MAX));
    }

    @Test
    void parseFormatAndCheckDoNotAllocate() {
        String[] texts = {"2024-01-02T09:30:00Z", "2024-01-02T10:30:00.123456789+01:00", "2099-12-31T23:59:59.5+0100"};
        char[][] chars = new char[texts.length][];
        for (int k = 0; k < texts.length; k++) {
            chars[k] = texts[k].toCharArray();
        }
        StringBuilder out = new StringBuilder(64);
        long[] sink = new long[1];
        long bytes = ThreadAllocation.bytesAllocatedBy(() -> {
            for (int n = 0; n < 20_000; n++) {
                for (int k = 0; k < texts.length; k++) {
                    long v = EpochMicros.parseIso(texts[k]) ^ EpochMicros.parseIso(chars[k], 0, chars[k].length);
                    v = EpochMicros.fromEpochMicros(EpochMicros.parseIso(texts[k]) + (v & 1));
                    out.setLength(0);
                    EpochMicros.formatIso(v, out);
                    sink[0] += out.length();
                }
            }
        });
        assertTrue(bytes < 4096, "allocated " + bytes + " bytes over 60000 rounds");
    }

    private static String message(long value) {
        return assertThrows(EpochMicros.FormatException.class, () -> EpochMicros.fromEpochMicros(value)).getMessage();
    }

    /** Appends a random zone form for the offset; returns whether java.time's ISO parser reads it. */
    private static boolean appendZone(StringBuilder text, int offsetMinutes, Random random) {
        if (offsetMinutes == 0 && random.nextBoolean()) {
            text.append(random.nextBoolean() ? 'Z' : 'z');
            return text.charAt(text.length() - 1) == 'Z' && text.indexOf("t") < 0;
        }
        int abs = Math.abs(offsetMinutes);
        text.append(offsetMinutes < 0 || (offsetMinutes == 0 && random.nextBoolean()) ? '-' : '+')
                .append(String.format("%02d", abs / 60));
        int form = random.nextInt(3);
        if (form == 2 && abs % 60 == 0) {
            return false; // +HH
        }
        if (form == 1) {
            text.append(String.format("%02d", abs % 60));
            return false; // +HHMM
        }
        text.append(':').append(String.format("%02d", abs % 60));
        return text.indexOf("t") < 0;
    }

    private static int pow10(int p) {
        int v = 1;
        for (int k = 0; k < p; k++) {
            v *= 10;
        }
        return v;
    }
}

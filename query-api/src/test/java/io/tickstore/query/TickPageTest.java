package io.tickstore.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.EpochMicros;
import io.tickstore.store.model.JsonString;
import io.tickstore.store.model.TickRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The byte-level pages of ticks, CSV and JSON, write what the reference formatters write ({@link
 * EpochMicros#formatIso}, {@link Decimal8#format}, {@link CsvText#field}, {@link JsonString#append}):
 * edge values one by one, then random ticks.
 */
class TickPageTest {
    private static final long SEED = Long.getLong("tickstore.seed", System.nanoTime());
    private static final long DAY = 86_400_000_000L;

    @Test
    void aKnownPage() {
        TickRecord t = tick(1_704_205_800_123_456L, 7);
        t.bidPrice = 190_12000000L;
        t.askPrice = 190_13000001L;
        t.bidSize = 500_00000000L;
        t.conditions = "@,F";
        t.tape = "C";
        TickCsv page = new TickCsv();
        page.add(t);
        TickRecord u = tick(1_704_205_801_000_000L, 8);
        u.lastPrice = 5L;
        u.lastSize = -12_50000000L;
        u.conditions = "";
        u.tape = "say \"hi\"";
        page.add(u);
        assertEquals("timestamp,sequence_number,bid_price,ask_price,bid_size,ask_size,last_price,last_size,volume,"
                + "conditions,tape\n"
                + "2024-01-02T14:30:00.123456Z,7,190.12,190.13000001,500,,,,,\"@,F\",C\n"
                + "2024-01-02T14:30:01Z,8,,,,,0.00000005,-12.5,,\"\",\"say \"\"hi\"\"\"\n", text(page));
    }

    @Test
    void aKnownJsonPage() {
        TickRecord t = tick(1_704_205_800_123_456L, 7);
        t.bidPrice = 190_12000000L;
        t.askPrice = 190_13000001L;
        t.conditions = "@,F";
        TickRecord u = tick(1_704_205_801_000_000L, 8);
        u.lastPrice = 5L;
        u.lastSize = -12_50000000L;
        u.conditions = "";
        u.tape = "say \"hi\"\\\u0001é";
        TickJson page = new TickJson("NAS\"DAQ", "AAPL");
        page.add(t);
        page.add(u);
        assertEquals("{\"exchange\":\"NAS\\\"DAQ\",\"symbol\":\"AAPL\",\"ticks\":["
                + "{\"timestamp\":\"2024-01-02T14:30:00.123456Z\",\"sequence_number\":7,\"bid_price\":190.12,"
                + "\"ask_price\":190.13000001,\"bid_size\":null,\"ask_size\":null,\"last_price\":null,"
                + "\"last_size\":null,\"volume\":null,\"conditions\":\"@,F\",\"tape\":null},"
                + "{\"timestamp\":\"2024-01-02T14:30:01Z\",\"sequence_number\":8,\"bid_price\":null,"
                + "\"ask_price\":null,\"bid_size\":null,\"ask_size\":null,\"last_price\":0.00000005,"
                + "\"last_size\":-12.5,\"volume\":null,\"conditions\":\"\",\"tape\":\"say \\\"hi\\\"\\\\\\u0001é\"}"
                + "],\"count\":2,\"next_cursor\":\"1704205801000000:8\"}",
                text(page.finish("1704205801000000:8")));
    }

    @Test
    void aSecondPageBegunOnAThreadBeforeTheFirstIsTakenSharesNoBytes() {
        TickRecord t = tick(1_704_205_800_123_456L, 7);
        t.bidPrice = 1;
        TickCsv first = new TickCsv();
        first.add(t);
        TickJson second = new TickJson("X", "S");
        t.bidPrice = 2;
        second.add(t);
        TickCsv third = new TickCsv(); // neither taken yet: a third array
        third.add(t);
        assertEquals(TickCsv.HEADER_LINE + "\n2024-01-02T14:30:00.123456Z,7,0.00000001,,,,,,,,\n", text(first));
        assertEquals("{\"exchange\":\"X\",\"symbol\":\"S\",\"ticks\":[{\"timestamp\":\"2024-01-02T14:30:00.123456Z\","
                + "\"sequence_number\":7,\"bid_price\":0.00000002,\"ask_price\":null,\"bid_size\":null,\"ask_size\":null,"
                + "\"last_price\":null,\"last_size\":null,\"volume\":null,\"conditions\":null,\"tape\":null}],"
                + "\"count\":1,\"next_cursor\":null}", text(second.finish(null)));
        assertEquals(TickCsv.HEADER_LINE + "\n2024-01-02T14:30:00.123456Z,7,0.00000002,,,,,,,,\n", text(third));
    }

    @Test
    void edgeValuesAreWrittenAsTheReferenceFormattersWriteThem() {
        long[] times = {0, 1, 999, 1_000, 1_000_000, DAY - 1, DAY, -1, -DAY, -DAY + 1, 1_704_153_600_000_000L,
                951_782_400_000_000L /* 2000-02-29 */, 4_102_444_799_999_999L, -62_135_596_800_000_000L /* 0001-01-01 */,
                253_402_300_799_999_999L /* 9999-12-31T23:59:59.999999Z */, 1_704_153_600_010_000L, 1_704_153_600_100_100L};
        long[] decimals = {Decimal8.NULL, 0, 1, -1, 10, 100_000_000, -100_000_000, 123_456_789, 10_000_000, 12_000_000,
                12_300_000, 12_340_000, 12_345_000, 12_345_600, 12_345_670, 12_345_678, 10_000_001, 1_000_100,
                Decimal8.MAX_UNSCALED, -Decimal8.MAX_UNSCALED, 2_147_483_648L * 100_000_000L, 99_999_999};
        long[] sequences = {0, 1, 9, 10, 99, 100, 12_345, -1, Long.MAX_VALUE, Long.MIN_VALUE, 1_000_000_000_000_000_000L};
        String[] texts = {null, "", "C", "@ F", "a,b", "q\"q", "line\nbreak", "cr\r", "é", "€,x", "日本", "back\\slash",
            "tab\t", "\u0000\u001f", "\u007f"};
        List<TickRecord> ticks = new ArrayList<>();
        for (int i = 0; i < Math.max(times.length, Math.max(decimals.length, sequences.length)); i++) {
            TickRecord t = tick(times[i % times.length], sequences[i % sequences.length]);
            t.bidPrice = decimals[i % decimals.length];
            t.askPrice = decimals[(i + 1) % decimals.length];
            t.bidSize = decimals[(i + 2) % decimals.length];
            t.askSize = decimals[(i + 3) % decimals.length];
            t.lastPrice = decimals[(i + 4) % decimals.length];
            t.lastSize = decimals[(i + 5) % decimals.length];
            t.volume = decimals[(i + 6) % decimals.length];
            t.conditions = texts[i % texts.length];
            t.tape = texts[(i + 3) % texts.length];
            ticks.add(t);
        }
        assertPage(ticks, "edge values");
    }

    @Test
    void randomTicksAreWrittenAsTheReferenceFormattersWriteThem() {
        Random r = new Random(SEED);
        for (int page = 0; page < 50; page++) {
            List<TickRecord> ticks = new ArrayList<>();
            long t = 1_704_153_600_000_000L + r.nextInt(1_000_000) * DAY / 1000;
            for (int i = 0, n = r.nextInt(700); i < n; i++) {
                t += switch (r.nextInt(4)) { // same microsecond, whole milliseconds, any step, across days
                    case 0 -> 0;
                    case 1 -> r.nextInt(5000) * 1_000L;
                    case 2 -> r.nextInt(100_000_000);
                    default -> r.nextInt(3) * DAY + r.nextInt(1_000_000);
                };
                TickRecord k = tick(t, r.nextLong() >> r.nextInt(64));
                k.bidPrice = decimal(r);
                k.askPrice = decimal(r);
                k.bidSize = decimal(r);
                k.askSize = decimal(r);
                k.lastPrice = decimal(r);
                k.lastSize = decimal(r);
                k.volume = decimal(r);
                k.conditions = r.nextInt(3) == 0 ? null : "c" + (char) (' ' + r.nextInt(95)) + r.nextInt(10);
                k.tape = r.nextInt(3) == 0 ? null : Character.toString(0x20 + r.nextInt(0x300));
                ticks.add(k);
            }
            assertPage(ticks, "seed " + SEED + " (rerun with -Dtickstore.seed=" + SEED + "), page " + page);
        }
    }

    @Test
    void pagesOneAfterAnotherOnOneThreadShareNoBytes() {
        // A page past the first buffer, one past the size kept for reuse, then small ones.
        for (int n : new int[] {2000, 14_000, 1, 0, 3}) {
            List<TickRecord> ticks = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                TickRecord t = tick(1_704_153_600_000_000L + i * 1_000L, i);
                t.bidPrice = 12_345_678_901L + i;
                t.conditions = n > 10 ? "c".repeat(20) : null;
                ticks.add(t);
            }
            assertPage(ticks, n + " ticks");
        }
    }

    @Test
    void aValueNoReferenceFormatterCanWriteFailsAsThereNotSilently() {
        TickRecord t = tick(EpochMicros.NULL, 1);
        assertThrows(IllegalArgumentException.class, () -> new TickCsv().add(t));
        assertThrows(IllegalArgumentException.class, () -> new TickJson("X", "S").add(t));
        TickRecord u = tick(0, 1);
        u.bidPrice = Decimal8.MAX_UNSCALED + 1;
        assertThrows(IllegalArgumentException.class, () -> new TickCsv().add(u));
        assertThrows(IllegalArgumentException.class, () -> new TickJson("X", "S").add(u));
    }

    /** The CSV and the JSON page of {@code ticks}, against the reference formatters. */
    private static void assertPage(List<TickRecord> ticks, String context) {
        TickCsv page = new TickCsv();
        StringBuilder expected = new StringBuilder(TickCsv.HEADER_LINE).append('\n');
        for (TickRecord t : ticks) {
            page.add(t);
            reference(expected, t);
        }
        assertEquals(expected.toString(), text(page), context + ", CSV");
        TickJson json = new TickJson("X", "S");
        StringBuilder expectedJson = new StringBuilder("{\"exchange\":\"X\",\"symbol\":\"S\",\"ticks\":[");
        for (TickRecord t : ticks) {
            json.add(t);
            if (expectedJson.charAt(expectedJson.length() - 1) == '}') {
                expectedJson.append(',');
            }
            referenceJson(expectedJson, t);
        }
        expectedJson.append("],\"count\":").append(ticks.size()).append(",\"next_cursor\":\"1:2\"}");
        assertEquals(expectedJson.toString(), text(json.finish("1:2")), context + ", JSON");
    }

    /** The object a tick should have, from the reference formatters (the replies' rules: docs/http-api.md). */
    private static void referenceJson(StringBuilder out, TickRecord t) {
        out.append("{\"timestamp\":\"");
        EpochMicros.formatIso(t.timestamp, out);
        out.append("\",\"sequence_number\":").append(t.sequenceNumber);
        String[] names = {"bid_price", "ask_price", "bid_size", "ask_size", "last_price", "last_size", "volume"};
        long[] values = {t.bidPrice, t.askPrice, t.bidSize, t.askSize, t.lastPrice, t.lastSize, t.volume};
        for (int i = 0; i < names.length; i++) {
            out.append(",\"").append(names[i]).append("\":");
            if (values[i] == Decimal8.NULL) {
                out.append("null");
            } else {
                Decimal8.format(values[i], out);
            }
        }
        out.append(",\"conditions\":");
        JsonString.append(out, t.conditions);
        out.append(",\"tape\":");
        JsonString.append(out, t.tape);
        out.append('}');
    }

    /** The line a tick should have, from the reference formatters. */
    private static void reference(StringBuilder out, TickRecord t) {
        EpochMicros.formatIso(t.timestamp, out);
        out.append(',').append(t.sequenceNumber);
        for (long d : new long[] {t.bidPrice, t.askPrice, t.bidSize, t.askSize, t.lastPrice, t.lastSize, t.volume}) {
            out.append(',');
            if (d != Decimal8.NULL) {
                Decimal8.format(d, out);
            }
        }
        out.append(',');
        CsvText.field(out, t.conditions);
        out.append(',');
        CsvText.field(out, t.tape);
        out.append('\n');
    }

    private static long decimal(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> Decimal8.NULL;
            case 1 -> (r.nextInt(2_000_001) - 1_000_000) * 100_000_000L; // whole numbers
            case 2 -> r.nextInt(10_000) * (long) Math.pow(10, r.nextInt(9)); // trailing zeros in the fraction
            case 3 -> r.nextLong() % (Decimal8.MAX_UNSCALED + 1);
            default -> r.nextInt(Integer.MAX_VALUE);
        };
    }

    private static TickRecord tick(long timestamp, long sequence) {
        TickRecord t = new TickRecord();
        t.clear();
        t.exchange = "X";
        t.symbol = "S";
        t.timestamp = timestamp;
        t.sequenceNumber = sequence;
        return t;
    }

    private static String text(TickCsv page) {
        return text(page.toPooledBody());
    }

    /** The body's text; the body goes back to the pool. */
    private static String text(PooledBody body) {
        try {
            return body.body().toString(StandardCharsets.UTF_8);
        } finally {
            body.release();
        }
    }
}

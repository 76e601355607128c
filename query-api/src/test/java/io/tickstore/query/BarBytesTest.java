package io.tickstore.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.EpochMicros;
import io.tickstore.store.model.Int128;
import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Bars written as bytes ({@link BarBytes}) read exactly as the reference writers write them: JSON as
 * {@link MarketJson#bar} (which the live stream sends), CSV as the line the HTTP API has always answered
 * (time unquoted, the JSON's values, an empty vwap for a zero volume) — known bars first, including sums
 * beyond DECIMAL(18,8), then random ones.
 */
class BarBytesTest {
    private static final long SEED = Long.getLong("tickstore.seed", System.nanoTime());

    @Test
    void knownBars() {
        Int128 volume = new Int128();
        volume.set(0, 3_50000000L); // 3.5
        Int128 priceVolume = new Int128();
        priceVolume.set(new BigDecimal("665.4275"), 16); // vwap 190.1221428571428… → 190.12214286
        assertEquals("{\"time\":\"2024-01-02T14:30:00Z\",\"open\":190.12,\"high\":190.2,\"low\":190,\"close\":190.13000001,"
                        + "\"volume\":3.5,\"vwap\":190.12214286,\"trade_count\":2,\"complete\":true}",
                json(1_704_205_800_000_000L, 190_12000000L, 190_20000000L, 190_00000000L, 190_13000001L, volume,
                        priceVolume, 2, true));
        assertEquals("2024-01-02T14:30:00Z,190.12,190.2,190,190.13000001,3.5,190.12214286,2,false\n",
                csv(1_704_205_800_000_000L, 190_12000000L, 190_20000000L, 190_00000000L, 190_13000001L, volume,
                        priceVolume, 2, false));
        Int128 none = new Int128();
        assertEquals("{\"time\":\"1970-01-01T00:00:00.000001Z\",\"open\":-0.00000005,\"high\":0,\"low\":-1,\"close\":0,"
                        + "\"volume\":0,\"vwap\":null,\"trade_count\":0,\"complete\":false}",
                json(1, -5, 0, -1_00000000L, 0, none, none, 0, false));
        assertEquals("1970-01-01T00:00:00.000001Z,-0.00000005,0,-1,0,0,,0,true\n",
                csv(1, -5, 0, -1_00000000L, 0, none, none, 0, true));
        // A volume and a price x volume beyond 64 bits: the exact text of the big sums.
        Int128 big = new Int128();
        big.set(new BigDecimal("123456789012345678901.5"), 8);
        Int128 bigPv = new Int128();
        bigPv.set(new BigDecimal("246913578024691357803"), 16);
        String line = json(0, Decimal8.MAX_UNSCALED, Decimal8.MAX_UNSCALED, -Decimal8.MAX_UNSCALED, 1, big, bigPv,
                Long.MAX_VALUE, true);
        assertEquals(reference(0, Decimal8.MAX_UNSCALED, Decimal8.MAX_UNSCALED, -Decimal8.MAX_UNSCALED, 1, big, bigPv,
                Long.MAX_VALUE, true), line);
        assertEquals(true, line.contains("\"volume\":123456789012345678901.5,"), line);
    }

    @Test
    void anAbsentPriceIsRefusedAsTheReferenceRefusesIt() {
        Int128 none = new Int128();
        IllegalArgumentException bytes = assertThrows(IllegalArgumentException.class,
                () -> json(0, Decimal8.NULL, 1, 1, 1, none, none, 0, true));
        IllegalArgumentException reference = assertThrows(IllegalArgumentException.class,
                () -> reference(0, Decimal8.NULL, 1, 1, 1, none, none, 0, true));
        assertEquals(reference.getMessage(), bytes.getMessage());
    }

    @Test
    void randomBarsReadAsTheReference() {
        Random random = new Random(SEED);
        for (int i = 0; i < 20_000; i++) {
            long time = random.nextLong(-62_135_596_800_000_000L, 253_402_300_799_999_999L);
            if (random.nextBoolean()) {
                time -= time % 60_000_000L;
            }
            long open = price(random);
            long high = price(random);
            long low = price(random);
            long close = price(random);
            Int128 volume = new Int128();
            Int128 priceVolume = new Int128();
            int trades = random.nextInt(4);
            for (int t = 0; t < trades; t++) {
                long size = random.nextInt(3) == 0 ? random.nextLong(1, Decimal8.MAX_UNSCALED) : random.nextLong(1, 100_000_00000000L);
                long price = Math.abs(price(random));
                volume.add(size);
                priceVolume.addProduct(price, size);
            }
            boolean complete = random.nextBoolean();
            String context = "seed " + SEED + ", bar " + i;
            assertEquals(reference(time, open, high, low, close, volume, priceVolume, trades, complete),
                    json(time, open, high, low, close, volume, priceVolume, trades, complete), context);
            assertEquals(referenceCsv(time, open, high, low, close, volume, priceVolume, trades, complete),
                    csv(time, open, high, low, close, volume, priceVolume, trades, complete), context);
        }
    }

    private static long price(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> random.nextLong(-Decimal8.MAX_UNSCALED, Decimal8.MAX_UNSCALED + 1);
            case 1 -> random.nextLong(0, 1_000_000) * 1_000_000L; // few decimals
            case 2 -> random.nextLong(-100, 100);
            default -> random.nextLong(0, 500_00000000L);
        };
    }

    private static String json(long time, long open, long high, long low, long close, Int128 volume,
                               Int128 priceVolume, long trades, boolean complete) {
        TextBytes out = new TextBytes();
        new BarBytes(out).json(time, open, high, low, close, volume, priceVolume, trades, complete);
        return out.toText();
    }

    private static String csv(long time, long open, long high, long low, long close, Int128 volume,
                              Int128 priceVolume, long trades, boolean complete) {
        TextBytes out = new TextBytes();
        new BarBytes(out).csv(time, open, high, low, close, volume, priceVolume, trades, complete);
        return out.toText();
    }

    private static String reference(long time, long open, long high, long low, long close, Int128 volume,
                                    Int128 priceVolume, long trades, boolean complete) {
        StringBuilder sb = new StringBuilder();
        MarketJson.bar(sb, time, open, high, low, close, volume, priceVolume, trades, complete);
        return sb.toString();
    }

    /** The CSV line as the API wrote it before bytes: the JSON bar's values, comma-separated. */
    private static String referenceCsv(long time, long open, long high, long low, long close, Int128 volume,
                                       Int128 priceVolume, long trades, boolean complete) {
        StringBuilder sb = new StringBuilder();
        EpochMicros.formatIso(time, sb);
        for (long price : new long[] {open, high, low, close}) {
            sb.append(',');
            Decimal8.format(price, sb);
        }
        sb.append(',');
        MarketJson.volume(sb, volume);
        sb.append(',');
        MarketJson.vwap(sb, priceVolume, volume);
        return sb.append(',').append(trades).append(',').append(complete).append('\n').toString();
    }
}

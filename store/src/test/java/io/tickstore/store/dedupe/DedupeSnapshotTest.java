package io.tickstore.store.dedupe;

import static io.tickstore.store.dedupe.DedupeStates.assertSameState;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstore.store.journal.Journal;
import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.EpochMicros;
import io.tickstore.store.model.OrderRecord;
import io.tickstore.store.model.OrderStatus;
import io.tickstore.store.model.OrderType;
import io.tickstore.store.model.Side;
import io.tickstore.store.model.TimeInForce;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DedupeSnapshotTest {
    @TempDir
    Path dataDir;

    private final GapLog gapLog = new GapLog(10, new SimpleMeterRegistry());

    private static OrderRecord order(String id, String clientOrderId, OrderStatus status) {
        OrderRecord o = new OrderRecord();
        o.orderId = id;
        o.clientOrderId = clientOrderId;
        o.exchange = "NASDAQ";
        o.symbol = "AAPL";
        o.strategyId = "s1";
        o.side = Side.BUY;
        o.orderType = OrderType.STOP_LIMIT;
        o.timeInForce = TimeInForce.IOC;
        o.quantity = Decimal8.parse("10.5");
        o.price = Decimal8.parse("190.12345678");
        o.stopPrice = Decimal8.parse("185");
        o.status = status;
        o.filledQuantity = Decimal8.parse("0.00000001");
        o.averageFillPrice = Decimal8.parse("99999999.99999999");
        o.createdAt = EpochMicros.parseIso("2024-01-02T14:30:00.000001Z");
        o.updatedAt = EpochMicros.parseIso("2024-01-02T14:30:00.000002Z");
        return o;
    }

    /**
     * Gap-free, gapped, sparse, near-Long.MAX_VALUE and (the protocol refuses them, the format does
     * not care) negative feeds; many trade ids, some not ASCII; orders in every status.
     */
    private DedupeState richState() {
        DedupeState s = new DedupeState(gapLog);
        Deduplicator d = s.deduplicator();
        d.restoreTickRange("NASDAQ", "AAPL", 1, 1_000_000);
        d.restoreTickRange("NASDAQ", "MSFT", 1, 100);
        d.restoreTickRange("NASDAQ", "MSFT", 200, 300);
        d.restoreTick("NASDAQ", "MSFT", 1000);
        d.restoreTick("NASDAQ", "MSFT", 1002);
        for (long seq = 0; seq < 300_000; seq += 3) {
            d.restoreTick("NYSE", "SPARSE", seq);
        }
        d.restoreTickRange("NYSE", "BIG", Long.MAX_VALUE - 100_000, Long.MAX_VALUE - 1);
        d.restoreTick("NYSE", "BIG", Long.MAX_VALUE);
        d.restoreTick("NYSE", "BIG", 0);
        for (long seq = -10; seq <= -1; seq++) {
            d.restoreTick("TEST", "NEGATIVE", seq);
        }
        d.restoreTick("TEST", "NEGATIVE", Long.MIN_VALUE + 1);
        d.restoreTick("BÖRSE-ü", "日本", 7);
        for (int i = 0; i < 50_000; i++) {
            d.restoreTrade("t-" + i);
        }
        d.restoreTrade("");
        d.restoreTrade("trade-ω-ü-日本");
        int n = 0;
        for (OrderStatus status : OrderStatus.values()) {
            s.orders().restore(order("o-" + status.text(), "c-" + status.text(), status));
            n++;
        }
        OrderRecord bare = order("o-bare-ω", null, OrderStatus.PENDING);
        bare.strategyId = null;
        bare.orderType = OrderType.MARKET;
        bare.price = Decimal8.NULL;
        bare.stopPrice = Decimal8.NULL;
        bare.averageFillPrice = Decimal8.NULL;
        s.orders().restore(bare); // null client id, price, stop price, strategy, average fill price
        s.apply(123_456_789L, portfolioMark());
        assertEquals(n + 1, s.orders().size());
        return s;
    }

    private static io.tickstore.store.model.IngestMessage portfolioMark() {
        io.tickstore.store.model.IngestMessage m = new io.tickstore.store.model.IngestMessage();
        m.portfolioSnapshot(1);
        return m;
    }

    private Path file() {
        return DedupeSnapshot.file(dataDir);
    }

    @Test
    void noSnapshotLoadsAsNull() throws IOException {
        assertNull(DedupeSnapshot.load(dataDir, gapLog));
        assertFalse(DedupeSnapshot.exists(dataDir));
    }

    @Test
    void anEmptyStateRoundTrips() throws IOException {
        DedupeState empty = new DedupeState(gapLog);
        DedupeSnapshot.write(dataDir, empty);
        DedupeState loaded = DedupeSnapshot.load(dataDir, gapLog);
        assertEquals(Journal.NONE, loaded.journalIndex());
        assertEquals(Journal.NONE, loaded.snapshotIndex());
        assertSameState(empty, loaded);
        assertEquals(0, loaded.deduplicator().feedCount());
    }

    @Test
    void everyFeedTradeIdAndOrderRoundTrips() throws IOException {
        DedupeState state = richState();
        DedupeSnapshot.write(dataDir, state);
        assertEquals(123_456_789L, state.snapshotIndex(), "the state knows it is snapshotted");
        DedupeState loaded = DedupeSnapshot.load(dataDir, gapLog);
        assertSameState(state, loaded);
        assertEquals(123_456_789L, loaded.snapshotIndex());

        Deduplicator d = loaded.deduplicator();
        for (long seq : new long[] {1, 2, 65_535, 65_536, 500_000, 1_000_000}) {
            assertTrue(d.containsTick("NASDAQ", "AAPL", seq), "AAPL " + seq);
        }
        for (long seq : new long[] {0, 1_000_001, -1, Long.MAX_VALUE, Long.MIN_VALUE}) {
            assertFalse(d.containsTick("NASDAQ", "AAPL", seq), "AAPL " + seq);
        }
        assertEquals(1_000_000, d.highestSequence("NASDAQ", "AAPL"));
        for (long seq = 0; seq <= 1100; seq++) {
            boolean stored = (seq >= 1 && seq <= 100) || (seq >= 200 && seq <= 300) || seq == 1000 || seq == 1002;
            assertEquals(stored, d.containsTick("NASDAQ", "MSFT", seq), "MSFT " + seq);
        }
        for (long seq = 0; seq < 300_010; seq++) {
            assertEquals(seq % 3 == 0 && seq < 300_000, d.containsTick("NYSE", "SPARSE", seq), "SPARSE " + seq);
        }
        for (long seq = Long.MAX_VALUE - 100_005; seq != Long.MIN_VALUE + 5; seq++) {
            assertEquals(seq >= Long.MAX_VALUE - 100_000 && seq > 0, d.containsTick("NYSE", "BIG", seq), "BIG " + seq);
        }
        assertTrue(d.containsTick("NYSE", "BIG", 0));
        assertEquals(Long.MAX_VALUE, d.highestSequence("NYSE", "BIG"));
        for (long seq = -12; seq <= 1; seq++) {
            assertEquals(seq >= -10 && seq <= -1, d.containsTick("TEST", "NEGATIVE", seq), "NEGATIVE " + seq);
        }
        assertTrue(d.containsTick("TEST", "NEGATIVE", Long.MIN_VALUE + 1));
        assertFalse(d.containsTick("TEST", "NEGATIVE", Long.MIN_VALUE));
        assertEquals(-1, d.highestSequence("TEST", "NEGATIVE"));
        assertTrue(d.containsTick("BÖRSE-ü", "日本", 7));
        for (int i = 0; i < 50_000; i++) {
            assertTrue(d.containsTrade("t-" + i), "t-" + i);
        }
        assertTrue(d.containsTrade("") && d.containsTrade("trade-ω-ü-日本"));
        assertFalse(d.containsTrade("t-50000") || d.containsTrade("t--1"));
        for (OrderStatus status : OrderStatus.values()) {
            assertEquals(DedupeStates.describe(order("o-" + status.text(), "c-" + status.text(), status)),
                    DedupeStates.describe(loaded.orders().get("o-" + status.text())));
            assertEquals("o-" + status.text(), loaded.orders().orderIdByClientOrderId("c-" + status.text()));
        }
        OrderRecord bare = loaded.orders().get("o-bare-ω");
        assertNull(bare.clientOrderId);
        assertNull(bare.strategyId);
        assertEquals(Decimal8.NULL, bare.price);
        assertEquals(Decimal8.NULL, bare.averageFillPrice);
    }

    @Test
    void aGapFreeFeedOfTenMillionSequenceNumbersTakesAFewBytes() throws IOException {
        DedupeSnapshot.write(dataDir, new DedupeState(gapLog));
        long empty = Files.size(file());
        DedupeState state = new DedupeState(gapLog);
        for (long seq = 1; seq <= 10_000_000; seq++) {
            state.deduplicator().restoreTick("NASDAQ", "AAPL", seq); // one at a time, as the sink applies them
        }
        DedupeSnapshot.write(dataDir, state);
        long feedBytes = Files.size(file()) - empty;
        // "NASDAQ" and "AAPL" with their lengths (12), the highest (8), the run count (1), the run (1 + 4)
        System.out.println("a gap-free feed of 10,000,000 sequence numbers takes " + feedBytes + " bytes");
        assertEquals(26, feedBytes);

        for (long seq = 10_000; seq <= 10_000_000; seq += 10_000) {
            state.deduplicator().restoreTick("NASDAQ", "MSFT", seq - 1); // 1,000 runs with gaps between them
            state.deduplicator().restoreTick("NASDAQ", "MSFT", seq);
        }
        DedupeSnapshot.write(dataDir, state);
        long gappyBytes = Files.size(file()) - empty - feedBytes;
        System.out.println("a feed of 1,000 runs of 2 takes " + gappyBytes + " bytes");
        assertTrue(gappyBytes < 1000 * 4 + 30, "a few bytes per gap: " + gappyBytes);
        assertSameState(state, DedupeSnapshot.load(dataDir, gapLog));
    }

    /** Writes a valid snapshot, lets {@code damage} change the file, and returns the refusal's message. */
    private String refusal(FileDamage damage) throws IOException {
        DedupeSnapshot.write(dataDir, richState());
        byte[] bytes = Files.readAllBytes(file());
        byte[] damaged = damage.apply(bytes.clone());
        Files.write(file(), damaged);
        IOException e = assertThrows(IOException.class, () -> DedupeSnapshot.load(dataDir, gapLog));
        assertTrue(e.getMessage().contains(file().toString()), "names the file: " + e.getMessage());
        assertArrayEquals(damaged, Files.readAllBytes(file()), "a refused snapshot is left as it is");
        return e.getMessage();
    }

    @FunctionalInterface
    private interface FileDamage {
        byte[] apply(byte[] bytes);
    }

    @Test
    void aFlippedBitInTheBodyIsRefused() throws IOException {
        String message = refusal(b -> {
            b[b.length / 2] ^= 0x10;
            return b;
        });
        assertTrue(message.endsWith("checksum mismatch (the file is corrupt)"), message);
    }

    @Test
    void aChangedJournalIndexIsRefused() throws IOException {
        String message = refusal(b -> {
            b[19] ^= 1;
            return b;
        });
        assertTrue(message.endsWith("header checksum mismatch (the file is corrupt)"), message);
    }

    @Test
    void anotherFormatVersionIsRefused() throws IOException {
        String message = refusal(b -> {
            ByteBuffer.wrap(b).putInt(8, 2);
            return b;
        });
        assertTrue(message.endsWith("format version 2, this build reads version 1"), message);
    }

    @Test
    void anotherFileIsRefused() throws IOException {
        String message = refusal(b -> "PAR1 not a snapshot at all, and long enough for a header".getBytes());
        assertTrue(message.contains("not a deduplication snapshot (expected magic TSDEDUPE, got PAR1 not)"), message);
    }

    @Test
    void aTruncatedFileIsRefused() throws IOException {
        String cut = refusal(b -> Arrays.copyOf(b, b.length - 1));
        assertTrue(cut.matches(".*truncated: \\d+ bytes, the header says \\d+"), cut);
        String inHeader = refusal(b -> Arrays.copyOf(b, 20));
        assertTrue(inHeader.endsWith("truncated: 20 bytes, shorter than the 36-byte header"), inHeader);
        String empty = refusal(b -> new byte[0]);
        assertTrue(empty.endsWith("truncated: 0 bytes, shorter than the 36-byte header"), empty);
    }

    @Test
    void extraBytesAreRefused() throws IOException {
        String message = refusal(b -> Arrays.copyOf(b, b.length + 3));
        assertTrue(message.matches(".*too long: \\d+ bytes, the header says \\d+"), message);
    }

    @Test
    void aTemporaryFileOfAKilledWriterIsIgnoredAndDeleted() throws IOException {
        DedupeState state = richState();
        DedupeSnapshot.write(dataDir, state);
        Path temp = file().resolveSibling(DedupeSnapshot.TEMP_FILE);
        Files.write(temp, Arrays.copyOf(Files.readAllBytes(file()), 1000)); // half a snapshot, as a kill leaves it
        assertSameState(state, DedupeSnapshot.load(dataDir, gapLog));
        assertFalse(Files.exists(temp), "deleted by load");

        Files.write(temp, new byte[] {1, 2, 3});
        DedupeState next = new DedupeState(gapLog);
        next.apply(5, portfolioMark());
        DedupeSnapshot.write(dataDir, next);
        assertSameState(next, DedupeSnapshot.load(dataDir, gapLog));
        try (Stream<Path> files = Files.list(file().getParent())) {
            assertEquals(List.of(DedupeSnapshot.FILE), files.map(p -> p.getFileName().toString()).toList(),
                    "nothing but the snapshot is left");
        }
    }

    @Test
    void aTemporaryFileWithoutASnapshotLoadsAsNoSnapshot() throws IOException {
        Files.createDirectories(file().getParent());
        Path temp = file().resolveSibling(DedupeSnapshot.TEMP_FILE);
        Files.write(temp, new byte[] {1, 2, 3});
        assertNull(DedupeSnapshot.load(dataDir, gapLog));
        assertFalse(Files.exists(temp));
    }

    @Test
    void aNewSnapshotReplacesTheOld() throws IOException {
        DedupeState state = new DedupeState(gapLog);
        state.deduplicator().restoreTick("X", "A", 1);
        state.apply(10, portfolioMark());
        DedupeSnapshot.write(dataDir, state);
        state.deduplicator().restoreTick("X", "A", 2);
        state.apply(20, portfolioMark());
        DedupeSnapshot.write(dataDir, state);
        DedupeState loaded = DedupeSnapshot.load(dataDir, gapLog);
        assertEquals(20, loaded.journalIndex());
        assertTrue(loaded.deduplicator().containsTick("X", "A", 2));
    }

    @Test
    void contentThatCannotBeRightIsRefusedEvenWithMatchingChecksums() throws IOException {
        DedupeState state = new DedupeState(gapLog);
        state.orders().restore(order("o-1", "c-1", OrderStatus.FILLED));
        DedupeSnapshot.write(dataDir, state);
        byte[] b = Files.readAllBytes(file());
        b[b.length - 7 * 8 - 1] = 99; // the last order's status code: its 7 longs follow it
        ByteBuffer buffer = ByteBuffer.wrap(b);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(b, DedupeSnapshot.HEADER_LENGTH, b.length - DedupeSnapshot.HEADER_LENGTH);
        buffer.putInt(28, (int) crc.getValue());
        crc.reset();
        crc.update(b, 0, 32);
        buffer.putInt(32, (int) crc.getValue());
        Files.write(file(), b);
        IOException e = assertThrows(IOException.class, () -> DedupeSnapshot.load(dataDir, gapLog));
        assertEquals("dedupe snapshot " + file() + " is malformed although its checksum matches: order 0: o-1: "
                + "unknown code 99 for OrderStatus", e.getMessage());
    }
}

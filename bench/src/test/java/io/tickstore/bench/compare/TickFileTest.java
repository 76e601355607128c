package io.tickstore.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickstore.store.model.Decimal8;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TickFileTest {

    @Test
    void theSameSeedWritesTheSameBytesAndAnotherSeedOtherOnes(@TempDir Path dir) throws Exception {
        DataSet data = DataSet.of(42, 5_000, 7);
        TickFile.Written a = TickFile.write(data, dir.resolve("a"));
        TickFile.Written b = TickFile.write(data, dir.resolve("b"));
        TickFile.Written c = TickFile.write(DataSet.of(43, 5_000, 7), dir.resolve("c"));
        assertEquals(a.sha256(), b.sha256());
        assertEquals(-1L, Files.mismatch(dir.resolve("a"), dir.resolve("b")));
        assertNotEquals(a.sha256(), c.sha256());
        assertEquals(5_000, a.trades() + a.quotes());
    }

    @Test
    void readsBackTheGeneratorsTicksWithTheirInvariants(@TempDir Path dir) throws Exception {
        DataSet data = DataSet.of(7, 20_000, 13);
        Path file = dir.resolve("ticks");
        TickFile.Written w = TickFile.write(data, file);
        TickGenerator generator = new TickGenerator(data);
        TickRow expected = new TickRow();
        TickRow row = new TickRow();
        long[] lastSequence = new long[13];
        long lastTime = Long.MIN_VALUE;
        long trades = 0;
        try (TickFile.Reader reader = new TickFile.Reader(file)) {
            assertEquals(data, reader.data());
            assertEquals(w.trades(), reader.trades());
            while (reader.next(row)) {
                assertTrue(generator.next(expected));
                assertEquals(expected.trade, row.trade);
                assertEquals(expected.symbol, row.symbol);
                assertEquals(expected.timestamp, row.timestamp);
                assertEquals(expected.lastPrice, row.lastPrice);
                assertEquals(expected.bidSize, row.bidSize);
                assertTrue(row.timestamp > lastTime, "timestamps strictly increase");
                assertTrue(row.timestamp >= data.startMicros() && row.timestamp < data.endMicros());
                lastTime = row.timestamp;
                assertEquals(lastSequence[row.symbol] + 1, row.sequence, "each symbol's sequence numbers run 1, 2, ...");
                lastSequence[row.symbol] = row.sequence;
                if (row.trade) {
                    trades++;
                    assertTrue(row.lastPrice > 0 && row.lastSize > 0 && row.bidPrice == Decimal8.NULL);
                } else {
                    assertTrue(row.bidPrice > 0 && row.bidPrice < row.askPrice && row.lastPrice == Decimal8.NULL);
                    assertEquals(0, row.bidSize % (100 * Decimal8.SCALE));
                }
            }
            assertTrue(!generator.next(expected));
        }
        assertEquals(w.trades(), trades);
        // about 3 in 10 are trades
        assertTrue(trades > 5_000 && trades < 7_000, "trades " + trades);
    }

    @Test
    void aTruncatedFileIsAnErrorNotAShortStream(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ticks");
        TickFile.write(DataSet.of(1, 1_000, 3), file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 10);
        }
        try (TickFile.Reader reader = new TickFile.Reader(file)) {
            TickRow row = new TickRow();
            Exception e = assertThrows(IOException.class, () -> {
                while (reader.next(row)) {
                    // read to the cut
                }
            });
            assertTrue(e.getMessage().contains("ends inside tick 1000 of 1000"), e.getMessage());
        }
    }

    @Test
    void aFileThatIsNotATickFileIsRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("x");
        Files.write(file, new byte[200]);
        Exception e = assertThrows(IOException.class, () -> new TickFile.Reader(file).close());
        assertTrue(e.getMessage().contains("bad magic"), e.getMessage());
    }
}

package io.tickstore.store.read;

import static io.tickstore.store.StoreFixture.awaitDrained;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstore.store.FrameOutcomes;
import io.tickstore.store.SampleMessages;
import io.tickstore.store.StoreFixture;
import io.tickstore.store.TickStore;
import io.tickstore.store.bars.BarHistory;
import io.tickstore.store.bars.Timeframe;
import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.model.ThreadAllocation;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A range of stored bars that memory answers whole (what a query worker asks most, 50 clients at a
 * time in the mixed load) is copied into the caller's buffer and allocates nothing else: a fresh buffer
 * per read, growing by doubling, was half of the server's allocation under that load (BENCHMARKS.md,
 * issue 12, fifth pass).
 */
class BarReaderAllocationTest {
    private static final long MINUTE = 60_000_000L;
    private static final int BARS = 1_000;

    @TempDir
    Path dir;

    @Test
    void aRangeMemoryAnswersWholeAllocatesNothingOnceTheBufferHasGrown() throws Exception {
        try (TickStore store = StoreFixture.open(StoreFixture.config(dir), new SimpleMeterRegistry())) {
            IngestMessage[] frame = new IngestMessage[BARS];
            for (int i = 0; i < BARS; i++) { // one trade a minute: one 1m bar each
                frame[i] = SampleMessages.tick("ALLOC", "AAA", i + 1);
                frame[i].tick.timestamp = SampleMessages.T0 + i * MINUTE;
            }
            FrameOutcomes outcomes = new FrameOutcomes();
            assertTrue(store.pipeline().tryPublish(frame, BARS, outcomes.frame(0)));
            assertTrue(outcomes.await(1).get(0).journaled());
            awaitDrained(store);

            BarReader bars = store.read().bars();
            BarHistory.Bars out = new BarHistory.Bars();
            TiersAnswered tiers = new TiersAnswered();
            Runnable read = () -> {
                try {
                    bars.stored("ALLOC", "AAA", Timeframe.M1, SampleMessages.T0,
                            SampleMessages.T0 + BARS * MINUTE, 100_000, out, tiers);
                } catch (java.sql.SQLException e) {
                    throw new AssertionError(e);
                }
            };
            read.run();
            assertEquals(BARS, out.size, "every 1m bar, from memory");
            assertEquals(SampleMessages.T0 + (BARS - 1) * MINUTE, out.bucket[BARS - 1]);
            long bytes = ThreadAllocation.bytesAllocatedBy(() -> {
                for (int i = 0; i < 100; i++) {
                    read.run();
                }
            });
            // A buffer of 1,000 bars is ~80 KB; one per read would be 8 MB over these 100 reads.
            assertTrue(bytes < 64 * 1024, "100 reads of 1,000 bars allocated " + bytes + " bytes");
        }
    }
}

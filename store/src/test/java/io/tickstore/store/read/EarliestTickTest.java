package io.tickstore.store.read;

import static io.tickstore.store.StoreFixture.awaitDrained;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstore.store.FrameOutcomes;
import io.tickstore.store.StoreFixture;
import io.tickstore.store.TickStore;
import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.model.MessageType;
import java.nio.file.Path;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The earliest tick the local tiers hold, where hybrid reads split a range: none in an empty store,
 * lowered by every tick applied (a late one too), read back from DuckDB at the next open, and moved on
 * by {@link EarliestTick#load} once the rows are gone.
 */
class EarliestTickTest {
    private static final long T0 = 1_704_186_000_000_000L; // 2024-01-02T09:00:00Z

    @TempDir
    Path dir;

    @Test
    void keptByTheStoreAndReadBackAtOpen() throws Exception {
        try (TickStore store = StoreFixture.open(dir)) {
            assertEquals(Long.MAX_VALUE, store.read().earliestTick().get(), "an empty store holds no tick");
            publish(store, tick("A", 1, T0 + 5_000_000));
            assertEquals(T0 + 5_000_000, store.read().earliestTick().get());
            publish(store, tick("A", 2, T0 + 9_000_000));
            assertEquals(T0 + 5_000_000, store.read().earliestTick().get(), "a later tick leaves it");
            publish(store, tick("B", 1, T0 - 3_600_000_000L)); // late: another feed, an hour before
            assertEquals(T0 - 3_600_000_000L, store.read().earliestTick().get());
            awaitDrained(store);
        }
        try (TickStore store = StoreFixture.open(dir)) {
            assertEquals(T0 - 3_600_000_000L, store.read().earliestTick().get(), "read back from DuckDB at open");
            try (var c = store.connect(); Statement s = c.createStatement()) {
                s.execute("DELETE FROM market_ticks WHERE symbol = 'B'"); // as retention would drop it
                store.read().earliestTick().load(c, dir.resolve("cold"));
            }
            assertEquals(T0 + 5_000_000, store.read().earliestTick().get());
        }
    }

    private static IngestMessage tick(String symbol, long sequence, long timestamp) {
        IngestMessage m = new IngestMessage();
        m.type = MessageType.TICK;
        m.tick.exchange = "X";
        m.tick.symbol = symbol;
        m.tick.sequenceNumber = sequence;
        m.tick.timestamp = timestamp;
        m.tick.lastPrice = Decimal8.parse("100.5");
        m.tick.lastSize = Decimal8.parse("1");
        return m;
    }

    private static void publish(TickStore store, IngestMessage m) {
        FrameOutcomes outcomes = new FrameOutcomes();
        while (!store.pipeline().tryPublish(new IngestMessage[] {m}, 1, outcomes.frame(0))) {
            Thread.onSpinWait();
        }
        for (FrameOutcomes.Outcome o : outcomes.await(1)) {
            assertTrue(o.journaled() && o.duplicates() == 0, o.toString());
        }
        awaitDrained(store);
    }
}

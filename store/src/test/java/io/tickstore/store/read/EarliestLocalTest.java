package io.tickstore.store.read;

import static io.tickstore.store.StoreFixture.awaitDrained;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickstore.store.FrameOutcomes;
import io.tickstore.store.SampleMessages;
import io.tickstore.store.StoreFixture;
import io.tickstore.store.TickStore;
import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.model.MessageType;
import io.tickstore.store.model.OrderStatus;
import java.nio.file.Path;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The earliest row the local tiers hold of each history table, where hybrid reads split a range: none in
 * an empty store, lowered by every row applied (a late one too) and only for its own table, read back
 * from DuckDB at the next open, and moved on by {@link EarliestLocal#load} once the rows are gone.
 */
class EarliestLocalTest {
    private static final long T0 = 1_704_186_000_000_000L; // 2024-01-02T09:00:00Z
    private static final long HOUR = 3_600_000_000L;

    @TempDir
    Path dir;

    @Test
    void keptPerTableByTheStoreAndReadBackAtOpen() throws Exception {
        try (TickStore store = StoreFixture.open(dir)) {
            EarliestLocal e = store.read().earliestLocal();
            for (HistoryTable t : HistoryTable.values()) {
                assertEquals(Long.MAX_VALUE, e.get(t), "an empty store holds no row of " + t);
            }
            publish(store, tick("A", 1, T0 + 5_000_000));
            assertEquals(T0 + 5_000_000, e.get(HistoryTable.MARKET_TICKS));
            publish(store, tick("A", 2, T0 + 9_000_000));
            assertEquals(T0 + 5_000_000, e.get(HistoryTable.MARKET_TICKS), "a later tick leaves it");
            publish(store, tick("B", 1, T0 - HOUR)); // late: another feed, an hour before
            assertEquals(T0 - HOUR, e.get(HistoryTable.MARKET_TICKS));
            assertEquals(Long.MAX_VALUE, e.get(HistoryTable.TRADES), "ticks leave the other tables");

            // Orders by created_at, a day before the ticks.
            publish(store, order("o-1", T0 - 24 * HOUR));
            publish(store, order("o-2", T0 - 20 * HOUR));
            assertEquals(T0 - 24 * HOUR, e.get(HistoryTable.ORDERS));
            // A fill: the trade and its position change, by executed_at, two days before.
            publish(store, trade("t-1", T0 - 48 * HOUR));
            assertEquals(T0 - 48 * HOUR, e.get(HistoryTable.TRADES));
            assertEquals(T0 - 48 * HOUR, e.get(HistoryTable.POSITION_SNAPSHOTS));
            assertEquals(T0 - 24 * HOUR, e.get(HistoryTable.ORDERS), "a fill leaves the orders' earliest");
            assertEquals(T0 - HOUR, e.get(HistoryTable.MARKET_TICKS));
            assertEquals(Long.MAX_VALUE, e.get(HistoryTable.PORTFOLIO_SNAPSHOTS));
            awaitDrained(store);
        }
        try (TickStore store = StoreFixture.open(dir)) {
            EarliestLocal e = store.read().earliestLocal();
            assertEquals(T0 - HOUR, e.get(HistoryTable.MARKET_TICKS), "read back from DuckDB at open");
            assertEquals(T0 - 24 * HOUR, e.get(HistoryTable.ORDERS));
            assertEquals(T0 - 48 * HOUR, e.get(HistoryTable.TRADES));
            assertEquals(T0 - 48 * HOUR, e.get(HistoryTable.POSITION_SNAPSHOTS));
            assertEquals(Long.MAX_VALUE, e.get(HistoryTable.PORTFOLIO_SNAPSHOTS));
            try (var c = store.connect(); Statement s = c.createStatement()) {
                s.execute("DELETE FROM market_ticks WHERE symbol = 'B'"); // as retention would drop it
                s.execute("DELETE FROM orders WHERE order_id = 'o-1'");
                s.execute("INSERT INTO portfolio_snapshots VALUES (make_timestamp(" + (T0 + HOUR) + "), 'eod', "
                        + "1, 0, 1, 0, 0, 0, 0, 0, 1, 0)");
                e.load(c, dir.resolve("cold"));
            }
            assertEquals(T0 + 5_000_000, e.get(HistoryTable.MARKET_TICKS));
            assertEquals(T0 - 20 * HOUR, e.get(HistoryTable.ORDERS));
            assertEquals(T0 - 48 * HOUR, e.get(HistoryTable.TRADES));
            assertEquals(T0 + HOUR, e.get(HistoryTable.PORTFOLIO_SNAPSHOTS));
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

    private static IngestMessage order(String orderId, long createdAt) {
        IngestMessage m = SampleMessages.order(orderId, OrderStatus.SUBMITTED);
        m.order.createdAt = createdAt;
        m.order.updatedAt = createdAt;
        return m;
    }

    private static IngestMessage trade(String tradeId, long executedAt) {
        IngestMessage m = SampleMessages.trade(tradeId);
        m.trade.executedAt = executedAt;
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

package io.tickstore.store.dedupe;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstore.store.SampleMessages;
import io.tickstore.store.journal.Journal;
import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.model.MessageType;
import io.tickstore.store.model.OrderStatus;
import io.tickstore.store.orders.OrderBook;
import io.tickstore.store.orders.Rejection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes a journal the way the journaller does: each message is decided by a Deduplicator and an
 * OrderBook (duplicates are dropped, a fill is followed by its order's new state) and the new ones
 * appended. Remembers every key it journaled, for membership checks.
 */
final class JournaledHistory {
    private static final long NOW = SampleMessages.T0 + 1_000_000;

    final Journal journal;
    final Deduplicator deduplicator = new Deduplicator(new GapLog(100, new SimpleMeterRegistry()));
    final OrderBook book = new OrderBook();
    /** "exchange|symbol" → every sequence number journaled. */
    final Map<String, TreeSet<Long>> sequences = new LinkedHashMap<>();
    final Set<String> tradeIds = new HashSet<>();
    final List<String> clientOrderIds = new ArrayList<>();
    int journaled;

    JournaledHistory(Journal journal) {
        this.journal = journal;
    }

    boolean tick(String exchange, String symbol, long sequence) {
        IngestMessage m = SampleMessages.bareTick(exchange, symbol, sequence);
        boolean admitted = deduplicator.admit(m);
        deduplicator.commitFrame();
        if (admitted) {
            append(m);
            sequences.computeIfAbsent(exchange + "|" + symbol, k -> new TreeSet<>()).add(sequence);
        }
        return admitted;
    }

    void ticks(String exchange, String symbol, long from, long to) {
        for (long s = from; s <= to; s++) {
            tick(exchange, symbol, s);
        }
    }

    /** A full order message (client id "c-" + id) in {@code status}. */
    boolean order(String orderId, OrderStatus status, String quantity) throws Rejection {
        IngestMessage m = SampleMessages.order(orderId, status);
        m.order.quantity = Decimal8.parse(quantity);
        return order(m);
    }

    boolean order(IngestMessage m) throws Rejection {
        boolean admitted = book.admitOrder(m.order, NOW);
        book.commitFrame();
        if (admitted) {
            append(m);
            if (m.order.clientOrderId != null && !clientOrderIds.contains(m.order.clientOrderId)) {
                clientOrderIds.add(m.order.clientOrderId);
            }
        }
        return admitted;
    }

    /** A fill of {@code orderId} (as {@link SampleMessages#order} makes orders): the trade, then the order's new state. */
    boolean fill(String tradeId, String orderId, String quantity) throws Rejection {
        IngestMessage t = SampleMessages.trade(tradeId);
        t.trade.orderId = orderId;
        t.trade.quantity = Decimal8.parse(quantity);
        if (!deduplicator.admit(t)) {
            deduplicator.commitFrame();
            return false;
        }
        IngestMessage effect = new IngestMessage();
        effect.type = MessageType.ORDER;
        book.admitFill(t.trade, effect.order);
        deduplicator.commitFrame();
        book.commitFrame();
        append(t);
        append(effect);
        tradeIds.add(tradeId);
        return true;
    }

    void portfolioMark() {
        IngestMessage m = new IngestMessage();
        m.portfolioSnapshot(NOW);
        append(m);
    }

    private void append(IngestMessage m) {
        journal.append(m);
        journaled++;
    }

    /**
     * Feeds gap-free, with gaps, sparse and near Long.MAX_VALUE; re-sent duplicates; orders in every
     * status, with and without a client id; {@code fills} fills of one large order.
     */
    void standard(int fills) throws Rejection {
        ticks("NASDAQ", "AAPL", 1, 3000);
        ticks("NASDAQ", "MSFT", 1, 100);
        ticks("NASDAQ", "MSFT", 200, 300);
        tick("NASDAQ", "MSFT", 1000);
        tick("NASDAQ", "MSFT", 1002);
        tick("NASDAQ", "MSFT", 150); // late: fills part of a gap
        for (long s = 0; s <= 7000; s += 7) {
            tick("NYSE", "IBM", s);
        }
        ticks("NYSE", "BIG", Long.MAX_VALUE - 20, Long.MAX_VALUE - 1);
        tick("NYSE", "BIG", Long.MAX_VALUE);
        assertTrue(!tick("NASDAQ", "AAPL", 17) && !tick("NASDAQ", "MSFT", 250), "re-sent ticks are not journaled");
        portfolioMark();
        order("o-pending", OrderStatus.PENDING, "10");
        order("o-submitted", OrderStatus.SUBMITTED, "10");
        order("o-partial", OrderStatus.SUBMITTED, "10");
        fill("t-partial", "o-partial", "4");
        order("o-filled", OrderStatus.PENDING, "10");
        order("o-filled", OrderStatus.SUBMITTED, "10");
        fill("t-filled-1", "o-filled", "4");
        fill("t-filled-2", "o-filled", "6");
        order("o-cancelled", OrderStatus.SUBMITTED, "10");
        order("o-cancelled", OrderStatus.CANCELLED, "10");
        order("o-rejected", OrderStatus.REJECTED, "10");
        IngestMessage bare = SampleMessages.bareOrder("o-bare", OrderStatus.PENDING);
        order(bare);
        order("o-big", OrderStatus.SUBMITTED, String.valueOf(fills + 1));
        for (int i = 0; i < fills; i++) {
            fill("t-big-" + i, "o-big", "1");
        }
        assertTrue(!fill("t-big-0", "o-big", "1"), "a re-sent fill is not journaled");
        portfolioMark();
    }

    /** The deduplication state a start-up would restore from the whole journal. */
    DedupeState restoredFromWholeJournal() throws Exception {
        DedupeState s = new DedupeState(new GapLog(1, new SimpleMeterRegistry()));
        journal.replayAfter(Journal.NONE, s::apply);
        return s;
    }
}

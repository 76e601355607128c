package io.tickstore.store.dedupe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickstore.store.SampleMessages;
import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.model.MessageType;
import io.tickstore.store.model.OrderRecord;
import io.tickstore.store.orders.OrderBook;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/** Whole-state comparison of deduplication states, with readable differences. */
final class DedupeStates {
    private DedupeStates() {
    }

    /** Per feed "exchange|symbol" → "highest=H runs=[a..b, ...]", in a stable order. */
    static TreeMap<String, String> feeds(Deduplicator d) {
        TreeMap<String, String> out = new TreeMap<>();
        SequenceRuns runs = new SequenceRuns();
        d.forEachFeed((exchange, symbol, f) -> {
            List<String> list = new ArrayList<>();
            runs.forEach(f.seen(), (first, last) -> list.add(first + ".." + last));
            out.put(exchange + "|" + symbol, "highest=" + f.highest + " runs=" + list);
        });
        return out;
    }

    static Set<String> tradeIds(Deduplicator d) {
        Set<String> out = new HashSet<>();
        d.tradeIds().forEach(out::add);
        return out;
    }

    /** Per order id: every field, and which order its client_order_id maps to. */
    static TreeMap<String, String> orders(OrderBook book) {
        TreeMap<String, String> out = new TreeMap<>();
        book.forEachOrder(o -> out.put(o.orderId, describe(o) + " | client id held by "
                + (o.clientOrderId == null ? "-" : book.orderIdByClientOrderId(o.clientOrderId))));
        return out;
    }

    static String describe(OrderRecord o) {
        IngestMessage m = new IngestMessage();
        m.type = MessageType.ORDER;
        m.order.copyFrom(o);
        return SampleMessages.describe(m);
    }

    /**
     * Membership, key by key: every sequence number and trade id the history journaled is there, a
     * sample of absent ones is not, and every order and client id answers as the journaller's book.
     */
    static void assertRemembers(JournaledHistory history, DedupeState state) {
        Deduplicator d = state.deduplicator();
        history.sequences.forEach((feed, journaled) -> {
            String[] key = feed.split("\\|");
            for (long seq : journaled) {
                assertTrue(d.containsTick(key[0], key[1], seq), feed + " " + seq + " is remembered");
            }
            assertEquals(journaled.last(), d.highestSequence(key[0], key[1]), feed + ": highest");
            long first = journaled.first();
            long last = journaled.last();
            long step = Math.max(1, (last - first) / 2000);
            for (long seq = first; seq >= first && seq <= last - step; seq += step) {
                assertEquals(journaled.contains(seq), d.containsTick(key[0], key[1], seq), feed + " " + seq);
            }
            for (long i = -3; i <= 3; i++) {
                assertEquals(journaled.contains(first + i), d.containsTick(key[0], key[1], first + i), feed + " " + (first + i));
                assertEquals(journaled.contains(last + i), d.containsTick(key[0], key[1], last + i), feed + " " + (last + i));
            }
            for (long absent : new long[] {Long.MIN_VALUE, -1, journaled.first() - 1}) {
                if (!journaled.contains(absent)) {
                    assertFalse(d.containsTick(key[0], key[1], absent), feed + " " + absent + " is absent");
                }
            }
            assertFalse(d.containsTick(key[0] + "-other", key[1], journaled.first()), "another exchange");
        });
        for (String id : history.tradeIds) {
            assertTrue(d.containsTrade(id), "trade " + id + " is remembered");
        }
        assertFalse(d.containsTrade("t-never-sent"));
        assertEquals(history.tradeIds.size(), d.tradeIdCount(), "trade id count");
        assertEquals(orders(history.book), orders(state.orders()), "orders");
        for (String clientOrderId : history.clientOrderIds) {
            assertEquals(history.book.orderIdByClientOrderId(clientOrderId),
                    state.orders().orderIdByClientOrderId(clientOrderId), "client_order_id " + clientOrderId);
        }
    }

    static void assertSameState(DedupeState expected, DedupeState actual) {
        assertEquals(expected.journalIndex(), actual.journalIndex(), "journal index");
        assertSameContent(expected, actual);
    }

    /** The same feeds, trade ids and orders, whatever the indexes. */
    static void assertSameContent(DedupeState expected, DedupeState actual) {
        assertEquals(feeds(expected.deduplicator()), feeds(actual.deduplicator()), "feeds");
        Set<String> expectedTrades = tradeIds(expected.deduplicator());
        Set<String> actualTrades = tradeIds(actual.deduplicator());
        assertEquals(expectedTrades.size(), actualTrades.size(), "trade id count");
        assertEquals(expectedTrades, actualTrades, "trade ids");
        assertEquals(orders(expected.orders()), orders(actual.orders()), "orders");
    }
}

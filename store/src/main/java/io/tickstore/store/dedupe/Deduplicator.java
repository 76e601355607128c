package io.tickstore.store.dedupe;

import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.model.OrderRecord;
import io.tickstore.store.model.TickRecord;
import java.util.HashMap;
import java.util.HashSet;

/**
 * Decides whether a message is new or a duplicate of one already journaled, and remembers the new
 * ones. Ticks are keyed by (exchange, symbol, sequence_number); trades by trade_id; an order message
 * is a duplicate when it would leave the order exactly as it is (a re-send), otherwise it updates it.
 *
 * <p>Single-threaded: only the journaller calls {@link #admit}; it is built before the journaller
 * starts, from the store and the journal's unapplied tail.
 */
public final class Deduplicator {
    private final HashMap<String, HashMap<String, FeedSequences>> feeds = new HashMap<>();
    private final HashSet<String> tradeIds = new HashSet<>();
    private final HashMap<String, OrderRecord> orders = new HashMap<>();
    private final GapLog gapLog;

    public Deduplicator(GapLog gapLog) {
        this.gapLog = gapLog;
    }

    /**
     * True when {@code m} is new; it is then remembered, and a forward jump in a tick sequence is
     * logged as a gap. False for a duplicate, which changes nothing.
     */
    public boolean admit(IngestMessage m) {
        return switch (m.type) {
            case TICK -> admitTick(m.tick, true);
            case TRADE -> tradeIds.add(m.trade.tradeId);
            case ORDER -> admitOrder(m.order);
        };
    }

    /** Remembers a message that is already journaled (start-up): no gap logging, no duplicate check. */
    public void restore(IngestMessage m) {
        switch (m.type) {
            case TICK -> admitTick(m.tick, false);
            case TRADE -> tradeIds.add(m.trade.tradeId);
            case ORDER -> restoreOrder(m.order);
        }
    }

    /** Start-up: a feed's stored sequence numbers {@code from..to} are all present. */
    public void restoreTickRange(String exchange, String symbol, long from, long to) {
        feed(exchange, symbol).addRange(from, to);
    }

    public void restoreTick(String exchange, String symbol, long sequence) {
        feed(exchange, symbol).add(sequence);
    }

    public void restoreTrade(String tradeId) {
        tradeIds.add(tradeId);
    }

    public void restoreOrder(OrderRecord order) {
        OrderRecord copy = new OrderRecord();
        copy.copyFrom(order);
        orders.put(copy.orderId, copy);
    }

    /** The last accepted state of an order, or null. The journaller's view; do not mutate. */
    public OrderRecord order(String orderId) {
        return orders.get(orderId);
    }

    public int feedCount() {
        int n = 0;
        for (HashMap<String, FeedSequences> bySymbol : feeds.values()) {
            n += bySymbol.size();
        }
        return n;
    }

    private boolean admitTick(TickRecord t, boolean logGaps) {
        FeedSequences f = feed(t.exchange, t.symbol);
        long seq = t.sequenceNumber;
        if (f.contains(seq)) {
            return false;
        }
        long highest = f.highest;
        if (logGaps && highest != FeedSequences.NONE && seq > highest + 1) {
            gapLog.record(new SequenceGap(t.exchange, t.symbol, highest + 1, seq - 1, System.currentTimeMillis() * 1000));
        }
        f.add(seq);
        return true;
    }

    /**
     * Completes {@code o} from the order's current state (absent optional fields keep their values)
     * or with defaults for a new order, so what is journaled is the order's whole new state.
     */
    private boolean admitOrder(OrderRecord o) {
        OrderRecord current = orders.get(o.orderId);
        long now = System.currentTimeMillis() * 1000;
        if (current == null) {
            o.fillDefaults(now);
            current = new OrderRecord();
            current.copyFrom(o);
            orders.put(current.orderId, current);
            return true;
        }
        o.fillAbsentFrom(current);
        if (current.sameStateAs(o)) {
            return false;
        }
        o.fillDefaults(now);
        current.copyFrom(o);
        return true;
    }

    private FeedSequences feed(String exchange, String symbol) {
        HashMap<String, FeedSequences> bySymbol = feeds.get(exchange);
        if (bySymbol == null) {
            bySymbol = new HashMap<>();
            feeds.put(exchange, bySymbol);
        }
        FeedSequences f = bySymbol.get(symbol);
        if (f == null) {
            f = new FeedSequences();
            bySymbol.put(symbol, f);
        }
        return f;
    }
}

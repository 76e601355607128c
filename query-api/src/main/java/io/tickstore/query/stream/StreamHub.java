package io.tickstore.query.stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.tickstore.store.bars.Timeframe;
import io.tickstore.store.live.BarUpdate;
import io.tickstore.store.live.LiveBatch;
import io.tickstore.store.live.LiveListener;
import io.tickstore.store.model.OrderRecord;
import io.tickstore.store.model.TickRecord;
import io.tickstore.store.positions.PositionUpdate;
import io.tickstore.store.quotes.LatestQuotes;
import io.tickstore.store.quotes.Quote;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live stream's routing, one per server: which connections are subscribed to what, and the
 * {@link LiveListener} that hands what each hot-tier batch made queryable (bars, ticks, quotes,
 * orders and positions) to them. Orders and positions subscriptions are filters (exchange, symbol, strategy each given or
 * open); a change is routed by looking up the 8 filters it matches.
 *
 * <p>Threads: {@link #wantsTicks}, {@link #wantsBars} and {@link #applied} run on the hot applier thread and never
 * block: they read an immutable per-feed snapshot from a concurrent map, build one list of pushes
 * per subscribed connection and hand it to that connection's event loop ({@code runOnContext}).
 * Subscribing and unsubscribing (event loops) replace a feed's snapshot under this object's lock,
 * which the applier never takes.
 */
public final class StreamHub implements LiveListener {
    private static final int TIMEFRAMES = Timeframe.STANDARD.size();
    private static final int SNAPSHOT_ATTEMPTS = 64;

    private static final Topic ORDERS = new Topic(Channel.ORDERS, null, null, null, null);
    private static final Topic POSITIONS = new Topic(Channel.POSITIONS, null, null, null, null);

    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Feed>> feeds = new ConcurrentHashMap<>();
    /** Orders and positions filters → their subscribers (immutable arrays, replaced whole under the lock). */
    private final ConcurrentHashMap<Topic, StreamConnection[]> orderFilters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Topic, StreamConnection[]> positionFilters = new ConcurrentHashMap<>();
    final StreamMetrics metrics;
    /** The applied index of the batch whose dispatch started last / finished last (applier thread writes). */
    private volatile long dispatchStarted = Long.MIN_VALUE;
    private volatile long dispatchFinished = Long.MIN_VALUE;

    public StreamHub(MeterRegistry registry) {
        this.metrics = new StreamMetrics(registry);
    }

    @Override
    public boolean wantsTicks(String exchange, String symbol) {
        Feed f = feed(exchange, symbol);
        return f != null && f.ticks.length > 0;
    }

    @Override
    public boolean wantsBars(String exchange, String symbol) {
        Feed f = feed(exchange, symbol);
        if (f == null) {
            return false;
        }
        for (StreamConnection[] subscribers : f.bars) {
            if (subscribers.length > 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void applied(LiveBatch batch) {
        long index = batch.appliedIndex();
        dispatchStarted = index;
        try {
            if (feeds.isEmpty() && orderFilters.isEmpty() && positionFilters.isEmpty()) {
                return;
            }
            // Per connection: the batch's ticks, then bars, quotes, orders, positions (a change after its cause).
            IdentityHashMap<StreamConnection, ArrayList<Push>> out = null;
            for (TickRecord t : batch.ticks()) {
                Feed f = feed(t.exchange, t.symbol);
                if (f != null && f.ticks.length > 0) {
                    out = add(out, f.ticks, Push.tick(f.ticksTopic, index, t));
                }
            }
            for (BarUpdate b : batch.bars()) {
                Feed f = feed(b.exchange(), b.symbol());
                int tf;
                if (f != null && (tf = Topic.timeframeIndex(b.timeframe())) >= 0 && f.bars[tf].length > 0) {
                    out = add(out, f.bars[tf], Push.bar(f.barTopics[tf], index, b));
                }
            }
            for (Quote q : batch.quotes()) {
                Feed f = feed(q.exchange(), q.symbol());
                if (f != null && f.quotes.length > 0) {
                    out = add(out, f.quotes, Push.quote(f.quotesTopic, index, q));
                }
            }
            if (!orderFilters.isEmpty()) {
                for (OrderRecord o : lastStates(batch.orders())) {
                    Topic[] filters = Topic.filtersMatching(Channel.ORDERS, o.exchange, o.symbol, o.strategyId);
                    Push push = null;
                    for (Topic f : filters) {
                        StreamConnection[] to = orderFilters.get(f);
                        if (to != null) {
                            push = push == null ? Push.order(ORDERS, filters, index, o) : push;
                            out = addOnce(out, to, push);
                        }
                    }
                }
            }
            if (!positionFilters.isEmpty()) {
                for (PositionUpdate p : batch.positions()) {
                    Topic[] filters =
                            Topic.filtersMatching(Channel.POSITIONS, p.exchange(), p.symbol(), p.strategyId());
                    Push push = null;
                    for (Topic f : filters) {
                        StreamConnection[] to = positionFilters.get(f);
                        if (to != null) {
                            push = push == null ? Push.position(POSITIONS, filters, index, p) : push;
                            out = addOnce(out, to, push);
                        }
                    }
                }
            }
            if (out != null) {
                out.forEach(StreamConnection::handOver);
            }
        } finally {
            dispatchFinished = index;
        }
    }

    private static IdentityHashMap<StreamConnection, ArrayList<Push>> add(
            IdentityHashMap<StreamConnection, ArrayList<Push>> out, StreamConnection[] to, Push push) {
        if (out == null) {
            out = new IdentityHashMap<>();
        }
        for (StreamConnection c : to) {
            out.computeIfAbsent(c, k -> new ArrayList<>()).add(push);
        }
        return out;
    }

    /** Like {@link #add} but a connection matched by several of its filters gets {@code push} once. */
    private static IdentityHashMap<StreamConnection, ArrayList<Push>> addOnce(
            IdentityHashMap<StreamConnection, ArrayList<Push>> out, StreamConnection[] to, Push push) {
        if (out == null) {
            out = new IdentityHashMap<>();
        }
        for (StreamConnection c : to) {
            ArrayList<Push> list = out.computeIfAbsent(c, k -> new ArrayList<>());
            if (list.isEmpty() || list.get(list.size() - 1) != push) {
                list.add(push);
            }
        }
        return out;
    }

    /**
     * Each order's last state in the batch (what it now is), in the order of those last changes. A
     * batch holds an order several times when several messages or fills changed it.
     */
    static List<OrderRecord> lastStates(List<OrderRecord> orders) {
        if (orders.size() < 2) {
            return orders;
        }
        HashSet<String> seen = new HashSet<>();
        ArrayList<OrderRecord> out = new ArrayList<>(orders.size());
        for (int i = orders.size() - 1; i >= 0; i--) {
            OrderRecord o = orders.get(i);
            if (seen.add(o.orderId)) {
                out.add(o);
            }
        }
        if (out.size() == orders.size()) {
            return orders;
        }
        java.util.Collections.reverse(out);
        return out;
    }

    /**
     * The latest quote of a feed and the applied index of the last batch it already reflects:
     * every push of that feed's quote from a batch at or before that index is not newer than the
     * returned quote, and every later one is not older. Call after subscribing. Returns null when a
     * batch's dispatch was in progress throughout a few attempts; try again later (event loop: never
     * spins for more than a few microseconds).
     */
    QuoteSnapshot quoteSnapshot(LatestQuotes quotes, String exchange, String symbol) {
        // The hot tier publishes quotes on the applier thread, which also dispatches batches: no quote
        // is published while a dispatch runs. With started == finished read around the quote, it
        // reflects every batch up to "finished" and perhaps quotes published since, which the next
        // batch's push carries again or newer.
        for (int attempt = 0; attempt < SNAPSHOT_ATTEMPTS; attempt++) {
            long finished = dispatchFinished;
            Quote q = quotes.get(exchange, symbol);
            if (dispatchStarted == finished) {
                return new QuoteSnapshot(q, finished);
            }
            Thread.onSpinWait();
        }
        return null;
    }

    record QuoteSnapshot(Quote quote, long throughIndex) {
    }

    /** Adds a subscription; returns false when the connection already had it. Event loops. */
    synchronized boolean add(Topic topic, StreamConnection c) {
        if (topic.channel().filtered) {
            ConcurrentHashMap<Topic, StreamConnection[]> filters = filters(topic.channel());
            StreamConnection[] old = filters.getOrDefault(topic, Feed.NONE);
            StreamConnection[] next = Feed.plus(old, c);
            if (next == old) {
                return false;
            }
            filters.put(topic, next);
            metrics.subscribed(topic.channel(), 1);
            return true;
        }
        ConcurrentHashMap<String, Feed> bySymbol = feeds.computeIfAbsent(topic.exchange(), k -> new ConcurrentHashMap<>());
        Feed old = bySymbol.get(topic.symbol());
        if (old == null) {
            old = new Feed(topic.exchange(), topic.symbol());
        }
        Feed updated = old.with(topic, c);
        if (updated == old) {
            return false;
        }
        bySymbol.put(topic.symbol(), updated);
        metrics.subscribed(topic.channel(), 1);
        return true;
    }

    /** Removes a subscription; returns false when the connection did not have it. Event loops. */
    synchronized boolean remove(Topic topic, StreamConnection c) {
        if (topic.channel().filtered) {
            ConcurrentHashMap<Topic, StreamConnection[]> filters = filters(topic.channel());
            StreamConnection[] old = filters.get(topic);
            if (old == null) {
                return false;
            }
            StreamConnection[] next = Feed.minus(old, c);
            if (next == old) {
                return false;
            }
            if (next.length == 0) {
                filters.remove(topic);
            } else {
                filters.put(topic, next);
            }
            metrics.subscribed(topic.channel(), -1);
            return true;
        }
        ConcurrentHashMap<String, Feed> bySymbol = feeds.get(topic.exchange());
        Feed old = bySymbol == null ? null : bySymbol.get(topic.symbol());
        if (old == null) {
            return false;
        }
        Feed updated = old.without(topic, c);
        if (updated == old) {
            return false;
        }
        if (updated.isEmpty()) {
            bySymbol.remove(topic.symbol());
            if (bySymbol.isEmpty()) {
                feeds.remove(topic.exchange());
            }
        } else {
            bySymbol.put(topic.symbol(), updated);
        }
        metrics.subscribed(topic.channel(), -1);
        return true;
    }

    private ConcurrentHashMap<Topic, StreamConnection[]> filters(Channel channel) {
        return channel == Channel.ORDERS ? orderFilters : positionFilters;
    }

    private Feed feed(String exchange, String symbol) {
        ConcurrentHashMap<String, Feed> bySymbol = feeds.get(exchange);
        return bySymbol == null ? null : bySymbol.get(symbol);
    }

    /** One feed's subscribers, immutable; replaced whole on every change. */
    private static final class Feed {
        static final StreamConnection[] NONE = new StreamConnection[0];

        final Topic ticksTopic;
        final Topic quotesTopic;
        final Topic[] barTopics = new Topic[TIMEFRAMES];
        final StreamConnection[] ticks;
        final StreamConnection[] quotes;
        final StreamConnection[][] bars;

        Feed(String exchange, String symbol) {
            ticksTopic = new Topic(Channel.TICKS, exchange, symbol, null);
            quotesTopic = new Topic(Channel.QUOTES, exchange, symbol, null);
            for (int i = 0; i < TIMEFRAMES; i++) {
                barTopics[i] = new Topic(Channel.BARS, exchange, symbol, Timeframe.STANDARD.get(i).label());
            }
            ticks = NONE;
            quotes = NONE;
            bars = new StreamConnection[TIMEFRAMES][];
            Arrays.fill(bars, NONE);
        }

        private Feed(Feed from, StreamConnection[] ticks, StreamConnection[] quotes, StreamConnection[][] bars) {
            ticksTopic = from.ticksTopic;
            quotesTopic = from.quotesTopic;
            System.arraycopy(from.barTopics, 0, barTopics, 0, TIMEFRAMES);
            this.ticks = ticks;
            this.quotes = quotes;
            this.bars = bars;
        }

        boolean isEmpty() {
            if (ticks.length > 0 || quotes.length > 0) {
                return false;
            }
            for (StreamConnection[] b : bars) {
                if (b.length > 0) {
                    return false;
                }
            }
            return true;
        }

        Feed with(Topic topic, StreamConnection c) {
            return change(topic, c, true);
        }

        Feed without(Topic topic, StreamConnection c) {
            return change(topic, c, false);
        }

        /** A copy with {@code c} added to / removed from the topic's list, or this when nothing changes. */
        private Feed change(Topic topic, StreamConnection c, boolean add) {
            StreamConnection[] current = switch (topic.channel()) {
                case TICKS -> ticks;
                case QUOTES -> quotes;
                case BARS -> bars[Topic.timeframeIndex(topic.timeframe())];
                default -> throw new IllegalArgumentException("not a feed channel: " + topic);
            };
            StreamConnection[] next = add ? plus(current, c) : minus(current, c);
            if (next == current) {
                return this;
            }
            return switch (topic.channel()) {
                case TICKS -> new Feed(this, next, quotes, bars);
                case QUOTES -> new Feed(this, ticks, next, bars);
                case BARS -> {
                    StreamConnection[][] b = bars.clone();
                    b[Topic.timeframeIndex(topic.timeframe())] = next;
                    yield new Feed(this, ticks, quotes, b);
                }
                default -> throw new IllegalArgumentException("not a feed channel: " + topic);
            };
        }

        static StreamConnection[] plus(StreamConnection[] a, StreamConnection c) {
            for (StreamConnection x : a) {
                if (x == c) {
                    return a;
                }
            }
            StreamConnection[] n = Arrays.copyOf(a, a.length + 1);
            n[a.length] = c;
            return n;
        }

        static StreamConnection[] minus(StreamConnection[] a, StreamConnection c) {
            for (int i = 0; i < a.length; i++) {
                if (a[i] == c) {
                    if (a.length == 1) {
                        return NONE;
                    }
                    StreamConnection[] n = new StreamConnection[a.length - 1];
                    System.arraycopy(a, 0, n, 0, i);
                    System.arraycopy(a, i + 1, n, i, a.length - i - 1);
                    return n;
                }
            }
            return a;
        }
    }
}

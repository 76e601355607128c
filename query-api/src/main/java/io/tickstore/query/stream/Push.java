package io.tickstore.query.stream;

import io.tickstore.query.MarketJson;
import io.tickstore.query.TextBytes;
import io.tickstore.query.TickJson;
import io.tickstore.store.live.BarUpdate;
import io.tickstore.store.model.OrderRecord;
import io.tickstore.store.model.TickRecord;
import io.tickstore.store.positions.PositionUpdate;
import io.tickstore.store.quotes.Quote;

/**
 * One committed change on its way to subscribers: a bar, a tick, a quote, an order or a position as
 * the writer committed it. Created once per change (on the writer thread) and shared by every connection subscribed to
 * its topic; rendered to JSON at most once or twice (by whichever event loop writes it first), never
 * on the writer thread.
 */
final class Push {
    /** Bars, ticks and quotes: the one subscription it is for. Orders and positions: the channel only. */
    final Topic topic;
    /**
     * Orders and positions: every filter that matches the change; a connection holding any of them
     * gets it (once). Null for bars, ticks and quotes.
     */
    final Topic[] filters;
    /**
     * Bars, quotes, orders and positions: the key under which a newer push replaces this one while
     * queued (per bar bucket, feed, order id, position). Ticks: null.
     */
    final Object conflationKey;
    /** The applied journal index of the commit this change is from. */
    final long batchIndex;
    private final Object value;
    private volatile String json;

    private Push(Topic topic, Topic[] filters, Object conflationKey, long batchIndex, Object value) {
        this.topic = topic;
        this.filters = filters;
        this.conflationKey = conflationKey;
        this.batchIndex = batchIndex;
        this.value = value;
    }

    private Push(Topic topic, Object conflationKey, long batchIndex, Object value) {
        this(topic, null, conflationKey, batchIndex, value);
    }

    static Push bar(Topic topic, long batchIndex, BarUpdate bar) {
        return new Push(topic, new BarBucket(topic, bar.bucketStart()), batchIndex, bar);
    }

    static Push tick(Topic topic, long batchIndex, TickRecord tick) {
        return new Push(topic, null, batchIndex, tick);
    }

    static Push quote(Topic topic, long batchIndex, Quote quote) {
        return new Push(topic, topic, batchIndex, quote);
    }

    /** An order's state at the end of a commit; {@code filters} from {@link Topic#filtersMatching}. */
    static Push order(Topic channel, Topic[] filters, long batchIndex, OrderRecord order) {
        return new Push(channel, filters, new OrderKey(order.orderId), batchIndex, order);
    }

    /** A position as committed; {@code filters} from {@link Topic#filtersMatching}. */
    static Push position(Topic channel, Topic[] filters, long batchIndex, PositionUpdate position) {
        PositionKey key = new PositionKey(position.exchange(), position.symbol(), position.strategyId());
        return new Push(channel, filters, key, batchIndex, position);
    }

    Channel channel() {
        return topic.channel();
    }

    /** The message text. Any thread; the rendering is cached (a race renders it twice, identically). */
    String json() {
        String j = json;
        if (j == null) {
            j = render();
            json = j;
        }
        return j;
    }

    private String render() {
        if (value instanceof TickRecord t) {
            return tickJson(t);
        }
        StringBuilder sb = new StringBuilder(384);
        if (value instanceof BarUpdate b) {
            sb.append("{\"type\":\"bar\",\"exchange\":");
            MarketJson.string(sb, b.exchange());
            sb.append(",\"symbol\":");
            MarketJson.string(sb, b.symbol());
            sb.append(",\"timeframe\":");
            MarketJson.string(sb, b.timeframe());
            sb.append(",\"revision\":").append(b.revision()).append(",\"bar\":");
            MarketJson.bar(sb, b);
        } else if (value instanceof Quote q) {
            sb.append("{\"type\":\"quote\",\"quote\":");
            MarketJson.quote(sb, q);
        } else if (value instanceof OrderRecord o) {
            sb.append("{\"type\":\"order\",\"order\":");
            MarketJson.order(sb, o);
        } else {
            sb.append("{\"type\":\"position\",\"position\":");
            MarketJson.position(sb, (PositionUpdate) value);
        }
        return sb.append('}').toString();
    }

    /** A tick push, written as bytes like a page of ticks ({@link TickJson}). */
    private static String tickJson(TickRecord t) {
        TextBytes out = new TextBytes();
        out.ascii("{\"type\":\"tick\",\"exchange\":");
        out.jsonString(t.exchange);
        out.ascii(",\"symbol\":");
        out.jsonString(t.symbol);
        out.ascii(",\"tick\":");
        TickJson.tick(out, t);
        out.ascii("}");
        return out.toText();
    }

    /** One bar of one subscription: bars conflate per bucket, so a completed bar is never lost to the next one. */
    private record BarBucket(Topic topic, long bucketStart) {
    }

    /** Orders conflate per order id: a newer state of the order replaces the waiting one. */
    private record OrderKey(String orderId) {
    }

    /** Positions conflate per (exchange, symbol, strategy). */
    private record PositionKey(String exchange, String symbol, String strategyId) {
    }
}

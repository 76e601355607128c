package io.tickstore.query.stream;

import io.tickstore.query.MarketJson;
import io.tickstore.store.live.BarUpdate;
import io.tickstore.store.model.TickRecord;
import io.tickstore.store.quotes.Quote;

/**
 * One committed change on its way to subscribers: a bar, a tick or a quote as the writer committed
 * it. Created once per change (on the writer thread) and shared by every connection subscribed to
 * its topic; rendered to JSON at most once or twice (by whichever event loop writes it first), never
 * on the writer thread.
 */
final class Push {
    final Topic topic;
    /** Bars and quotes: the key under which a newer push replaces this one while queued. Ticks: null. */
    final Object conflationKey;
    /** The applied journal index of the commit this change is from. */
    final long batchIndex;
    private final Object value;
    private volatile String json;

    private Push(Topic topic, Object conflationKey, long batchIndex, Object value) {
        this.topic = topic;
        this.conflationKey = conflationKey;
        this.batchIndex = batchIndex;
        this.value = value;
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
        } else if (value instanceof TickRecord t) {
            sb.append("{\"type\":\"tick\",\"exchange\":");
            MarketJson.string(sb, t.exchange);
            sb.append(",\"symbol\":");
            MarketJson.string(sb, t.symbol);
            sb.append(",\"tick\":");
            MarketJson.tick(sb, t);
        } else {
            sb.append("{\"type\":\"quote\",\"quote\":");
            MarketJson.quote(sb, (Quote) value);
        }
        return sb.append('}').toString();
    }

    /** One bar of one subscription: bars conflate per bucket, so a completed bar is never lost to the next one. */
    private record BarBucket(Topic topic, long bucketStart) {
    }
}

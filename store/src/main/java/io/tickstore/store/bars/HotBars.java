package io.tickstore.store.bars;

import io.tickstore.store.live.BarUpdate;
import io.tickstore.store.model.FeedMap;
import java.util.ArrayList;
import java.util.List;

/**
 * The hot tier's bar keeping: folds each trade into {@link BarHistory} and remembers, for the live
 * stream, which bars changed since the last {@link #updates} and each feed's latest trade time, which
 * decides completeness: a bar is complete once its feed has a trade at or after the bar's end
 * ({@code bucket_start + timeframe <= latest trade time}). A late trade into a bar that was already
 * complete when the period began is a revision. A bar that completes without trading (its feed traded
 * past its end) is reported too. A bar before memory's horizon (a trade older than
 * {@code query.bar_memory_days}) is stored and answered by queries, but not pushed.
 *
 * <p>Hot applier thread only.
 */
public final class HotBars {
    public static final long NONE = Long.MIN_VALUE;
    private static final int TIMEFRAMES = Timeframe.STANDARD.size();

    private final BarHistory history;
    private final FeedMap<Feed> feeds = new FeedMap<>();
    private final ArrayList<Feed> touched = new ArrayList<>();
    private final BarState scratch = new BarState();

    public HotBars(BarHistory history) {
        this.history = history;
    }

    public BarHistory history() {
        return history;
    }

    /**
     * Folds one trade in. Returns false when some timeframe's bar lies before memory's horizon: the
     * caller keeps the trade until DuckDB has stored it. {@code live}: remember the change for
     * {@link #updates}.
     */
    public boolean onTrade(String exchange, String symbol, long price, long size, long time, long sequence,
                           long journalIndex, long storedIndex, boolean live) {
        boolean held = history.onTrade(exchange, symbol, price, size, time, sequence, journalIndex, storedIndex);
        Feed f = feed(exchange, symbol);
        if (live && !f.listed) {
            f.listed = true;
            f.latestBefore = f.latest;
            touched.add(f);
        }
        if (time > f.latest) {
            f.latest = time;
        }
        if (live) {
            for (int tf = 0; tf < TIMEFRAMES; tf++) {
                f.touch(tf, Timeframe.STANDARD.get(tf).bucketStart(time));
            }
        }
        return held;
    }

    /** Whether the background preload revised bars not yet taken ({@link #takePreloadRevisions}). Cheap. */
    public boolean hasPreloadRevisions() {
        return history.hasRevisions();
    }

    /**
     * Takes the bars the background preload revised with trades that came while it ran (they were
     * before memory's horizon then): those of feeds {@code wanted} are reported by the next
     * {@link #updates}, as revisions where they were complete. True when any was.
     */
    public boolean takePreloadRevisions(java.util.function.BiPredicate<String, String> wanted) {
        boolean any = false;
        BarHistory.Revision r;
        while ((r = history.pollRevision()) != null) {
            if (!wanted.test(r.exchange(), r.symbol())) {
                continue;
            }
            Feed f = feed(r.exchange(), r.symbol());
            if (!f.listed) {
                f.listed = true;
                f.latestBefore = f.latest;
                touched.add(f);
            }
            f.touch(r.timeframe(), r.bucket());
            any = true;
        }
        return any;
    }

    /** Start-up: a feed's latest stored trade time. */
    public void restoreLatestTradeTime(String exchange, String symbol, long time) {
        Feed f = feed(exchange, symbol);
        f.latest = Math.max(f.latest, time);
    }

    /**
     * The bars changed since the last call, as memory now holds them (traded ones, and ones completed by
     * a later trade), with their complete and revision flags; then forgets the changes.
     */
    public List<BarUpdate> updates() {
        if (touched.isEmpty()) {
            return List.of();
        }
        List<BarUpdate> out = new ArrayList<>();
        for (Feed f : touched) {
            for (int tf = 0; tf < TIMEFRAMES; tf++) {
                Timeframe t = Timeframe.STANDARD.get(tf);
                for (int k = 0; k < f.count[tf]; k++) {
                    add(out, f, tf, t, f.buckets[tf][k], true);
                }
                if (f.latestBefore != NONE && f.latest > f.latestBefore) {
                    long previous = t.bucketStart(f.latestBefore);
                    if (previous + t.micros() <= f.latest && !f.contains(tf, previous)) {
                        add(out, f, tf, t, previous, false); // completed by a later trade, without trading
                    }
                }
                f.count[tf] = 0;
            }
            f.listed = false;
        }
        touched.clear();
        return out;
    }

    private void add(List<BarUpdate> out, Feed f, int tf, Timeframe t, long bucket, boolean traded) {
        if (!history.get(f.exchange, f.symbol, tf, bucket, scratch) || scratch.tradeCount == 0) {
            return;
        }
        boolean complete = bucket + t.micros() <= f.latest;
        boolean revision = traded && f.latestBefore != NONE && bucket + t.micros() <= f.latestBefore;
        out.add(new BarUpdate(f.exchange, f.symbol, t.label(), bucket, scratch.open, scratch.high, scratch.low,
                scratch.close, scratch.volume.high(), scratch.volume.low(), scratch.priceVolume.high(),
                scratch.priceVolume.low(), scratch.tradeCount, complete, revision));
    }

    private Feed feed(String exchange, String symbol) {
        return feeds.computeIfAbsent(exchange, symbol, Feed::new);
    }

    /** One feed: its latest trade time, and the buckets per timeframe changed since the last updates. */
    private static final class Feed {
        final String exchange;
        final String symbol;
        long latest = NONE;
        long latestBefore = NONE;
        boolean listed;
        final long[][] buckets = new long[TIMEFRAMES][4];
        final int[] count = new int[TIMEFRAMES];

        Feed(String exchange, String symbol) {
            this.exchange = exchange;
            this.symbol = symbol;
        }

        void touch(int tf, long bucket) {
            if (contains(tf, bucket)) {
                return;
            }
            if (count[tf] == buckets[tf].length) {
                buckets[tf] = java.util.Arrays.copyOf(buckets[tf], count[tf] * 2);
            }
            buckets[tf][count[tf]++] = bucket;
        }

        boolean contains(int tf, long bucket) {
            // The bucket just touched is the usual one: look from the end.
            for (int k = count[tf] - 1; k >= 0; k--) {
                if (buckets[tf][k] == bucket) {
                    return true;
                }
            }
            return false;
        }
    }
}

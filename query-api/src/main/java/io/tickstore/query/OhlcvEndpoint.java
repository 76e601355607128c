package io.tickstore.query;

import io.tickstore.config.QueryConfig;
import io.tickstore.store.bars.BarHistory;
import io.tickstore.store.bars.BarState;
import io.tickstore.store.bars.Timeframe;
import io.tickstore.store.model.Int128;
import io.tickstore.store.quotes.LatestQuotes;
import io.tickstore.store.quotes.Quote;
import io.tickstore.store.read.StoreReaders;
import io.tickstore.store.read.TiersAnswered;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /api/v1/ohlcv?exchange=&symbol=&timeframe=&from=&to=&limit=&cursor=&format=}: one
 * feed's bars of any timeframe in ascending bucket_start, {@code from} inclusive and {@code to}
 * exclusive on bucket_start, as JSON or CSV.
 *
 * <p>Where a bar comes from: a standard timeframe (or one of the same length, like {@code 60m}) is
 * read from the stored bars; one a standard timeframe tiles (e.g. {@code 7m} from {@code 1m}) is
 * merged in Java from those stored bars ({@link BarState#merge}); any other (e.g. {@code 90s}) is
 * built from the trade ticks ({@link BarState#addTrade}). The store's bar reader answers from the
 * tiers that hold the range (memory, DuckDB, and trades not yet in DuckDB). All three give the bar a
 * direct computation over the ticks gives. Source rows are fetched by whole target buckets (at most
 * {@code limit + 1} of them), so a bar is never split across pages.
 *
 * <p>{@code complete} follows one rule for every timeframe: {@code bucket_start + timeframe <=} the
 * feed's latest trade time, as the hot tier holds it ({@link LatestQuotes}).
 */
final class OhlcvEndpoint {
    static final String PATH = "/api/v1/ohlcv";
    private static final Set<String> PARAMS =
            Set.of("exchange", "symbol", "timeframe", "from", "to", "limit", "cursor", "format");
    /** Bars a worker thread keeps for its next memory read; a larger read's buffer is let go. */
    private static final int KEPT_SCRATCH_BARS = 8192;
    private static final ThreadLocal<BarHistory.Bars> SCRATCH = ThreadLocal.withInitial(BarHistory.Bars::new);

    private final QueryConfig config;

    OhlcvEndpoint(QueryConfig config) {
        this.config = config;
    }

    static Set<String> params() {
        return PARAMS;
    }

    /**
     * Validates the parameters; throws before any reader is borrowed. {@code acceptsCsv}: the
     * request's Accept header lists {@code text/csv} (used only when {@code format} is absent).
     */
    Request parse(QueryParams p, boolean acceptsCsv) throws BadParameter {
        String exchange = p.requiredText("exchange");
        String symbol = p.requiredText("symbol");
        String label = p.requiredText("timeframe");
        Timeframe timeframe;
        try {
            timeframe = Timeframe.parse(label);
        } catch (IllegalArgumentException e) {
            throw new BadParameter("timeframe", e.getMessage());
        }
        QueryParams.TimeRange range = p.requiredRange();
        long from = range.from();
        long to = range.to();
        int limit = p.integer("limit", config.defaultLimit(), 1, config.maxLimit());
        long micros = timeframe.micros();
        long start = alignUp(from, micros);
        long end = alignUp(to, micros);
        String cursor = p.optionalText("cursor");
        if (cursor != null) {
            start = cursor(cursor, from, to, micros);
        }
        boolean csv = p.csv(acceptsCsv);
        Timeframe stored = timeframe.standardEquivalent();
        Source source;
        if (stored != null) {
            source = Source.STORED;
        } else {
            stored = timeframe.rollUpSource();
            source = stored != null ? Source.ROLL_UP : Source.TICKS;
        }
        return new Request(exchange, symbol, timeframe, source, stored, start, end, limit, csv);
    }

    /** The bucket start a previous reply handed out: aligned to the timeframe and inside [from, to). */
    private static long cursor(String cursor, long from, long to, long micros) throws BadParameter {
        long c = -1;
        if (cursor.length() <= 19 && cursor.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            try {
                c = Long.parseLong(cursor);
            } catch (NumberFormatException e) {
                c = -1;
            }
        }
        if (c < from || c >= to || c % micros != 0) {
            throw new BadParameter("cursor", "not a next_cursor of a previous reply with the same timeframe, "
                    + "from and to: " + QueryParams.shorten(cursor));
        }
        return c;
    }

    /** The first bucket start at or after {@code t}. */
    private static long alignUp(long t, long micros) {
        return Math.floorDiv(t + micros - 1, micros) * micros;
    }

    /** Runs on a worker thread. */
    PageReply run(StoreReaders store, Request r, TiersAnswered tiers) throws SQLException {
        // Read before the bars: the bars read include every trade up to this time.
        Quote q = store.quotes().get(r.exchange, r.symbol);
        long latestTrade = q == null ? Long.MIN_VALUE : q.lastTime();
        Page page = new Page(r, latestTrade);
        if (r.start >= r.end) {
            return page.finish(Long.MIN_VALUE);
        }
        if (r.source == Source.TICKS) {
            List<BarState> bars = store.bars().fromTrades(r.exchange, r.symbol, r.timeframe.micros(), r.start, r.end,
                    r.limit, tiers);
            for (BarState b : bars) {
                if (page.count == r.limit) {
                    return page.finish(b.bucketStart);
                }
                page.add(b);
            }
            return page.finish(Long.MIN_VALUE);
        }
        // (limit + 1) target buckets hold at most (limit + 1) x ratio source bars, so reading that
        // many always reaches the (limit + 1)-th target, which becomes the next cursor.
        long ratio = r.timeframe.micros() / r.stored.micros();
        int max = (int) Math.min((r.limit + 1L) * ratio, Integer.MAX_VALUE - 1);
        BarHistory.Bars bars = SCRATCH.get();
        try {
            store.bars().stored(r.exchange, r.symbol, r.stored, r.start, r.end, max, bars, tiers);
            return r.source == Source.STORED ? stored(bars, page, r.limit) : rollUp(bars, page, r);
        } finally {
            if (bars.capacity() > KEPT_SCRATCH_BARS) {
                SCRATCH.remove();
            }
        }
    }

    private static PageReply stored(BarHistory.Bars bars, Page page, int limit) {
        for (int i = 0; i < bars.size; i++) {
            if (page.count == limit) {
                return page.finish(bars.bucket[i]);
            }
            page.volume.set(bars.volumeHigh[i], bars.volumeLow[i]);
            page.priceVolume.set(bars.priceVolumeHigh[i], bars.priceVolumeLow[i]);
            page.add(bars.bucket[i], bars.open[i], bars.high[i], bars.low[i], bars.close[i], page.volume,
                    page.priceVolume, bars.tradeCount[i]);
        }
        return page.finish(Long.MIN_VALUE);
    }

    /**
     * Merges consecutive stored bars into target buckets. Stored bars of one series cover disjoint
     * time, so a target's open is its first bar's open and its close its last bar's close.
     */
    private static PageReply rollUp(BarHistory.Bars bars, Page page, Request r) {
        long micros = r.timeframe.micros();
        int i = 0;
        while (i < bars.size) {
            long target = Math.floorDiv(bars.bucket[i], micros) * micros;
            if (page.count == r.limit) {
                return page.finish(target);
            }
            long open = bars.open[i];
            long high = bars.high[i];
            long low = bars.low[i];
            long close = bars.close[i];
            Int128 volume = page.volume;
            Int128 priceVolume = page.priceVolume;
            volume.set(bars.volumeHigh[i], bars.volumeLow[i]);
            priceVolume.set(bars.priceVolumeHigh[i], bars.priceVolumeLow[i]);
            long trades = bars.tradeCount[i];
            for (i++; i < bars.size && bars.bucket[i] < target + micros; i++) {
                high = Math.max(high, bars.high[i]);
                low = Math.min(low, bars.low[i]);
                close = bars.close[i];
                volume.add(bars.volumeHigh[i], bars.volumeLow[i]);
                priceVolume.add(bars.priceVolumeHigh[i], bars.priceVolumeLow[i]);
                trades += bars.tradeCount[i];
            }
            page.add(target, open, high, low, close, volume, priceVolume, trades);
        }
        return page.finish(Long.MIN_VALUE);
    }

    /** Where a timeframe's bars come from. */
    enum Source { STORED, ROLL_UP, TICKS }

    /**
     * A validated request. {@code stored}: the standard timeframe read (STORED, ROLL_UP), else null.
     * {@code start}, {@code end}: the aligned bucket starts [start, end) to answer.
     */
    record Request(String exchange, String symbol, Timeframe timeframe, Source source, Timeframe stored,
                   long start, long end, int limit, boolean csv) {
    }

    /** One page of bars, rendered as it fills (JSON or CSV), into its thread's reused bytes ({@link TextBytes}). */
    private static final class Page {
        private final Request request;
        private final long latestTrade;
        private final TextBytes out = new TextBytes();
        private final BarBytes bars = new BarBytes(out);
        /** Scratch sums for the caller to fill and pass to {@link #add}, so a page allocates no numbers. */
        final Int128 volume = new Int128();
        final Int128 priceVolume = new Int128();
        int count;

        Page(Request request, long latestTrade) {
            this.request = request;
            this.latestTrade = latestTrade;
            if (request.csv) {
                out.ascii(BarBytes.BAR_CSV_HEADER);
                out.ascii("\n");
            } else {
                out.ascii("{\"exchange\":");
                out.jsonString(request.exchange);
                out.ascii(",\"symbol\":");
                out.jsonString(request.symbol);
                out.ascii(",\"timeframe\":");
                out.jsonString(request.timeframe.label());
                out.ascii(",\"bars\":[");
            }
        }

        void add(BarState b) {
            add(b.bucketStart, b.open, b.high, b.low, b.close, b.volume, b.priceVolume, b.tradeCount);
        }

        void add(long bucket, long open, long high, long low, long close, Int128 volume, Int128 priceVolume,
                 long tradeCount) {
            boolean complete = latestTrade != Long.MIN_VALUE && bucket + request.timeframe.micros() <= latestTrade;
            if (request.csv) {
                bars.csv(bucket, open, high, low, close, volume, priceVolume, tradeCount, complete);
            } else {
                if (count > 0) {
                    out.ascii(",");
                }
                bars.json(bucket, open, high, low, close, volume, priceVolume, tradeCount, complete);
            }
            count++;
        }

        /**
         * {@code next}: the bucket start of the first bar not on this page, or Long.MIN_VALUE. A JSON page
         * ends as every list reply does ({@link JsonText#endList}).
         */
        PageReply finish(long next) {
            String cursor = next == Long.MIN_VALUE ? null : Long.toString(next);
            if (request.csv) {
                return new PageReply(PageReply.CSV, out.toPooledBody(), cursor);
            }
            return new PageReply(PageReply.JSON, JsonText.endList(out, count, cursor), cursor);
        }
    }
}

package io.tickstore.query;

import io.tickstore.config.QueryConfig;
import io.tickstore.store.model.TickRecord;
import io.tickstore.store.read.TickReader;
import io.tickstore.store.read.TiersAnswered;
import io.tickstore.store.ticks.TickHistory;
import java.sql.SQLException;
import java.util.Set;

/**
 * {@code GET /api/v1/ticks?exchange=&symbol=&from=&to=&limit=&cursor=&format=}: one feed's ticks in
 * ascending (timestamp, sequence_number), {@code from} inclusive, {@code to} exclusive, as JSON or
 * CSV (a third of JSON's size). When more rows remain, the reply's next cursor ({@code next_cursor},
 * or the {@code X-Next-Cursor} header for CSV) is passed back as {@code cursor} for the next page.
 * Answered by the store's {@link TickReader}: from tick memory alone when the range starts within what
 * it holds (then on the event loop when small), else merged with DuckDB; both give the same reply.
 */
final class TicksEndpoint {
    static final String PATH = "/api/v1/ticks";
    private static final Set<String> PARAMS = Set.of("exchange", "symbol", "from", "to", "limit", "cursor", "format");

    private final QueryConfig config;

    TicksEndpoint(QueryConfig config) {
        this.config = config;
    }

    /**
     * Validates the parameters; throws before any reader is borrowed. {@code acceptsCsv}: the
     * request's Accept header lists {@code text/csv} (used only when {@code format} is absent).
     */
    Request parse(QueryParams p, boolean acceptsCsv) throws BadParameter {
        String exchange = p.requiredText("exchange");
        String symbol = p.requiredText("symbol");
        QueryParams.TimeRange range = p.range();
        long from = range.from();
        long to = range.to();
        int limit = p.integer("limit", config.defaultLimit(), 1, config.maxLimit());
        String cursor = p.optionalText("cursor");
        long afterTime = Long.MIN_VALUE;
        long afterSequence = Long.MIN_VALUE;
        if (cursor != null) {
            int colon = cursor.indexOf(':');
            try {
                afterTime = Long.parseLong(cursor.substring(0, colon));
                afterSequence = Long.parseLong(cursor.substring(colon + 1));
            } catch (RuntimeException e) {
                throw new BadParameter("cursor", "not a cursor from a previous reply's next_cursor: "
                        + QueryParams.shorten(cursor));
            }
        }
        return new Request(exchange, symbol, from, to, limit, afterTime, afterSequence, p.csv(acceptsCsv));
    }

    static Set<String> params() {
        return PARAMS;
    }

    /** Replies of at most this many ticks from memory are rendered on the event loop (~0.1 ms: a worker hop costs as much). */
    static final int EVENT_LOOP_TICKS = 500;

    /** Ticks a thread keeps for its next memory read; a buffer grown past it is let go. */
    private static final int KEPT_SCRATCH_TICKS = 1024;
    /**
     * Each thread's buffer for memory reads, reused request after request: a fresh one grew by
     * doubling to a symbol-hour's ~300 ticks, ~70 KB allocated, zeroed and copied per request on the
     * event loop (2.5 µs against 0.6 µs reused, a read of 300 ticks in-process).
     */
    private static final ThreadLocal<TickHistory.Ticks> SCRATCH = ThreadLocal.withInitial(TickHistory.Ticks::new);

    /** This thread's buffer for a memory read; {@link #keep} it after rendering, or {@link #handOff} it. */
    static TickHistory.Ticks scratch() {
        return SCRATCH.get();
    }

    /** After rendering from this thread's buffer: kept for the next read unless it grew large. */
    static void keep(TickHistory.Ticks held) {
        if (held.capacity() > KEPT_SCRATCH_TICKS) {
            SCRATCH.remove();
        }
    }

    /** This thread's buffer goes to another thread, which renders from it; this one takes a new buffer. */
    static TickHistory.Ticks handOff(TickHistory.Ticks held) {
        SCRATCH.remove();
        return held;
    }

    /**
     * Memory only, never waiting (event loops): {@code ANSWERED} (the page's ticks, up to limit + 1 to tell
     * whether more follow, in {@code held}) when memory holds the whole range; else {@link #read} on a worker.
     */
    static TickHistory.Read tryFromMemory(TickReader reader, Request r, TickHistory.Ticks held) {
        return reader.tryMemory(r.exchange, r.symbol, r.from, r.to, r.afterTime, r.afterSequence, r.limit + 1, held);
    }

    /** The page's ticks (up to limit + 1) from every tier that holds them, into {@code held}. Worker threads. */
    static void read(TickReader reader, Request r, TickHistory.Ticks held, TiersAnswered tiers) throws SQLException {
        reader.read(r.exchange, r.symbol, r.from, r.to, r.afterTime, r.afterSequence, r.limit + 1, held, tiers);
    }

    /** The reply for ticks read by {@link #tryFromMemory} or {@link #read}. */
    static PageReply render(Request r, TickHistory.Ticks held) {
        Page page = new Page(r);
        TickRecord tick = page.tick;
        int n = Math.min(held.size, r.limit);
        for (int i = 0; i < n; i++) {
            held.copyTo(i, tick);
            page.add();
        }
        return page.finish(held.size > r.limit);
    }

    record Request(String exchange, String symbol, long from, long to, int limit, long afterTime, long afterSequence,
                   boolean csv) {
    }

    /**
     * One page of ticks, rendered as it fills: {@link #tick} is set, then {@link #add}ed. With more
     * rows after the page, its cursor is the last tick's (timestamp, sequence_number).
     */
    private static final class Page {
        final TickRecord tick = new TickRecord();
        private final TickJson json;
        private final TickCsv csv;
        int count;

        Page(Request r) {
            json = r.csv ? null : new TickJson(r.exchange, r.symbol);
            csv = r.csv ? new TickCsv() : null;
        }

        void add() {
            if (csv != null) {
                csv.add(tick);
            } else {
                json.add(tick);
            }
            count++;
        }

        PageReply finish(boolean more) {
            String cursor = more ? tick.timestamp + ":" + tick.sequenceNumber : null;
            return csv != null ? new PageReply(PageReply.CSV, csv.toPooledBody(), cursor)
                    : new PageReply(PageReply.JSON, json.finish(cursor), cursor);
        }
    }
}

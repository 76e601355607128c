package io.tickstore.query;

import io.tickstore.config.QueryConfig;
import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.TickRecord;
import io.tickstore.store.read.ReaderPool;
import io.tickstore.store.ticks.TickHistory;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;

/**
 * {@code GET /api/v1/ticks?exchange=&symbol=&from=&to=&limit=&cursor=&format=}: one feed's ticks in
 * ascending (timestamp, sequence_number), {@code from} inclusive, {@code to} exclusive, as JSON or
 * CSV (a third of JSON's size). When more rows remain, the reply's next cursor ({@code next_cursor},
 * or the {@code X-Next-Cursor} header for CSV) is passed back as {@code cursor} for the next page.
 * Answered from tick memory ({@link TickHistory}) when the range starts within what it holds, else
 * from DuckDB; both give the same reply.
 */
final class TicksEndpoint {
    static final String PATH = "/api/v1/ticks";
    private static final Set<String> PARAMS = Set.of("exchange", "symbol", "from", "to", "limit", "cursor", "format");
    private static final String SQL = "SELECT epoch_us(timestamp), sequence_number, bid_price, ask_price, bid_size, "
            + "ask_size, last_price, last_size, volume, conditions, tape FROM market_ticks "
            + "WHERE exchange = ? AND symbol = ? AND timestamp >= make_timestamp(?) AND timestamp < make_timestamp(?) "
            + "AND (epoch_us(timestamp) > ? OR (epoch_us(timestamp) = ? AND sequence_number > ?)) "
            + "ORDER BY timestamp, sequence_number LIMIT ?";

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
     * Copies the page's ticks from tick memory into {@code held} (up to limit + 1, to tell whether
     * more follow); false when memory does not hold the range: then {@link #fromDuckDb}. A copy: takes
     * microseconds, but may wait while the writer merges into the feed: worker threads only.
     */
    static boolean fromMemory(TickHistory memory, Request r, TickHistory.Ticks held) {
        return memory.read(r.exchange, r.symbol, r.from, r.to, r.afterTime, r.afterSequence, r.limit + 1, held);
    }

    /** {@link #fromMemory} for an event loop: never waits; {@code BUSY} while the writer holds the feed. */
    static TickHistory.Read tryFromMemory(TickHistory memory, Request r, TickHistory.Ticks held) {
        return memory.tryRead(r.exchange, r.symbol, r.from, r.to, r.afterTime, r.afterSequence, r.limit + 1, held);
    }

    /** The reply for ticks read by {@link #fromMemory}. */
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

    /** The reply from DuckDB (a reader connection: worker threads only). */
    PageReply fromDuckDb(ReaderPool readers, Request r) throws SQLException {
        return readers.read(c -> {
            try (PreparedStatement s = c.prepareStatement(SQL)) {
                s.setQueryTimeout(readers.queryTimeoutSeconds());
                s.setString(1, r.exchange);
                s.setString(2, r.symbol);
                s.setLong(3, r.from);
                s.setLong(4, r.to);
                s.setLong(5, r.afterTime);
                s.setLong(6, r.afterTime);
                s.setLong(7, r.afterSequence);
                s.setLong(8, r.limit + 1L);
                Page page = new Page(r);
                TickRecord tick = page.tick;
                boolean more = false;
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        if (page.count == r.limit) {
                            more = true;
                            break;
                        }
                        tick.clear();
                        tick.timestamp = rs.getLong(1);
                        tick.sequenceNumber = rs.getLong(2);
                        tick.bidPrice = Decimal8.fromNullable(rs.getBigDecimal(3));
                        tick.askPrice = Decimal8.fromNullable(rs.getBigDecimal(4));
                        tick.bidSize = Decimal8.fromNullable(rs.getBigDecimal(5));
                        tick.askSize = Decimal8.fromNullable(rs.getBigDecimal(6));
                        tick.lastPrice = Decimal8.fromNullable(rs.getBigDecimal(7));
                        tick.lastSize = Decimal8.fromNullable(rs.getBigDecimal(8));
                        tick.volume = Decimal8.fromNullable(rs.getBigDecimal(9));
                        tick.conditions = rs.getString(10);
                        tick.tape = rs.getString(11);
                        page.add();
                    }
                }
                return page.finish(more);
            }
        });
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
            return csv != null ? new PageReply(PageReply.CSV, csv.toBuffer(), cursor)
                    : new PageReply(PageReply.JSON, json.finish(cursor), cursor);
        }
    }
}

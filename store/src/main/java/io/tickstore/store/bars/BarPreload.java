package io.tickstore.store.bars;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import io.tickstore.store.cold.ColdEnds;
import io.tickstore.store.hot.BackgroundLoad;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills bar memory with the stored bars of {@code query.bar_memory_days} on a background thread with its
 * own connection, after start-up made the store ready with each feed's latest hour (reading every kept
 * bar first took 10 s for 2.1 million bars on a quiet host). Until a series is installed, reads of its
 * older bars take them from DuckDB, as for any range before a horizon; answers are the same either way.
 *
 * <p>The bars are read as of DuckDB's applied index W, in one transaction. Trades the applier could not
 * fold meanwhile (before a horizon) are remembered by {@link BarHistory} from before W was chosen; those
 * of messages after W are folded in when their series is installed.
 */
public final class BarPreload implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BarPreload.class);
    /**
     * Stored bars from a bucket on, by series then bucket: exchange, symbol, timeframe, bucket start, then
     * the 13 columns of {@link BarState#readStored}. Start-up's part and the background part read alike.
     */
    public static final String STORED_BARS_SQL = "SELECT exchange, symbol, timeframe, epoch_us(bucket_start), "
            + "open, high, low, close, volume, price_volume, trade_count, epoch_us(open_time), open_sequence, "
            + "open_journal_index, epoch_us(close_time), close_sequence, close_journal_index "
            + "FROM ohlcv_bars WHERE bucket_start >= make_timestamp(?) "
            + "ORDER BY exchange, symbol, timeframe, bucket_start";

    /** A feed with stored trades: its series get the preload's horizon. */
    public record Feed(String exchange, String symbol) {
    }

    /**
     * What start-up left for the preload.
     *
     * @param from  the horizon memory should answer from (the oldest bucket kept)
     * @param feeds every feed with stored trades
     */
    public record Plan(long from, List<Feed> feeds) {
    }

    private final BarHistory memory;
    private final Plan plan;
    /** Per exchange, the end of its newest cold day of ticks ({@link ColdEnds}), read with the bars. */
    private java.util.Map<String, Long> coldEnds = java.util.Map.of();
    private final DuckDBConnection database;
    private final BackgroundLoad load;

    /**
     * @param memory    the bar memory, remembering trades since start-up ({@link BarHistory#startPreload})
     * @param plan      null when there is nothing to load
     * @param journaled the journal's last index
     * @param stored    the index DuckDB has stored up to
     */
    public BarPreload(BarHistory memory, Plan plan, DuckDBConnection database, LongSupplier journaled,
                      LongSupplier stored) {
        this.memory = memory;
        this.plan = plan;
        this.database = database;
        this.load = new BackgroundLoad("tickstore-bar-preload", journaled, stored);
    }

    public void start() {
        if (plan == null || plan.feeds().isEmpty()) {
            memory.endPreload();
            return;
        }
        load.start(this::run); // memory remembers trades before a horizon since start-up's restore
    }

    private void run() {
        long start = System.nanoTime();
        try (DuckDBConnection c = database.duplicate()) {
            // Trades applied before startPreload() that DuckDB lacks are in none of the remembered lists:
            // read only once DuckDB holds everything journaled by now.
            if (!load.awaitStored()) {
                return;
            }
            long bars = load(c);
            if (bars >= 0) {
                LOG.info("bar memory: {} stored bars of {} feeds loaded in the background in {} ms", bars,
                        plan.feeds().size(), (System.nanoTime() - start) / 1_000_000);
            }
        } catch (Exception e) {
            if (!load.closing()) {
                LOG.warn("loading stored bars into bar memory failed (queries read older bars from DuckDB): {}",
                        e.toString());
            }
        } finally {
            memory.endPreload();
        }
    }

    /** Reads and installs every series; -1 when closed first. */
    private long load(DuckDBConnection c) throws Exception {
        long installed = 0;
        Set<String> seen = new HashSet<>();
        try (Statement tx = c.createStatement()) {
            tx.execute("BEGIN TRANSACTION");
            try {
                long applied;
                try (ResultSet rs = tx.executeQuery("SELECT applied_index FROM journal_applied WHERE id = 1")) {
                    rs.next();
                    applied = rs.getLong(1);
                }
                try (ResultSet rs = tx.executeQuery(ColdEnds.SQL)) {
                    coldEnds = ColdEnds.read(rs);
                }
                try (PreparedStatement p = c.prepareStatement(STORED_BARS_SQL)) {
                    p.setLong(1, plan.from());
                    try (ResultSet rs = p.executeQuery()) {
                        String exchange = null;
                        String symbol = null;
                        int timeframe = -1;
                        List<BarState> group = new ArrayList<>();
                        while (rs.next()) {
                            if (load.closing()) {
                                return -1;
                            }
                            String e = rs.getString(1);
                            String s = rs.getString(2);
                            int tf = Timeframe.standardIndex(rs.getString(3));
                            if (tf < 0) {
                                continue;
                            }
                            if (tf != timeframe || !s.equals(symbol) || !e.equals(exchange)) {
                                installed += install(exchange, symbol, timeframe, group, applied, seen);
                                exchange = e;
                                symbol = s;
                                timeframe = tf;
                            }
                            long bucket = rs.getLong(4);
                            if (bucket >= memory.horizon(e, s, tf)) {
                                continue; // memory has it (the start-up part, or newer trades)
                            }
                            BarState b = new BarState();
                            b.clear(bucket);
                            b.readStored(rs, 5);
                            group.add(b);
                        }
                        installed += install(exchange, symbol, timeframe, group, applied, seen);
                    }
                }
                // Series without older stored bars answer from the horizon too (with remembered trades).
                for (Feed f : plan.feeds()) {
                    for (int tf = 0; tf < Timeframe.STANDARD.size(); tf++) {
                        installed += install(f.exchange(), f.symbol(), tf, List.of(), applied, seen);
                    }
                }
            } finally {
                tx.execute("COMMIT");
            }
        }
        return installed;
    }

    private int install(String exchange, String symbol, int timeframe, List<BarState> group, long applied,
                        Set<String> seen) {
        int n = 0;
        if (exchange != null && seen.add(exchange + '\u0000' + symbol + '\u0000' + timeframe)) {
            // Not before the end of the exchange's cold days: their bars left DuckDB with their ticks, so
            // memory would hold nothing for them; readers build them from the ticks instead.
            long horizon = Math.max(plan.from(), coldEnds.getOrDefault(exchange, Long.MIN_VALUE));
            n = memory.install(exchange, symbol, timeframe, group, applied, horizon);
        }
        if (!group.isEmpty()) {
            group.clear();
        }
        return n;
    }

    /** Waits until the preload (if any) is done; for tests and tools. */
    public void await(long timeout, TimeUnit unit) throws InterruptedException {
        load.await(timeout, unit);
    }

    @Override
    public void close() {
        load.close();
    }
}

package io.tickstore.store;

import com.sun.management.OperatingSystemMXBean;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickstore.config.JournalConfig;
import io.tickstore.config.PipelineConfig;
import io.tickstore.config.PortfolioConfig;
import io.tickstore.config.QueryConfig;
import io.tickstore.store.dedupe.Deduplicator;
import io.tickstore.store.dedupe.GapLog;
import io.tickstore.store.journal.Journal;
import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.OrderRecord;
import io.tickstore.store.model.Side;
import io.tickstore.store.bars.BarHistory;
import io.tickstore.store.live.CommitListener;
import io.tickstore.store.orders.OrderBook;
import io.tickstore.store.pipeline.IngestPipeline;
import io.tickstore.store.quotes.LatestQuotes;
import io.tickstore.store.read.ReaderPool;
import io.tickstore.store.schema.SchemaMigrator;
import io.tickstore.store.ticks.TickHistory;
import io.tickstore.store.write.DuckDbApplier;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store, opened: DuckDB (migrated), the journal, the deduplication state, the ingest pipeline
 * and the reader pool. {@link #open} replays the journal past the applied index before it returns,
 * so an open store is ready.
 *
 * <p>Layout under the data directory: {@code tickstore.duckdb} (+ its WAL) and {@code journal/}.
 */
public final class TickStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TickStore.class);
    public static final String DATABASE_FILE = "tickstore.duckdb";
    public static final String JOURNAL_DIR = "journal";
    private static final int RECENT_GAPS = 1000;

    private final DuckDBConnection database;
    private final Journal journal;
    private final DuckDbApplier applier;
    private final IngestPipeline pipeline;
    private final ReaderPool readers;
    private final GapLog gapLog;
    private final BarHistory barHistory;
    private final TickHistory tickHistory;
    private final long replayed;
    private ScheduledExecutorService journalTrim;
    private Thread tickPreload;
    private volatile boolean closing;
    private boolean closed;

    private TickStore(DuckDBConnection database, Journal journal, DuckDbApplier applier, IngestPipeline pipeline,
                      ReaderPool readers, GapLog gapLog, BarHistory barHistory, TickHistory tickHistory,
                      long replayed) {
        this.database = database;
        this.journal = journal;
        this.applier = applier;
        this.pipeline = pipeline;
        this.readers = readers;
        this.gapLog = gapLog;
        this.barHistory = barHistory;
        this.tickHistory = tickHistory;
        this.replayed = replayed;
    }

    /** With no starting cash and no portfolio snapshots. */
    public static TickStore open(Path dataDir, JournalConfig journalConfig, PipelineConfig pipelineConfig,
                                 QueryConfig queryConfig, MeterRegistry registry) throws SQLException, IOException {
        return open(dataDir, journalConfig, pipelineConfig, queryConfig,
                new PortfolioConfig(java.math.BigDecimal.ZERO, 0), registry);
    }

    public static TickStore open(Path dataDir, JournalConfig journalConfig, PipelineConfig pipelineConfig,
                                 QueryConfig queryConfig, PortfolioConfig portfolioConfig, MeterRegistry registry)
            throws SQLException, IOException {
        Files.createDirectories(dataDir);
        DuckDBConnection database = (DuckDBConnection) DriverManager.getConnection(
                "jdbc:duckdb:" + dataDir.resolve(DATABASE_FILE).toAbsolutePath());
        Journal journal = null;
        DuckDbApplier applier = null;
        TickHistory tickHistory = null;
        try {
            SchemaMigrator.migrate(database);
            try (Statement s = database.createStatement()) {
                s.execute("SET checkpoint_threshold = '" + pipelineConfig.checkpointThresholdMb() + "MiB'");
            }
            journal = Journal.open(dataDir.resolve(JOURNAL_DIR), journalConfig.rollCycle());
            BarHistory barHistory = new BarHistory(queryConfig.barMemoryDays() * 86_400_000_000L);
            tickHistory = new TickHistory(tickMemoryBytes(queryConfig.tickMemoryMb()));
            applier = new DuckDbApplier(database, portfolioConfig, barHistory, tickHistory);
            long applied = applier.appliedIndex();
            long last = journal.lastIndex();
            if (applied != Journal.NONE && last < applied) {
                throw new IllegalStateException("the journal in " + journal.dir() + " ends at index " + last
                        + " but the store has applied up to " + applied
                        + ": the journal was deleted or replaced; restore it before starting");
            }
            GapLog gapLog = new GapLog(RECENT_GAPS, registry);
            Deduplicator deduplicator = new Deduplicator(gapLog);
            OrderBook orders = new OrderBook();
            long start = System.nanoTime();
            restoreDeduplication(database, deduplicator, orders, tickHistory);
            restoreLiveState(database, applier);
            restorePositions(database, applier, portfolioConfig);
            loadBarHistory(database, barHistory);
            Gauge.builder("tickstore.tick.memory.bytes", tickHistory, TickHistory::bytes)
                    .description("bytes of ticks held in memory for tick queries").register(registry);
            Gauge.builder("tickstore.tick.memory.ticks", tickHistory, TickHistory::ticks)
                    .description("ticks held in memory for tick queries").register(registry);
            DuckDbApplier replayTarget = applier;
            long replayed = journal.replayAfter(applied, (index, message) -> {
                deduplicator.restore(message);
                if (message.type == io.tickstore.store.model.MessageType.ORDER) {
                    orders.restore(message.order);
                }
                replayTarget.apply(message, index);
                if (replayTarget.pending() >= pipelineConfig.writerMaxBatch()) {
                    replayTarget.commit();
                }
            });
            applier.commit();
            applier.enableSnapshots();
            LOG.info("store open: {} feeds known, {} journal messages replayed after index {} in {} ms",
                    deduplicator.feedCount(), replayed, applied, (System.nanoTime() - start) / 1_000_000);
            IngestPipeline pipeline = new IngestPipeline(pipelineConfig, journal, deduplicator, orders, applier, registry);
            ReaderPool readers = new ReaderPool(database, queryConfig.readerPoolSize(), queryConfig.timeoutMillis());
            pipeline.start();
            TickStore store = new TickStore(database, journal, applier, pipeline, readers, gapLog, barHistory,
                    tickHistory, replayed);
            store.startJournalTrim(journalConfig.retainCycles(), registry);
            store.startTickPreload();
            return store;
        } catch (Exception e) {
            if (tickHistory != null) {
                tickHistory.close();
            }
            closeQuietly(applier, journal, database, e);
            if (e instanceof SQLException s) {
                throw s;
            }
            if (e instanceof IOException io) {
                throw io;
            }
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e);
        }
    }

    /**
     * Rebuilds what the deduplicator knows from the stored rows, and (same scan of the ticks) where
     * tick memory starts answering for each stored feed: after its latest stored tick.
     */
    private static void restoreDeduplication(DuckDBConnection db, Deduplicator d, OrderBook orders,
                                             TickHistory tickHistory) throws SQLException {
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT exchange, symbol, min(sequence_number), max(sequence_number), "
                     + "count(*), epoch_us(max(timestamp)) FROM market_ticks GROUP BY exchange, symbol")) {
            while (rs.next()) {
                String exchange = rs.getString(1);
                String symbol = rs.getString(2);
                tickHistory.loadHorizon(exchange, symbol, rs.getLong(6));
                long min = rs.getLong(3);
                long max = rs.getLong(4);
                long count = rs.getLong(5);
                if (max - min + 1 == count) {
                    d.restoreTickRange(exchange, symbol, min, max);
                } else {
                    restoreSparseFeed(db, d, exchange, symbol);
                }
            }
        }
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT trade_id FROM trades")) {
            while (rs.next()) {
                d.restoreTrade(rs.getString(1));
            }
        }
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery(OrderRecord.SELECT_STORED)) {
            OrderRecord o = new OrderRecord();
            while (rs.next()) {
                o.readStored(rs);
                orders.restore(o);
            }
        }
    }

    /** Rebuilds the writer's latest trade time per feed (bar completeness) and the latest quotes. */
    private static void restoreLiveState(DuckDBConnection db, DuckDbApplier applier) throws SQLException {
        String key = "{'t': epoch_us(timestamp), 's': sequence_number, 'j': journal_index}";
        StringBuilder sql = new StringBuilder("SELECT exchange, symbol");
        for (String side : new String[] {"bid", "ask", "last"}) {
            String has = " FILTER (WHERE " + side + "_price IS NOT NULL)";
            sql.append(", arg_max(").append(side).append("_price, ").append(key).append(')').append(has)
                    .append(", arg_max(").append(side).append("_size, ").append(key).append(')').append(has)
                    .append(", max(").append(key).append(')').append(has);
        }
        sql.append(" FROM market_ticks GROUP BY exchange, symbol");
        LatestQuotes quotes = applier.quotes();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql.toString())) {
            while (rs.next()) {
                String exchange = rs.getString(1);
                String symbol = rs.getString(2);
                LatestQuotes.Side[] sides = LatestQuotes.Side.values();
                for (int i = 0; i < sides.length; i++) {
                    int c = 3 + i * 3;
                    Object keyValue = rs.getObject(c + 2);
                    if (keyValue == null) {
                        continue;
                    }
                    @SuppressWarnings("unchecked")
                    java.util.Map<String, Object> k = (java.util.Map<String, Object>) structToMap(keyValue);
                    long time = ((Number) k.get("t")).longValue();
                    quotes.restore(exchange, symbol, sides[i], Decimal8.fromNullable(rs.getBigDecimal(c)),
                            Decimal8.fromNullable(rs.getBigDecimal(c + 1)), time, ((Number) k.get("s")).longValue(),
                            ((Number) k.get("j")).longValue());
                    if (sides[i] == LatestQuotes.Side.LAST) {
                        applier.bars().restoreLatestTradeTime(exchange, symbol, time);
                    }
                }
            }
        }
        quotes.publish();
    }

    /**
     * Deletes journal cycles whose messages are all in DuckDB, beyond the {@code keep} newest such
     * cycles: now, then every minute on a daemon thread. {@code keep} -1 keeps the whole journal.
     */
    private void startJournalTrim(int keep, MeterRegistry registry) {
        if (keep < 0) {
            return;
        }
        Counter deleted = Counter
                .builder("tickstore.journal.cycles.deleted")
                .description("journal files deleted because every message in them is in DuckDB").register(registry);
        Runnable trim = () -> {
            try {
                int n = journal.deleteCyclesBefore(pipeline.appliedIndex(), keep);
                if (n > 0) {
                    deleted.increment(n);
                    LOG.info("deleted {} journal file(s) of cycles fully applied to DuckDB (journal.retain_cycles = {})",
                            n, keep);
                }
            } catch (RuntimeException e) {
                LOG.warn("deleting applied journal cycles failed (will retry): {}", e.toString());
            }
        };
        trim.run();
        journalTrim = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tickstore-journal-trim");
            t.setDaemon(true);
            return t;
        });
        journalTrim.scheduleWithFixedDelay(trim, 60, 60, TimeUnit.SECONDS);
    }

    /**
     * Fills tick memory with the newest stored ticks (memory starts empty: each feed is answered
     * from after its latest stored tick) on a background thread with its own connection, so start-up
     * does not wait (10M ticks took 23 s here). Late ticks committed meanwhile are merged.
     */
    private void startTickPreload() {
        if (!tickHistory.enabled() || tickHistory.preloadRowLimit() == 0) {
            return;
        }
        tickPreload = new Thread(() -> {
            long start = System.nanoTime();
            try (DuckDBConnection c = database.duplicate()) {
                tickHistory.startPreload();
                // Every tick the writer staged before late ticks were kept must be in the snapshot read below.
                long journaled = pipeline.lastJournalIndex();
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
                while (pipeline.appliedIndex() < journaled) {
                    if (closing || System.nanoTime() > deadline) {
                        tickHistory.endPreload();
                        return;
                    }
                    Thread.sleep(5);
                }
                long limit = tickHistory.preloadRowLimit();
                try (PreparedStatement p = c.prepareStatement(TickHistory.PRELOAD_SQL)) {
                    p.setLong(1, limit + 1);
                    try (ResultSet rs = p.executeQuery()) {
                        long n = tickHistory.preload(rs, limit, () -> closing);
                        LOG.info("tick memory: {} stored ticks loaded in {} ms", n, (System.nanoTime() - start) / 1_000_000);
                    }
                }
            } catch (Exception e) {
                tickHistory.endPreload();
                if (!closing) {
                    LOG.warn("loading stored ticks into tick memory failed (queries read DuckDB): {}", e.toString());
                }
            }
        }, "tickstore-tick-preload");
        tickPreload.setDaemon(true);
        tickPreload.start();
    }

    /** Waits until the tick preload (if any) is done; for tests and tools. */
    public void awaitTickPreload(long timeout, TimeUnit unit) throws InterruptedException {
        Thread t = tickPreload;
        if (t != null) {
            t.join(unit.toMillis(timeout));
        }
    }

    /** The tick memory budget (native memory): as configured, capped at a quarter of physical memory. */
    static long tickMemoryBytes(int configuredMb) {
        long configured = configuredMb * 1024L * 1024L;
        long physical = ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
        long cap = physical / 4;
        if (configured > cap) {
            LOG.warn("query.tick_memory_mb = {} is more than a quarter of physical memory ({} MiB): using {} MiB",
                    configuredMb, physical >> 20, cap >> 20);
            return cap;
        }
        return configured;
    }

    /** Loads each stored series' recent bars (and where memory starts answering for it). */
    private static void loadBarHistory(DuckDBConnection db, BarHistory history) throws SQLException {
        if (!history.enabled()) {
            return;
        }
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT exchange, symbol, timeframe, "
                + "epoch_us(min(bucket_start)), epoch_us(max(bucket_start)) FROM ohlcv_bars GROUP BY exchange, symbol, timeframe")) {
            history.loadHorizons(rs);
        }
        try (PreparedStatement p = db.prepareStatement("SELECT b.exchange, b.symbol, b.timeframe, "
                + "epoch_us(b.bucket_start), b.open, b.high, b.low, b.close, b.volume, b.price_volume, b.trade_count "
                + "FROM ohlcv_bars b JOIN (SELECT exchange, symbol, timeframe, epoch_us(max(bucket_start)) AS latest "
                + "FROM ohlcv_bars GROUP BY exchange, symbol, timeframe) x "
                + "ON b.exchange = x.exchange AND b.symbol = x.symbol AND b.timeframe = x.timeframe "
                + "WHERE epoch_us(b.bucket_start) >= x.latest - ? "
                + "ORDER BY b.exchange, b.symbol, b.timeframe, b.bucket_start")) {
            p.setLong(1, history.keepMicros());
            try (ResultSet rs = p.executeQuery()) {
                history.loadBars(rs);
            }
        }
    }

    /** Rebuilds the writer's positions, the portfolio's cash and its snapshot history. */
    private static void restorePositions(DuckDBConnection db, DuckDbApplier applier, PortfolioConfig config)
            throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT exchange, symbol, strategy_id, "
                + "quantity, average_entry_price, realized_pnl, fees, fill_count, last_fill_price, epoch_us(updated_at), "
                + "journal_index FROM positions")) {
            while (rs.next()) {
                applier.positions().restore(rs.getString(1), rs.getString(2), rs.getString(3),
                        Decimal8.fromNullable(rs.getBigDecimal(4)), Decimal8.fromNullable(rs.getBigDecimal(5)), rs.getBigDecimal(6),
                        rs.getBigDecimal(7), rs.getLong(8), Decimal8.fromNullable(rs.getBigDecimal(9)), rs.getLong(10), rs.getLong(11));
            }
        }
        java.math.BigDecimal cash;
        try (PreparedStatement p = db.prepareStatement("SELECT ?::DECIMAL(38,16) + coalesce(sum(CASE side WHEN 'sell' "
                + "THEN quantity::DECIMAL(38,8) * price::DECIMAL(38,8) ELSE -(quantity::DECIMAL(38,8) * price::DECIMAL(38,8)) END), 0) "
                + "- coalesce(sum(coalesce(commission, 0) + coalesce(fees, 0)), 0) FROM trades")) {
            p.setBigDecimal(1, config.startingCash());
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                cash = rs.getBigDecimal(1);
            }
        }
        Long last = null;
        java.math.BigDecimal lastEod = null;
        java.math.BigDecimal peak = null;
        java.math.BigDecimal drawdown = null;
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT epoch_us(snapshot_time), "
                + "peak_equity, max_drawdown, (SELECT equity FROM portfolio_snapshots WHERE snapshot_type = 'eod' "
                + "ORDER BY snapshot_time DESC LIMIT 1) FROM portfolio_snapshots ORDER BY snapshot_time DESC LIMIT 1")) {
            if (rs.next()) {
                last = rs.getLong(1);
                peak = rs.getBigDecimal(2);
                drawdown = rs.getBigDecimal(3);
                lastEod = rs.getBigDecimal(4);
            }
        }
        applier.portfolio().restore(cash, last, lastEod, peak, drawdown);
    }

    private static Object structToMap(Object struct) throws SQLException {
        if (struct instanceof java.util.Map<?, ?> m) {
            return m;
        }
        if (struct instanceof java.sql.Struct s) {
            Object[] values = s.getAttributes();
            return java.util.Map.of("t", values[0], "s", values[1], "j", values[2]);
        }
        throw new SQLException("unexpected STRUCT value " + struct.getClass());
    }

    private static void restoreSparseFeed(DuckDBConnection db, Deduplicator d, String exchange, String symbol)
            throws SQLException {
        try (PreparedStatement p = db.prepareStatement(
                "SELECT sequence_number FROM market_ticks WHERE exchange = ? AND symbol = ?")) {
            p.setString(1, exchange);
            p.setString(2, symbol);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    d.restoreTick(exchange, symbol, rs.getLong(1));
                }
            }
        }
    }

    public IngestPipeline pipeline() {
        return pipeline;
    }

    /** Recent bars in memory, as of the last commit. */
    public BarHistory barHistory() {
        return barHistory;
    }

    /** The newest stored ticks, in memory. */
    public TickHistory tickHistory() {
        return tickHistory;
    }

    /** Latest quote per feed, from memory, as of the last commit. */
    public LatestQuotes quotes() {
        return applier.quotes();
    }

    /**
     * Registers the one listener told about every writer commit (live streams). Commits from then
     * on are reported; call it once, after {@link #open}.
     */
    public void setCommitListener(CommitListener listener) {
        applier.setCommitListener(listener);
    }

    public ReaderPool readers() {
        return readers;
    }

    public GapLog gaps() {
        return gapLog;
    }

    public Journal journal() {
        return journal;
    }

    /** Journal messages applied during {@link #open}. */
    public long replayedAtOpen() {
        return replayed;
    }

    /** Drains the pipeline (every acked frame applied), then closes readers, journal and database. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closing = true;
        if (tickPreload != null) {
            try {
                tickPreload.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (journalTrim != null) {
            journalTrim.shutdownNow();
            try {
                journalTrim.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        pipeline.close();
        tickHistory.close();
        try {
            readers.close();
        } catch (SQLException e) {
            LOG.warn("closing reader connections: {}", e.getMessage());
        }
        closeQuietly(applier, journal, database, null);
    }

    private static void closeQuietly(DuckDbApplier applier, Journal journal, DuckDBConnection db, Exception cause) {
        try {
            if (applier != null) {
                applier.close();
            }
        } catch (Exception e) {
            if (cause != null) {
                cause.addSuppressed(e);
            } else {
                LOG.warn("closing the writer: {}", e.getMessage());
            }
        }
        if (journal != null) {
            journal.close();
        }
        try {
            db.close();
        } catch (SQLException e) {
            if (cause != null) {
                cause.addSuppressed(e);
            }
        }
    }
}

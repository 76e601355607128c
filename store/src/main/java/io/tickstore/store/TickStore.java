package io.tickstore.store;

import com.sun.management.OperatingSystemMXBean;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickstore.config.TickstoreConfig;
import io.tickstore.store.bars.BarHistory;
import io.tickstore.store.bars.BarPreload;
import io.tickstore.store.cold.RemoteColdFiles;
import io.tickstore.store.dedupe.DedupeFromDuckDb;
import io.tickstore.store.dedupe.DedupeSnapshot;
import io.tickstore.store.dedupe.DedupeSnapshotSink;
import io.tickstore.store.dedupe.DedupeState;
import io.tickstore.store.dedupe.Deduplicator;
import io.tickstore.store.dedupe.GapLog;
import io.tickstore.store.hot.HotTier;
import io.tickstore.store.journal.Journal;
import io.tickstore.store.journal.JournalSpace;
import io.tickstore.store.live.LiveListener;
import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.model.MessageType;
import io.tickstore.store.orders.InterruptedFill;
import io.tickstore.store.orders.OrderBook;
import io.tickstore.store.pipeline.BackpressureMonitor;
import io.tickstore.store.pipeline.FrameCompletion;
import io.tickstore.store.pipeline.IngestGate;
import io.tickstore.store.pipeline.IngestPipeline;
import io.tickstore.store.positions.SnapshotSchedule;
import io.tickstore.store.quotes.LatestQuotes;
import io.tickstore.store.read.ReaderPool;
import io.tickstore.store.read.StoreReaders;
import io.tickstore.store.schema.SchemaMigrator;
import io.tickstore.store.sink.JournalTrim;
import io.tickstore.store.sink.Sink;
import io.tickstore.store.sink.SinkOptions;
import io.tickstore.store.sink.SinkRunner;
import io.tickstore.store.sink.YieldToIngest;
import io.tickstore.store.sink.SinkState;
import io.tickstore.store.sink.SinkStatus;
import io.tickstore.store.ticks.TickHistory;
import io.tickstore.store.ticks.TickPreload;
import io.tickstore.store.write.DuckDbSink;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store, opened — kdb+ tick's shape: the Chronicle journal is the log; the hot tier
 * ({@link HotTier}) applies each message right after the journal and is what queries and the live
 * stream see; DuckDB (the warm tier, {@link DuckDbSink}) and every other {@link Sink} tail the journal
 * at their own pace, each from its own durable applied index. {@link #open} restores the hot tier
 * from what DuckDB holds and replays the journal after it before it returns, so an open store is
 * ready; DuckDB catches up in the background.
 *
 * <p>Layout under the data directory: {@code tickstore.duckdb} (+ its WAL) and {@code journal/}.
 */
public final class TickStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TickStore.class);
    public static final String DATABASE_FILE = "tickstore.duckdb";
    public static final String JOURNAL_DIR = "journal";
    private static final int RECENT_GAPS = 1000;
    /** Messages replayed into the hot tier between two publishes at start-up. */
    private static final int REPLAY_PUBLISH_EVERY = 65_536;
    /**
     * Journal messages after which a deduplication snapshot is due even before its interval: bounds
     * what start-up replays into the deduplication state after a crash.
     */
    private static final long DEDUPE_SNAPSHOT_MAX_MESSAGES = 2_000_000;

    private final TickstoreConfig config;
    private final MeterRegistry registry;
    private final DuckDBConnection database;
    private final Journal journal;
    private final HotTier hot;
    private final IngestPipeline pipeline;
    private final BackpressureMonitor backpressure;
    private final ReaderPool readers;
    private final StoreReaders storeReaders;
    private final GapLog gapLog;
    private final List<SinkRunner> sinks = new CopyOnWriteArrayList<>();
    private final JournalTrim trim;
    private final TickPreload tickPreload;
    private final BarPreload barPreload;
    private final SinkRunner warm;
    private final SinkRunner dedupe;
    private SnapshotSchedule snapshots;
    private final long replayed;
    private boolean closed;

    private TickStore(TickstoreConfig config, MeterRegistry registry, DuckDBConnection database, Journal journal,
                      HotTier hot, IngestPipeline pipeline, BackpressureMonitor backpressure, ReaderPool readers,
                      GapLog gapLog, DuckDbSink duckDb, DedupeSnapshotSink dedupeSink, long replayed,
                      RemoteColdFiles remoteCold) {
        this.config = config;
        this.registry = registry;
        this.database = database;
        this.journal = journal;
        this.hot = hot;
        this.pipeline = pipeline;
        this.backpressure = backpressure;
        this.readers = readers;
        this.gapLog = gapLog;
        this.replayed = replayed;
        this.storeReaders = new StoreReaders(hot, readers, config.lifecycle().coldDir(config.dataDir()), remoteCold);
        this.warm = new SinkRunner(duckDb, new SinkOptions(config.warm().maxBatch(), config.warm().commitIntervalMillis(),
                true, config.warm().maxLagMessages()), journal, registry, hot::stored, yieldToIngest(hot, config));
        // The deduplication snapshot sink yields to ingest on the same terms as DuckDB (its own policy
        // object, the same readings): it took 4-13% of a core through the 10M compare's load, and
        // start-up replays from the lower of the two indexes anyway, so holding it while DuckDB is held
        // adds nothing to a restart.
        this.dedupe = new SinkRunner(dedupeSink, new SinkOptions(config.warm().maxBatch(), 0, true,
                config.warm().maxLagMessages() + DEDUPE_SNAPSHOT_MAX_MESSAGES), journal, registry, index -> { },
                yieldToIngest(hot, config));
        this.trim = new JournalTrim(journal, sinks, config.journal().retainCycles(), registry);
        this.tickPreload = new TickPreload(hot.ticks(), database, journal::lastIndex, duckDb::appliedIndex);
        this.barPreload = new BarPreload(hot.bars(), hot.barPreloadPlan(), database, journal::lastIndex,
                duckDb::appliedIndex);
    }

    /** Opens (creating if needed) the store in {@code config.dataDir()}, without an S3 copy of the cold tier. */
    public static TickStore open(TickstoreConfig config, MeterRegistry registry) throws SQLException, IOException {
        return open(config, registry, RemoteColdFiles.NONE);
    }

    /**
     * Opens (creating if needed) the store in {@code config.dataDir()}; {@code remoteCold} fetches the files of
     * cold partitions that are only in S3.
     */
    public static TickStore open(TickstoreConfig config, MeterRegistry registry, RemoteColdFiles remoteCold)
            throws SQLException, IOException {
        Path dataDir = config.dataDir();
        Files.createDirectories(dataDir);
        OpenStages stages = new OpenStages();
        DuckDBConnection database = (DuckDBConnection) DriverManager.getConnection(
                "jdbc:duckdb:" + dataDir.resolve(DATABASE_FILE).toAbsolutePath());
        Journal journal = null;
        DuckDbSink duckDb = null;
        HotTier hot = null;
        try {
            SchemaMigrator.migrate(database);
            try (Statement s = database.createStatement()) {
                s.execute("SET checkpoint_threshold = '" + config.warm().checkpointThresholdMb() + "MiB'");
                // Cold reads open the same few Parquet files again and again: parse each footer once
                // (files are never rewritten in place; a new version is a new file).
                s.execute("SET parquet_metadata_cache = true");
            }
            stages.done("database");
            journal = Journal.open(dataDir.resolve(JOURNAL_DIR), config.journal().rollCycle());
            stages.done("journal");
            duckDb = new DuckDbSink(database, config.portfolio());
            long stored = duckDb.appliedIndex();
            long last = journal.lastIndex();
            if (stored != Journal.NONE && last < stored) {
                throw new IllegalStateException("the journal in " + journal.dir() + " ends at index " + last
                        + " but the store has applied up to " + stored
                        + ": the journal was deleted or replaced; restore it before starting");
            }
            hot = new HotTier(new BarHistory(config.query().barMemoryDays() * 86_400_000_000L),
                    new TickHistory(tickMemoryBytes(config.query().tickMemoryMb())), config.portfolio());
            hot.restore(database, stored, config.portfolio());
            // Before the replay, which lowers it by the rows DuckDB does not hold yet.
            hot.earliestLocal().load(database, config.lifecycle().coldDir(dataDir));
            stages.done("hot tier");
            GapLog gapLog = new GapLog(RECENT_GAPS, registry);
            DedupeState dedupe = DedupeSnapshot.load(dataDir, gapLog);
            if (dedupe == null) {
                dedupe = DedupeFromDuckDb.migrate(database, stored, dataDir, gapLog);
            }
            dedupe.requireJournalFrom(journal);
            stages.done("deduplication");
            DedupeSnapshotSink dedupeSink = new DedupeSnapshotSink(dataDir, dedupe.copy(),
                    config.dedupe().snapshotIntervalSeconds(), DEDUPE_SNAPSHOT_MAX_MESSAGES);
            // One pass over the journal after the lower of the two indexes, each taking what it lacks.
            DedupeState replayDedupe = dedupe;
            long dedupeFrom = dedupe.journalIndex();
            HotTier replayInto = hot;
            long[] hotReplayed = {0, 0};
            long[] replayEnd = {Math.min(dedupeFrom, stored)};
            journal.replayAfter(replayEnd[0], (index, message) -> {
                replayEnd[0] = index;
                if (index > dedupeFrom) {
                    replayDedupe.apply(index, message);
                }
                if (index > stored) {
                    replayInto.apply(message, index);
                    hotReplayed[0]++;
                    if (++hotReplayed[1] == REPLAY_PUBLISH_EVERY) {
                        hotReplayed[1] = 0;
                        replayInto.publish();
                    }
                }
            });
            // A fill journaled without its order's new state (the process stopped between the two appends).
            IngestMessage fillState = new IngestMessage();
            long fillStateIndex = InterruptedFill.complete(journal, replayEnd[0], dedupe.orders(), fillState);
            if (fillStateIndex != Journal.NONE) {
                hot.apply(fillState, fillStateIndex);
            }
            hot.publish();
            stages.done("replay");
            long replayed = hotReplayed[0];
            Deduplicator deduplicator = dedupe.deduplicator();
            OrderBook orders = dedupe.orders();
            registerGauges(hot, registry);
            IngestGate gate = new IngestGate();
            BackpressureMonitor backpressure = new BackpressureMonitor(gate, hot::unstoredBytes,
                    config.hot().maxUnstoredMb() * 1024L * 1024L, registry);
            JournalSpace space = new JournalSpace(journal, config.journal().minFreeMb() * 1024L * 1024L);
            IngestPipeline pipeline = new IngestPipeline(config.pipeline(), journal, space, deduplicator, orders, hot,
                    gate, registry);
            ReaderPool readers = new ReaderPool(database, config.query().readerPoolSize(),
                    config.query().timeoutMillis());
            TickStore store = new TickStore(config, registry, database, journal, hot, pipeline, backpressure, readers,
                    gapLog, duckDb, dedupeSink, replayed, remoteCold);
            store.start();
            stages.done("start");
            LOG.info("store open: {} feeds known, DuckDB holds up to index {}, the deduplication snapshot up to {}; {} "
                    + "journal messages replayed into the hot tier; {}", deduplicator.feedCount(), stored, dedupeFrom,
                    replayed, stages);
            return store;
        } catch (Exception e) {
            if (hot != null) {
                hot.close();
            }
            closeQuietly(duckDb, journal, database, e);
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

    private void start() {
        pipeline.start();
        sinks.add(warm);
        sinks.add(dedupe);
        backpressure.watch(warm);
        backpressure.watch(dedupe);
        warm.start();
        dedupe.start();
        backpressure.start();
        trim.start();
        tickPreload.start();
        barPreload.start();
        if (config.portfolio().snapshotIntervalSeconds() > 0) {
            snapshots = new SnapshotSchedule(hot.portfolio(), hot::nextSnapshotAt, m -> pipeline.tryPublish(
                    new IngestMessage[] {m}, 1, IGNORED));
            snapshots.start();
        }
    }

    /** The outcome of a portfolio snapshot mark: nobody waits for it (a refused or failed one is logged by the pipeline). */
    private static final FrameCompletion IGNORED = new FrameCompletion() {
        @Override
        public void journaled(int accepted, int duplicates, long journalIndex) {
        }

        @Override
        public void rejected(MessageType type, String error) {
            LOG.warn("portfolio snapshot mark refused: {}", error);
        }

        @Override
        public void failed(String reason) {
            LOG.warn("portfolio snapshot mark not journaled: {}", reason);
        }
    };

    private static void registerGauges(HotTier hot, MeterRegistry registry) {
        Gauge.builder("tickstore.tick.memory.bytes", hot.ticks(), TickHistory::bytes)
                .description("bytes of ticks held in memory for tick queries").register(registry);
        Gauge.builder("tickstore.tick.memory.ticks", hot.ticks(), TickHistory::ticks)
                .description("ticks held in memory for tick queries").register(registry);
        Gauge.builder("tickstore.hot.unstored.bytes", hot, HotTier::unstoredBytes)
                .description("bytes the hot tier holds for messages DuckDB has not stored yet").register(registry);
        Gauge.builder("tickstore.hot.stored.index", hot, HotTier::storedIndex)
                .description("journal index DuckDB has stored up to, as the hot tier knows it").register(registry);
    }

    /**
     * Adds a sink (the lifecycle's cold tier, a PostgreSQL mirror): it tails the journal from its own
     * applied index on its own thread; a required one holds ingest back when it is more than its bound
     * behind, an optional one is marked failed instead. The journal keeps what it still needs.
     */
    public synchronized SinkRunner addSink(Sink sink, SinkOptions options) {
        if (closed) {
            throw new IllegalStateException("the store is closed");
        }
        for (SinkRunner s : sinks) {
            if (s.sink().name().equals(sink.name())) {
                throw new IllegalArgumentException("a sink named " + sink.name() + " is already running");
            }
        }
        SinkRunner runner = new SinkRunner(sink, options, journal, registry);
        sinks.add(runner);
        backpressure.watch(runner);
        runner.start();
        return runner;
    }

    /** Every sink's status, DuckDB first. */
    public List<SinkStatus> sinks() {
        List<SinkStatus> out = new ArrayList<>(sinks.size());
        for (SinkRunner s : sinks) {
            out.add(s.status());
        }
        return out;
    }

    /**
     * A new connection on the store's database, for another writer in this process (the lifecycle's
     * mover): DuckDB allows one database instance per file, so every writer shares it. The caller
     * closes it, before {@link #close}.
     */
    public DuckDBConnection connect() throws SQLException {
        return (DuckDBConnection) database.duplicate();
    }

    /** The DuckDB sink's runner. */
    public SinkRunner warm() {
        return warm;
    }

    /**
     * Waits until every sink has applied every message journaled so far (or the timeout); true when
     * they have. For tests, tools and a clean shutdown.
     */
    public boolean awaitStored(long timeout, TimeUnit unit) {
        long index = journal.lastIndex();
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        for (SinkRunner s : sinks) {
            long left = Math.max(0, deadline - System.nanoTime());
            if (!s.awaitApplied(index, left, TimeUnit.NANOSECONDS)) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@link #awaitStored}, but an optional sink that is retrying (its backend is down, e.g. PostgreSQL)
     * is not waited for: it resumes from its applied index at the next start, and shutdown is not held
     * up by an outage elsewhere.
     */
    private boolean awaitStoredAtClose(long timeout, TimeUnit unit) {
        long index = journal.lastIndex();
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        boolean all = true;
        for (SinkRunner s : sinks) {
            if (!s.options().required() && s.state() != SinkState.RUNNING) {
                LOG.info("not waiting for sink {} ({}): it resumes from index {} at the next start", s.sink().name(),
                        s.state().text, s.sink().appliedIndex());
                continue;
            }
            long left = Math.max(0, deadline - System.nanoTime());
            all &= s.awaitApplied(index, left, TimeUnit.NANOSECONDS);
        }
        return all;
    }

    /** Deletes the journal files no sink needs now (otherwise at start and every minute); for tests and tools. */
    int trimJournalNow() {
        return trim.trim();
    }

    /** Waits until the tick preload (if any) is done; for tests and tools. */
    public void awaitTickPreload(long timeout, TimeUnit unit) throws InterruptedException {
        tickPreload.await(timeout, unit);
    }

    /** Waits until the background bar preload (if any) is done; for tests and tools. */
    public void awaitBarPreload(long timeout, TimeUnit unit) throws InterruptedException {
        barPreload.await(timeout, unit);
    }

    /** A sink's own policy for holding back while ingest is busy (each sink keeps its own readings). */
    private static YieldToIngest yieldToIngest(HotTier hot, TickstoreConfig config) {
        return new YieldToIngest(hot::appliedIndex, hot::unstoredBytes, yieldBytes(config));
    }

    /** What the DuckDB sink may leave to the hot tier while ingest is busy: at most half its budget. */
    static long yieldBytes(TickstoreConfig config) {
        long mib = Math.min(config.warm().yieldToIngestMb(), config.hot().maxUnstoredMb() / 2L);
        return mib * 1024L * 1024L;
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

    public IngestPipeline pipeline() {
        return pipeline;
    }

    /** The hot tier: what queries and the live stream see. */
    public HotTier hot() {
        return hot;
    }

    /** The store-side readers: each answers a range from the tiers that hold it. */
    public StoreReaders read() {
        return storeReaders;
    }

    /** Recent bars in memory (the hot tier's). */
    public BarHistory barHistory() {
        return hot.bars();
    }

    /** The newest ticks, in memory (the hot tier's). */
    public TickHistory tickHistory() {
        return hot.ticks();
    }

    /** Latest quote per feed, from the hot tier. */
    public LatestQuotes quotes() {
        return hot.quotes();
    }

    /** Sets the one listener told what the hot tier makes queryable (live streams); null to remove. */
    public void setLiveListener(LiveListener listener) {
        hot.setListener(listener);
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

    /** Journal messages replayed into the hot tier during {@link #open}. */
    public long replayedAtOpen() {
        return replayed;
    }

    /**
     * Stops ingest (every acked frame is made queryable), lets every sink apply what is journaled (so a
     * restart replays nothing), then closes sinks, readers, journal and database. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (snapshots != null) {
            snapshots.close();
        }
        tickPreload.close();
        barPreload.close();
        pipeline.close();
        if (!awaitStoredAtClose(60, TimeUnit.SECONDS)) {
            LOG.warn("a sink did not catch up with the journal within 60 s; it resumes from its applied index at the "
                    + "next start");
        }
        backpressure.close();
        trim.close();
        for (SinkRunner s : sinks) {
            s.close();
            try {
                if (s != warm) {
                    s.sink().close();
                }
            } catch (Exception e) {
                LOG.warn("closing sink {}: {}", s.sink().name(), e.toString());
            }
        }
        hot.close();
        try {
            readers.close();
        } catch (SQLException e) {
            LOG.warn("closing reader connections: {}", e.getMessage());
        }
        closeQuietly((DuckDbSink) warm.sink(), journal, database, null);
    }

    private static void closeQuietly(DuckDbSink duckDb, Journal journal, DuckDBConnection db, Exception cause) {
        try {
            if (duckDb != null) {
                duckDb.close();
            }
        } catch (Exception e) {
            if (cause != null) {
                cause.addSuppressed(e);
            } else {
                LOG.warn("closing the DuckDB sink: {}", e.getMessage());
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

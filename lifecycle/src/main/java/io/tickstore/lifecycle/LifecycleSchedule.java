package io.tickstore.lifecycle;

import io.micrometer.core.instrument.MeterRegistry;
import io.tickstore.config.LifecycleConfig;
import io.tickstore.lifecycle.cold.LifecyclePass;
import io.tickstore.lifecycle.cold.MoveMetrics;
import io.tickstore.lifecycle.cold.Partition;
import io.tickstore.lifecycle.tiers.TierListing;
import io.tickstore.lifecycle.tiers.TierMetrics;
import io.tickstore.lifecycle.s3.S3Pass;
import io.tickstore.lifecycle.s3.S3Tier;
import io.tickstore.store.TickStore;
import io.tickstore.store.read.EarliestLocal;
import io.tickstore.store.read.HistoryTable;
import io.tickstore.store.sink.DaemonTimer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs lifecycle passes on their own thread ({@code tickstore-lifecycle}): one right after start-up
 * (which also finishes what a kill -9 interrupted: uncommitted files are deleted, due partitions move),
 * then every {@code lifecycle.interval_s}; and one on demand ({@code POST /api/v1/admin/lifecycle/run}),
 * unless one is running. After each pass the {@link TierMetrics} are refreshed. DuckDB work never runs
 * on an event loop.
 */
public final class LifecycleSchedule implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LifecycleSchedule.class);

    private final Connection connection;
    private final LifecyclePass pass;
    private final TierListing listing;
    private final TierMetrics tierMetrics;
    private final EarliestLocal earliest;
    private final DaemonTimer timer = new DaemonTimer("tickstore-lifecycle");
    private final LifecycleConfig config;
    private static final long FIRST_S3_BACKOFF_MS = 1000;
    /** Retries of passes whose S3 steps paused; one thread, so retries never overlap. */
    private final java.util.concurrent.ScheduledExecutorService retries =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "tickstore-lifecycle-s3-retry");
                t.setDaemon(true);
                return t;
            });
    /** Touched by the timer's and the retry thread's passes: one chain of retries at a time. */
    private volatile long s3Backoff = FIRST_S3_BACKOFF_MS;
    private volatile boolean retryScheduled;
    private volatile boolean closed;

    /** Held while a pass (or a dry run) uses the connection: a second one on demand is refused, not queued. */
    private final ReentrantLock running = new ReentrantLock();

    private LifecycleSchedule(Connection connection, LifecyclePass pass, LifecycleConfig config, EarliestLocal earliest,
                              TierListing listing, TierMetrics tierMetrics) {
        this.connection = connection;
        this.listing = listing;
        this.tierMetrics = tierMetrics;
        this.pass = pass;
        this.config = config;
        this.earliest = earliest;
    }

    /** Starts passes on {@code store}'s database (on a connection of its own), the first one now. */
    public static LifecycleSchedule start(TickStore store, LifecycleConfig config, Path dataDir, MeterRegistry registry)
            throws SQLException {
        return start(store, config, dataDir, registry, null);
    }

    /**
     * As {@link #start(TickStore, LifecycleConfig, Path, MeterRegistry)}, with the cold tier's S3 copy
     * ({@code s3}, or null): a pass whose S3 steps paused (S3 unreachable) is followed by retries with
     * backoff (1 s, doubling, at most {@code lifecycle.interval_s}) until one gets through.
     */
    public static LifecycleSchedule start(TickStore store, LifecycleConfig config, Path dataDir, MeterRegistry registry,
                                          S3Tier s3) throws SQLException {
        Connection connection = store.connect();
        LifecyclePass pass = new LifecyclePass(connection, config, config.coldDir(dataDir), Clock.systemUTC(),
                new MoveMetrics(registry), s3);
        LifecycleSchedule schedule = new LifecycleSchedule(connection, pass, config, store.read().earliestLocal(),
                new TierListing(config, dataDir.resolve(TickStore.DATABASE_FILE), Clock.systemUTC()),
                new TierMetrics(registry));
        schedule.timer.every(schedule::runQuietly, 0, config.intervalSeconds(), TimeUnit.SECONDS);
        LOG.info("lifecycle passes every {} s: days older than the newest {} move to {}", config.intervalSeconds(),
                config.warmDays(), config.coldDir(dataDir).toAbsolutePath());
        return schedule;
    }

    /** Runs one pass now, on the caller's thread (waits for a scheduled pass in progress). */
    public LifecyclePass.Result runNow() throws Exception {
        running.lock();
        try {
            return runAndMeasure();
        } finally {
            running.unlock();
        }
    }

    /** Runs one pass now on the caller's thread, or returns empty at once when one is running. */
    public Optional<LifecyclePass.Result> runUnlessRunning() throws Exception {
        if (!running.tryLock()) {
            return Optional.empty();
        }
        try {
            return Optional.of(runAndMeasure());
        } finally {
            running.unlock();
        }
    }

    /** What a pass now would move and drop, changing nothing; empty at once when a pass is running. */
    public Optional<DryRun> dryRunUnlessRunning() throws SQLException {
        if (!running.tryLock()) {
            return Optional.empty();
        }
        try {
            synchronized (pass) { // close() waits for it like for a pass
                return Optional.of(new DryRun(pass.due(), pass.retentionDue()));
            }
        } finally {
            running.unlock();
        }
    }

    /** What a pass would do now: the partitions it would move (oldest first) and those retention would drop. */
    public record DryRun(List<Partition> wouldMove, List<Partition> wouldDrop) {
    }

    /**
     * One pass, then the tier gauges; when retention dropped partitions, the earliest time the local
     * tiers hold of each table they were of moves on (hybrid reads then answer those days from PostgreSQL).
     */
    private LifecyclePass.Result runAndMeasure() throws Exception {
        LifecyclePass.Result r = pass.run();
        Set<HistoryTable> dropped = EnumSet.noneOf(HistoryTable.class);
        for (Partition p : r.dropped()) {
            HistoryTable t = HistoryTable.named(p.table().tableName());
            if (t != null) {
                dropped.add(t);
            }
        }
        if (!dropped.isEmpty()) {
            synchronized (pass) {
                for (HistoryTable t : dropped) {
                    earliest.reload(connection, t);
                }
            }
        }
        try {
            tierMetrics.update(listing.stored(connection));
        } catch (SQLException e) {
            LOG.warn("reading what each tier holds for the metrics: {}", e.getMessage());
        }
        return r;
    }

    private void runQuietly() {
        try {
            LifecyclePass.Result r = runNow();
            if (!r.moved().isEmpty() || !r.failed().isEmpty()) {
                LOG.info("lifecycle pass: {} partitions moved, {} failed", r.moved().size(), r.failed().size());
            }
        } catch (Exception | LinkageError e) {
            LOG.warn("lifecycle pass failed; the next one retries in {} s: {}", config.intervalSeconds(), e.toString());
        }
        S3Pass.Result s3 = pass.lastS3();
        if (s3 != null && s3.paused() && !closed && !retryScheduled) {
            retryScheduled = true;
            long delay = Math.min(s3Backoff, config.intervalSeconds() * 1000L);
            s3Backoff = Math.min(s3Backoff * 2, config.intervalSeconds() * 1000L);
            LOG.info("S3 paused ({}); retrying the pass in {} ms", s3.failure(), delay);
            retries.schedule(() -> {
                retryScheduled = false;
                runQuietly();
            }, delay, TimeUnit.MILLISECONDS);
        } else if (s3 != null && !s3.paused()) {
            s3Backoff = FIRST_S3_BACKOFF_MS;
        }
    }

    /** Stops the passes (a move in progress is abandoned: it rolls back) and closes the connection. */
    @Override
    public void close() {
        closed = true;
        retries.shutdownNow();
        timer.close();
        synchronized (pass) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.warn("closing the lifecycle connection: {}", e.getMessage());
            }
        }
    }
}

package io.tickstore.store.ticks;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills tick memory with the newest ticks DuckDB holds (after a restart memory starts empty: each feed
 * is answered from after its latest stored tick) on a background thread with its own connection, so
 * start-up does not wait (10M ticks took 23 s here). Late ticks applied meanwhile are merged.
 */
public final class TickPreload implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TickPreload.class);

    private final TickHistory memory;
    private final DuckDBConnection database;
    private final LongSupplier journaled;
    private final LongSupplier stored;
    private volatile boolean closing;
    private Thread thread;

    /**
     * @param journaled the journal's last index
     * @param stored    the index DuckDB has stored up to
     */
    public TickPreload(TickHistory memory, DuckDBConnection database, LongSupplier journaled, LongSupplier stored) {
        this.memory = memory;
        this.database = database;
        this.journaled = journaled;
        this.stored = stored;
    }

    public void start() {
        if (!memory.enabled() || memory.preloadRowLimit() == 0) {
            return;
        }
        thread = new Thread(this::run, "tickstore-tick-preload");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        long start = System.nanoTime();
        try (DuckDBConnection c = database.duplicate()) {
            memory.startPreload();
            // Every late tick kept before late ticks were collected for the preload must be in the snapshot read below.
            long until = journaled.getAsLong();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (stored.getAsLong() < until) {
                if (closing || System.nanoTime() > deadline) {
                    memory.endPreload();
                    return;
                }
                Thread.sleep(5);
            }
            long limit = memory.preloadRowLimit();
            try (PreparedStatement p = c.prepareStatement(TickHistory.PRELOAD_SQL)) {
                p.setLong(1, limit + 1);
                try (ResultSet rs = p.executeQuery()) {
                    long n = memory.preload(rs, limit, () -> closing);
                    LOG.info("tick memory: {} stored ticks loaded in {} ms", n, (System.nanoTime() - start) / 1_000_000);
                }
            }
        } catch (Exception e) {
            memory.endPreload();
            if (!closing) {
                LOG.warn("loading stored ticks into tick memory failed (queries read DuckDB): {}", e.toString());
            }
        }
    }

    /** Waits until the preload (if any) is done; for tests and tools. */
    public void await(long timeout, TimeUnit unit) throws InterruptedException {
        Thread t = thread;
        if (t != null) {
            t.join(unit.toMillis(timeout));
        }
    }

    @Override
    public void close() {
        closing = true;
        Thread t = thread;
        if (t != null) {
            try {
                t.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

package io.tickstore.store.ticks;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import io.tickstore.store.hot.BackgroundLoad;
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
    private final BackgroundLoad load;

    /**
     * @param journaled the journal's last index
     * @param stored    the index DuckDB has stored up to
     */
    public TickPreload(TickHistory memory, DuckDBConnection database, LongSupplier journaled, LongSupplier stored) {
        this.memory = memory;
        this.database = database;
        this.load = new BackgroundLoad("tickstore-tick-preload", journaled, stored);
    }

    public void start() {
        if (!memory.enabled() || memory.preloadRowLimit() == 0) {
            return;
        }
        load.start(this::run);
    }

    private void run() {
        long start = System.nanoTime();
        try (DuckDBConnection c = database.duplicate()) {
            memory.startPreload();
            // Every late tick kept before late ticks were collected for the preload must be in the snapshot read below.
            if (!load.awaitStored()) {
                memory.endPreload();
                return;
            }
            long limit = memory.preloadRowLimit();
            try (PreparedStatement p = c.prepareStatement(TickHistory.PRELOAD_SQL)) {
                p.setLong(1, limit + 1);
                try (ResultSet rs = p.executeQuery()) {
                    long n = memory.preload(rs, limit, load::closing);
                    LOG.info("tick memory: {} stored ticks loaded in {} ms", n, (System.nanoTime() - start) / 1_000_000);
                }
            }
        } catch (Exception e) {
            memory.endPreload();
            if (!load.closing()) {
                LOG.warn("loading stored ticks into tick memory failed (queries read DuckDB): {}", e.toString());
            }
        }
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

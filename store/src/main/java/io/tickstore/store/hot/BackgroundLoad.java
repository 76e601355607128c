package io.tickstore.store.hot;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A load of stored rows into the hot tier's memory after start-up, on its own daemon thread so that
 * {@code /ready} does not wait for it (the tick and bar preloads). It reads only once DuckDB holds
 * everything journaled when it began ({@link #awaitStored}), and stops early on {@link #close}.
 */
public final class BackgroundLoad implements AutoCloseable {
    private static final long STORED_WAIT_NANOS = TimeUnit.MINUTES.toNanos(5);

    private final String threadName;
    private final LongSupplier journaled;
    private final LongSupplier stored;
    private volatile boolean closing;
    private Thread thread;

    /**
     * @param journaled the journal's last index
     * @param stored    the index DuckDB has stored up to
     */
    public BackgroundLoad(String threadName, LongSupplier journaled, LongSupplier stored) {
        this.threadName = threadName;
        this.journaled = journaled;
        this.stored = stored;
    }

    /** Runs {@code load} on the load's thread. */
    public void start(Runnable load) {
        thread = new Thread(load, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether {@link #close} was called: the load should stop. */
    public boolean closing() {
        return closing;
    }

    /**
     * Load thread: waits until DuckDB has stored everything journaled now (at most 5 minutes); false
     * when closed or timed out first.
     */
    public boolean awaitStored() throws InterruptedException {
        long until = journaled.getAsLong();
        long deadline = System.nanoTime() + STORED_WAIT_NANOS;
        while (stored.getAsLong() < until) {
            if (closing || System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /** Waits until the load (if started) is done; for tests and tools. */
    public void await(long timeout, TimeUnit unit) throws InterruptedException {
        Thread t = thread;
        if (t != null) {
            t.join(unit.toMillis(timeout));
        }
    }

    /** Asks the load to stop and waits for it (at most 30 s). */
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

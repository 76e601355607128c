package io.tickstore.store.sink;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One named daemon thread running a task at a fixed delay, for the store's background chores
 * (journal trimming, backpressure checks, snapshot marks); {@link #close} stops it and waits.
 */
public final class DaemonTimer implements AutoCloseable {
    private final ScheduledExecutorService executor;

    public DaemonTimer(String threadName) {
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code task} after {@code initial}, then {@code delay} after each run ends. */
    public void every(Runnable task, long initial, long delay, TimeUnit unit) {
        executor.scheduleWithFixedDelay(task, initial, delay, unit);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

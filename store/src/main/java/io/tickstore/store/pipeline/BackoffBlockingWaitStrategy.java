package io.tickstore.store.pipeline;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.WaitStrategy;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Blocks until the publisher has published (signalled only when someone waits, with a timeout so
 * the store writer can commit when traffic stops), then — for a handler that runs behind another —
 * waits for that handler with a backoff: a few spins, a few yields, then short parks.
 *
 * <p>The Disruptor's blocking strategies busy-spin in that second wait. Here the store writer runs
 * behind the journaller, so it spun for as long as the journaller worked on a frame — most of a core
 * at 50,000 one-message frames a second, on a machine where the event loops and the journaller
 * need it. The writer commits in groups anyway, so a few microseconds of park cost nothing.
 */
final class BackoffBlockingWaitStrategy implements WaitStrategy {
    private static final int SPINS = 100;
    private static final int YIELDS = 20;
    private static final long PARK_NANOS = 20_000;

    private final Object mutex = new Object();
    private final AtomicBoolean signalNeeded = new AtomicBoolean();
    private final long timeoutNanos;

    BackoffBlockingWaitStrategy(long timeout, TimeUnit unit) {
        this.timeoutNanos = unit.toNanos(timeout);
    }

    @Override
    public long waitFor(long sequence, Sequence cursor, Sequence dependentSequence, SequenceBarrier barrier)
            throws AlertException, InterruptedException, TimeoutException {
        if (cursor.get() < sequence) {
            long deadline = System.nanoTime() + timeoutNanos;
            synchronized (mutex) {
                while (cursor.get() < sequence) {
                    signalNeeded.set(true);
                    barrier.checkAlert();
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw TimeoutException.INSTANCE;
                    }
                    TimeUnit.NANOSECONDS.timedWait(mutex, left);
                }
            }
        }
        long available;
        int tries = 0;
        while ((available = dependentSequence.get()) < sequence) {
            barrier.checkAlert();
            tries++;
            if (tries < SPINS) {
                Thread.onSpinWait();
            } else if (tries < SPINS + YIELDS) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(PARK_NANOS);
            }
        }
        return available;
    }

    @Override
    public void signalAllWhenBlocking() {
        if (signalNeeded.getAndSet(false)) {
            synchronized (mutex) {
                mutex.notifyAll();
            }
        }
    }
}

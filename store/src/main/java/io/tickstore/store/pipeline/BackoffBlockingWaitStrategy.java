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
 * The journaller blocks until the publisher has published (signalled only when someone waits, with a
 * timeout so that a handler can act when traffic stops). A handler behind another (the hot applier
 * behind the journaller) is not woken by publishes: it spins briefly, then parks until the handler
 * ahead calls {@link #signalDependents} after a batch (the journaller does), so a publish wakes one
 * thread, not two, and the applier never spins or yields while the journaller works on a frame.
 *
 * <p>The Disruptor's blocking strategies busy-spin in that second wait. Here the hot applier runs
 * behind the journaller, so it spun for as long as the journaller worked on a frame — most of a core
 * at 50,000 one-message frames a second, on a machine where the event loops and the journaller need
 * it. Without a signal (a handler ahead that does not call {@link #signalDependents}) the dependent
 * still wakes every {@link #IN_FLIGHT_PARK_NANOS} while published work is ahead of it, and at the
 * timeout otherwise.
 */
final class BackoffBlockingWaitStrategy implements WaitStrategy {
    private static final int SPINS = 100;
    /** The longest a dependent handler parks while the handler ahead has published work to finish. */
    static final long IN_FLIGHT_PARK_NANOS = 200_000;

    private final Object mutex = new Object();
    private final AtomicBoolean signalNeeded = new AtomicBoolean();
    private final AtomicBoolean dependentSignalNeeded = new AtomicBoolean();
    private volatile Thread dependentWaiter;
    private final long timeoutNanos;

    BackoffBlockingWaitStrategy(long timeout, TimeUnit unit) {
        this.timeoutNanos = unit.toNanos(timeout);
    }

    @Override
    public long waitFor(long sequence, Sequence cursor, Sequence dependentSequence, SequenceBarrier barrier)
            throws AlertException, InterruptedException, TimeoutException {
        if (dependentSequence != cursor) {
            return waitBehindHandler(sequence, cursor, dependentSequence, barrier);
        }
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
        return cursor.get();
    }

    /** A handler behind another: spins a little, then parks until {@link #signalDependents} or its bound. */
    private long waitBehindHandler(long sequence, Sequence cursor, Sequence dependent, SequenceBarrier barrier)
            throws AlertException, TimeoutException {
        long available = dependent.get();
        if (available >= sequence) {
            return available;
        }
        long deadline = System.nanoTime() + timeoutNanos;
        int tries = 0;
        while ((available = dependent.get()) < sequence) {
            barrier.checkAlert();
            if (tries < SPINS) {
                tries++;
                Thread.onSpinWait();
                continue;
            }
            dependentWaiter = Thread.currentThread();
            dependentSignalNeeded.set(true);
            if ((available = dependent.get()) >= sequence) {
                return available;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw TimeoutException.INSTANCE;
            }
            LockSupport.parkNanos(this, cursor.get() >= sequence ? Math.min(left, IN_FLIGHT_PARK_NANOS) : left);
            tries = 0;
        }
        return available;
    }

    /** The handler ahead, after its sequence moved: wakes a parked dependent handler, if one waits. */
    void signalDependents() {
        if (dependentSignalNeeded.getAndSet(false)) {
            Thread t = dependentWaiter;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
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

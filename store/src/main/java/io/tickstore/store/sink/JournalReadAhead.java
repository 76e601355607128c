package io.tickstore.store.sink;

import io.tickstore.store.journal.Journal;
import io.tickstore.store.journal.JournalCursor;
import io.tickstore.store.model.IngestMessage;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and decodes a sink's journal ahead of it on a thread of its own, so that a sink catching up
 * applies one chunk of messages while the next is read (on two processors, decoding no longer adds to
 * the sink's time). Chunks of pre-allocated messages go round between the reader and the sink's
 * runner: at most {@link #CHUNKS} × {@link #CHUNK} messages are read ahead.
 *
 * <p>The reader owns its {@link JournalCursor} (a Chronicle tailer is confined to the thread that
 * made it): it opens it after the given index, and a {@link #restartAfter} stops the reader and starts
 * a new one there. {@link #caughtUp()} is true while the reader has handed over everything the journal
 * held at its last look; then an empty hand-over queue means "nothing more for now".
 *
 * <p>Runner-side methods ({@link #poll}, {@link #recycle}, {@link #restartAfter}, {@link #close}): the
 * runner's thread only.
 */
final class JournalReadAhead implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JournalReadAhead.class);
    static final int CHUNK = 2048;
    static final int CHUNKS = 4;
    /** How long the reader waits before it looks again once it has read everything. */
    private static final long CAUGHT_UP_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /**
     * The longest it waits between looks while the journal stays as it was: each look that finds nothing
     * doubles the wait up to this, each that finds something sets it back to {@link #CAUGHT_UP_PARK_NANOS}
     * (an idle store's readers then wake ~100 times a second instead of ~900).
     */
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /**
     * How long it waits at most for the runner to hand a chunk back when all are full (a hand-back
     * wakes it at once; the bound is how soon it sees a stop).
     */
    private static final long FULL_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    /** Messages read ahead, in journal order, with their indexes. */
    static final class Chunk {
        final IngestMessage[] messages = new IngestMessage[CHUNK];
        final long[] indexes = new long[CHUNK];
        int size;

        Chunk() {
            for (int i = 0; i < CHUNK; i++) {
                messages[i] = new IngestMessage();
            }
        }
    }

    private final Journal journal;
    private final String threadName;
    private final ArrayBlockingQueue<Chunk> free = new ArrayBlockingQueue<>(CHUNKS);
    private final ArrayBlockingQueue<Chunk> filled = new ArrayBlockingQueue<>(CHUNKS);
    private volatile boolean caughtUp;
    private volatile boolean running;
    private volatile RuntimeException failure;
    private Thread reader;

    /** Starts reading after {@code index} ({@link Journal#NONE}: from the start). */
    JournalReadAhead(Journal journal, long index, String threadName) {
        this.journal = journal;
        this.threadName = threadName;
        for (int i = 0; i < CHUNKS; i++) {
            free.add(new Chunk());
        }
        start(index);
    }

    private void start(long index) {
        caughtUp = false;
        failure = null;
        running = true;
        reader = new Thread(() -> read(index), threadName);
        reader.setDaemon(true);
        reader.start();
    }

    private void read(long index) {
        Chunk chunk = null;
        long park = CAUGHT_UP_PARK_NANOS;
        try (JournalCursor cursor = journal.cursorAfter(index)) {
            while (running) {
                // Waits for a hand-back rather than looking again every so often: a sink held back
                // while ingest is busy keeps all its chunks full for up to a minute, and a reader
                // polling meanwhile woke thousands of times a second on processors the ingest needs.
                chunk = free.poll(FULL_WAIT_NANOS, TimeUnit.NANOSECONDS);
                if (chunk == null) {
                    continue;
                }
                int n = 0;
                while (n < CHUNK && cursor.next(chunk.messages[n])) {
                    chunk.indexes[n++] = cursor.index();
                }
                chunk.size = n;
                if (n > 0) {
                    filled.add(chunk); // never full: CHUNKS chunks in all
                } else {
                    free.add(chunk);
                }
                chunk = null;
                if (n > 0) {
                    park = CAUGHT_UP_PARK_NANOS; // messages flow: look again soon
                }
                if (n < CHUNK) {
                    // Everything the journal held is handed over: an empty queue now means the end.
                    caughtUp = true;
                    LockSupport.parkNanos(park);
                    caughtUp = false;
                    if (n == 0) {
                        park = Math.min(park * 2, IDLE_PARK_NANOS);
                    }
                }
            }
        } catch (InterruptedException e) {
            // Nothing here interrupts the reader; if something does, the runner must not wait for a
            // reader that is gone: it is a failure like any other (the runner restarts the reader).
            if (running) {
                failure = new IllegalStateException("the journal reader was interrupted", e);
            }
        } catch (RuntimeException | Error e) {
            LOG.warn("{}: reading the journal ahead failed: {}", threadName, e.toString());
            if (chunk != null) {
                recycle(chunk); // the one it was filling: the next reader has all of them again
            }
            failure = e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    /**
     * Runner: the next chunk read ahead, waiting up to {@code nanos} (0: not at all) for the reader to
     * hand one over (a hand-over wakes it at once); null when none came (the reader may be reading
     * one: see {@link #caughtUp()}).
     */
    Chunk poll(long nanos) {
        try {
            return filled.poll(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * What stopped the reader (it hands over nothing more until {@link #restartAfter}), or null. Once it
     * is set, the chunks it handed over before are all in the queue.
     */
    RuntimeException failure() {
        return failure;
    }

    /** Whether the reader has handed over everything the journal held at its last look. */
    boolean caughtUp() {
        return caughtUp;
    }

    /** Runner (or the reader, for the chunk it held when it failed): a chunk whose messages are no longer used. */
    void recycle(Chunk chunk) {
        chunk.size = 0;
        free.add(chunk);
    }

    /** Runner: stops the reader, drops what it read ahead ({@code held}, if not null, too) and reads again after {@code index}. */
    void restartAfter(long index, Chunk held) {
        stop();
        if (held != null) {
            recycle(held);
        }
        for (Chunk c; (c = filled.poll()) != null; ) {
            recycle(c);
        }
        start(index);
    }

    private void stop() {
        running = false;
        LockSupport.unpark(reader);
        boolean interrupted = false;
        while (reader.isAlive()) {
            try {
                reader.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }
}

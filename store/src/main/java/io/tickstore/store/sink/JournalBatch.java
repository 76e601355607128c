package io.tickstore.store.sink;

import io.tickstore.store.journal.Journal;
import io.tickstore.store.model.IngestMessage;
import java.util.concurrent.locks.LockSupport;

/**
 * The messages one {@link Sink#apply} call takes: read ahead from the journal on the runner's reader
 * thread ({@link JournalReadAhead}), up to a limit or until the journal holds nothing more. Runner
 * thread only.
 */
public final class JournalBatch {
    /** How long {@link #next} waits for the reader while it is reading a chunk. */
    private static final long WAIT_NANOS = 20_000;

    private final JournalReadAhead ahead;
    private JournalReadAhead.Chunk chunk;
    private int position;
    private IngestMessage message;
    private int limit;
    private int size;
    private long lastIndex = Journal.NONE;
    private boolean exhausted;

    JournalBatch(JournalReadAhead ahead) {
        this.ahead = ahead;
    }

    /**
     * Runner: whether a message is ready ahead of a batch (what wakes the runner up), waiting up to
     * {@code waitNanos} for the reader to hand one over. It becomes the first message of the next batch.
     */
    boolean readAhead(long waitNanos) {
        if (chunk != null && position < chunk.size) {
            return true;
        }
        // A reader that failed wakes the runner up too (within the wait): the batch's next() throws its failure.
        return nextChunk(waitNanos) || ahead.failure() != null;
    }

    /**
     * Gives the chunk read to its end back and takes the next one handed over, waiting up to
     * {@code waitNanos} for it; false when none came.
     */
    private boolean nextChunk(long waitNanos) {
        if (chunk != null) {
            ahead.recycle(chunk);
            chunk = null;
        }
        chunk = ahead.poll(waitNanos);
        position = 0;
        return chunk != null;
    }

    /** Runner: starts a batch of at most {@code limit} messages. */
    void begin(int limit) {
        this.limit = limit;
        this.size = 0;
        this.lastIndex = Journal.NONE;
        this.exhausted = false;
    }

    /**
     * Moves to the batch's next message; false at the end of the batch (the limit reached, or the
     * journal holds nothing more for now).
     */
    public boolean next() {
        if (size == limit) {
            return false;
        }
        while (chunk == null || position == chunk.size) {
            // Read the reader's state before the queue: a chunk it handed over before saying so is seen.
            boolean caughtUp = ahead.caughtUp();
            RuntimeException failure = ahead.failure();
            if (!nextChunk(0)) {
                if (failure != null) {
                    throw new IllegalStateException("reading the journal failed: " + failure, failure);
                }
                if (caughtUp) {
                    exhausted = true;
                    return false;
                }
                LockSupport.parkNanos(WAIT_NANOS);
            }
        }
        message = chunk.messages[position];
        lastIndex = chunk.indexes[position];
        position++;
        size++;
        return true;
    }

    /**
     * The current message: valid until the batch ends or a few thousand {@link #next} calls later (copy
     * what must outlive the batch).
     */
    public IngestMessage message() {
        return message;
    }

    /** The current message's journal index. */
    public long index() {
        return lastIndex;
    }

    /** The index of the last message read so far (after the loop: the batch's last message). */
    public long lastIndex() {
        return lastIndex;
    }

    /** Messages read so far. */
    public int size() {
        return size;
    }

    /** Whether the batch ended because the journal held nothing more (the sink caught up). */
    boolean reachedEnd() {
        return exhausted;
    }

    /** Runner, after a failed apply: the next batch starts again right after {@code appliedIndex}. */
    void rewindAfter(long appliedIndex) {
        JournalReadAhead.Chunk held = chunk;
        chunk = null;
        position = 0;
        ahead.restartAfter(appliedIndex, held);
    }
}

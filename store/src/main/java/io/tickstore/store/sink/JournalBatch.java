package io.tickstore.store.sink;

import io.tickstore.store.journal.Journal;
import io.tickstore.store.journal.JournalCursor;
import io.tickstore.store.model.IngestMessage;

/**
 * The messages one {@link Sink#apply} call takes: read lazily from the journal, one at a time into a
 * reused holder, up to a limit or until the journal holds nothing more. Runner thread only.
 */
public final class JournalBatch {
    private final JournalCursor cursor;
    private final IngestMessage message = new IngestMessage();
    private boolean readAhead;
    private long readAheadIndex = Journal.NONE;
    private int limit;
    private int size;
    private long lastIndex = Journal.NONE;
    private boolean exhausted;

    JournalBatch(JournalCursor cursor) {
        this.cursor = cursor;
    }

    /**
     * Runner: reads the next message ahead of a batch (what wakes the runner up); true when there was
     * one. It becomes the first message of the next batch.
     */
    boolean readAhead() {
        if (readAhead) {
            return true;
        }
        if (cursor.next(message)) {
            readAhead = true;
            readAheadIndex = cursor.index();
            return true;
        }
        return false;
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
        if (readAhead) {
            readAhead = false;
            lastIndex = readAheadIndex;
            size++;
            return true;
        }
        if (!cursor.next(message)) {
            exhausted = true;
            return false;
        }
        lastIndex = cursor.index();
        size++;
        return true;
    }

    /** The current message (a reused holder: copy what must outlive the next {@link #next}). */
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

    /** After the loop: whether the batch ended because the journal held nothing more (the sink caught up). */
    public boolean reachedEnd() {
        return exhausted;
    }

    /** Runner, after a failed apply: the next batch starts again right after {@code appliedIndex}. */
    void rewindAfter(long appliedIndex) {
        readAhead = false;
        cursor.rewindAfter(appliedIndex);
    }
}

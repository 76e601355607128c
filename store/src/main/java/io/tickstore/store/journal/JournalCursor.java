package io.tickstore.store.journal;

import io.tickstore.store.model.IngestMessage;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Reads the journal forward from a position, one message at a time, for one consumer on one thread
 * (a sink's runner, start-up replay). Decodes into the caller's holder; repeated strings come from a
 * per-cursor cache ({@link JournalText}). Not thread-safe.
 */
public final class JournalCursor implements AutoCloseable {
    private final Journal journal;
    private final ExcerptTailer tailer;
    private final JournalText text = new JournalText();
    private long index = Journal.NONE;

    JournalCursor(Journal journal, ExcerptTailer tailer) {
        this.journal = journal;
        this.tailer = tailer;
    }

    /**
     * Reads the next message into {@code into}; false (and {@code into} untouched) when the journal
     * holds no further message yet.
     */
    public boolean next(IngestMessage into) {
        try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent()) {
                return false;
            }
            JournalCodec.read(dc.wire().bytes(), into, text);
            index = dc.index();
            return true;
        }
    }

    /** The index of the message the last successful {@link #next} read, or {@link Journal#NONE}. */
    public long index() {
        return index;
    }

    /** Moves back (or forward) so the next read is the message after {@code appliedIndex}. */
    public void rewindAfter(long appliedIndex) {
        journal.positionAfter(tailer, appliedIndex);
        index = appliedIndex;
    }

    @Override
    public void close() {
        tailer.close();
    }
}

package io.tickstore.store.journal;

import io.tickstore.config.JournalRollCycle;
import io.tickstore.store.model.IngestMessage;
import java.nio.file.Path;
import net.openhft.chronicle.core.io.BackgroundResourceReleaser;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * The durability point: an append-only Chronicle Queue of ingest messages. A message is durable
 * (survives the process being killed) once {@link #append} returns. Indexes are Chronicle indexes:
 * increasing, not contiguous across roll cycles; {@link #NONE} means "before the first message".
 *
 * <p>{@link #append} is called from one thread only (the journaller); {@link #replayAfter} from any
 * thread before the journaller starts.
 */
public final class Journal implements AutoCloseable {
    public static final long NONE = -1L;

    private final ChronicleQueue queue;
    private final Path dir;
    private ExcerptAppender appender;

    private Journal(ChronicleQueue queue, Path dir) {
        this.queue = queue;
        this.dir = dir;
    }

    public static Journal open(Path dir, JournalRollCycle rollCycle) {
        ChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir.toFile())
                .rollCycle(rollCycle == JournalRollCycle.HOURLY ? RollCycles.FAST_HOURLY : RollCycles.FAST_DAILY)
                .build();
        return new Journal(queue, dir);
    }

    public Path dir() {
        return dir;
    }

    /** Appends one message; returns its index. Journaller thread only. */
    public long append(IngestMessage message) {
        ExcerptAppender a = appender;
        if (a == null) {
            a = appender = queue.createAppender();
        }
        try (DocumentContext dc = a.writingDocument()) {
            JournalCodec.write(message, dc.wire().bytes());
        }
        return a.lastIndexAppended();
    }

    /** The index of the last message, or {@link #NONE} if the journal is empty. */
    public long lastIndex() {
        long last = queue.lastIndex();
        return last < 0 ? NONE : last;
    }

    /** The index of the first message still held, or {@link #NONE} if the journal is empty. */
    public long firstIndex() {
        long first = queue.firstIndex();
        return first == Long.MAX_VALUE || first < 0 || lastIndex() == NONE ? NONE : first;
    }

    /**
     * Feeds every message after {@code index} to {@code handler}, in order, reusing one holder.
     * Returns the number of messages replayed.
     *
     * @throws IllegalStateException when the journal does not hold {@code index} although it holds
     *         later messages (it was truncated or replaced), so replay cannot be exact.
     */
    public long replayAfter(long index, Handler handler) throws Exception {
        IngestMessage message = new IngestMessage();
        long count = 0;
        try (ExcerptTailer tailer = queue.createTailer()) {
            if (index == NONE || index < firstIndex()) {
                tailer.toStart();
            } else if (tailer.moveToIndex(index)) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent() || dc.index() != index) {
                        throw new IllegalStateException("journal in " + dir + " has no message at index " + index);
                    }
                }
            } else {
                throw new IllegalStateException("journal in " + dir + " has no message at index " + index
                        + " (first " + firstIndex() + ", last " + lastIndex() + ")");
            }
            while (true) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        break;
                    }
                    JournalCodec.read(dc.wire().bytes(), message);
                    handler.onMessage(dc.index(), message);
                    count++;
                }
            }
        }
        return count;
    }

    /**
     * Closes the queue and waits for Chronicle to release its files: Chronicle hands the unmapping
     * and closing of a queue's files to a background thread, so without the wait a queue reopened
     * (or its directory replaced) right after close could still race with the old one's release.
     */
    @Override
    public void close() {
        if (appender != null) {
            appender.close();
        }
        queue.close();
        BackgroundResourceReleaser.releasePendingResources();
    }

    /** Receives replayed messages; the holder is reused, so copy what must outlive the call. */
    @FunctionalInterface
    public interface Handler {
        void onMessage(long index, IngestMessage message) throws Exception;
    }
}

package io.tickstore.store.journal;

import io.tickstore.config.JournalRollCycle;
import io.tickstore.store.model.IngestMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import net.openhft.chronicle.core.io.BackgroundResourceReleaser;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * The durability point: an append-only Chronicle Queue of ingest messages. A message is durable
 * (survives the process being killed) once {@link #append} returns. Indexes are Chronicle indexes:
 * increasing, not contiguous across roll cycles; {@link #NONE} means "before the first message".
 *
 * <p>{@link #append} is called from one thread only (the journaller; start-up may append before the
 * journaller starts, then {@link #releaseAppender releases} its appender); {@link #replayAfter} from any
 * thread before the journaller starts.
 */
public final class Journal implements AutoCloseable {
    public static final long NONE = -1L;

    private final ChronicleQueue queue;
    private final Path dir;
    private ExcerptAppender appender;
    /**
     * The index of the last message this instance appended ({@link #NONE} before its first): the
     * journaller is the journal's only writer, so once it has appended this is the last index, and
     * {@link #lastIndex} reads it instead of asking Chronicle, which opens a tailer on every call
     * (the backpressure check and the sink lag gauges ask hundreds of times a second).
     */
    private volatile long lastAppended = NONE;
    /** Bytes of messages this instance appended (not counting Chronicle's headers and indexes). */
    private long bytesAppended;

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

    /** Chronicle's length-and-flags word in front of each message. */
    private static final int DOCUMENT_HEADER_BYTES = 4;

    /** Bytes this instance appended so far (message bodies and their headers). Journaller thread only. */
    public long bytesAppended() {
        return bytesAppended;
    }

    public Path dir() {
        return dir;
    }

    /** The Chronicle queue itself, for {@link JournalCopy}. */
    ChronicleQueue queue() {
        return queue;
    }

    /** Appends one message journaled now; returns its index. Journaller thread only. */
    public long append(IngestMessage message) {
        return append(message, System.currentTimeMillis() * 1000);
    }

    /**
     * Appends one message, recording {@code journaledAt} (epoch micros: the journaller's clock when it
     * took the message's frame) with it; returns its index. Journaller thread only.
     */
    public long append(IngestMessage message, long journaledAt) {
        ExcerptAppender a = appender;
        if (a == null) {
            a = appender = queue.createAppender();
        }
        try (DocumentContext dc = a.writingDocument()) {
            net.openhft.chronicle.bytes.Bytes<?> bytes = dc.wire().bytes();
            long start = bytes.writePosition();
            JournalCodec.write(message, journaledAt, bytes);
            bytesAppended += bytes.writePosition() - start + DOCUMENT_HEADER_BYTES;
        }
        long index = a.lastIndexAppended();
        lastAppended = index;
        return index;
    }

    /**
     * Closes the appender this thread used, so that the next append opens its own: Chronicle's
     * appenders belong to one thread. Start-up calls it after appending before the journaller runs.
     */
    public void releaseAppender() {
        if (appender != null) {
            appender.close();
            appender = null;
        }
    }

    /**
     * Reads message {@code index} into {@code into}.
     *
     * @throws IllegalStateException when the journal does not hold it
     */
    public void read(long index, IngestMessage into) {
        try (ExcerptTailer tailer = queue.createTailer()) {
            if (!readAt(tailer, index, into)) {
                throw noMessageAt(index);
            }
        }
    }

    /** The index of the last message, or {@link #NONE} if the journal is empty. */
    public long lastIndex() {
        long appended = lastAppended;
        if (appended != NONE) {
            return appended;
        }
        long last = queue.lastIndex();
        return last < 0 ? NONE : last;
    }

    /** The index of the first message still held, or {@link #NONE} if the journal is empty. */
    public long firstIndex() {
        long first = queue.firstIndex();
        return first == Long.MAX_VALUE || first < 0 || lastIndex() == NONE ? NONE : first;
    }

    /**
     * Deletes the roll-cycle files more than {@code keep} cycles older than the cycle of
     * {@code appliedIndex} (the last message committed to DuckDB, so every message in them is
     * stored). Returns how many files were deleted. Replay after {@code appliedIndex} needs none of
     * them. Safe while the journaller appends (Chronicle's directory listing is refreshed).
     */
    public synchronized int deleteCyclesBefore(long appliedIndex, int keep) {
        if (appliedIndex == NONE || keep < 0) {
            return 0;
        }
        SingleChronicleQueue q = (SingleChronicleQueue) queue;
        RollCycle rollCycle = q.rollCycle();
        int cutoff = rollCycle.toCycle(appliedIndex) - keep; // cycles before this one go
        int first = q.firstCycle();
        if (first == Integer.MAX_VALUE || first >= cutoff) {
            return 0;
        }
        DateTimeFormatter names = DateTimeFormatter.ofPattern(rollCycle.format()).withZone(ZoneOffset.UTC);
        int deleted = 0;
        try {
            for (int cycle = first; cycle < cutoff; cycle++) {
                String name = names.format(Instant.ofEpochMilli(q.epoch() + (long) cycle * rollCycle.lengthInMillis()));
                if (Files.deleteIfExists(dir.resolve(name + SingleChronicleQueue.SUFFIX))) {
                    deleted++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("deleting applied journal cycles in " + dir, e);
        } finally {
            if (deleted > 0) {
                q.refreshDirectoryListing();
            }
        }
        return deleted;
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
        try (JournalCursor cursor = cursorAfter(index)) {
            while (cursor.next(message)) {
                handler.onMessage(cursor.index(), message);
                count++;
            }
        }
        return count;
    }

    /**
     * A reader positioned just after {@code index} ({@link #NONE}: at the start), for a consumer that
     * tails the journal at its own pace on its own thread. The caller closes it.
     *
     * @throws IllegalStateException when the journal does not hold {@code index} although it holds
     *         later messages (it was truncated or replaced)
     */
    public JournalCursor cursorAfter(long index) {
        ExcerptTailer tailer = queue.createTailer();
        try {
            positionAfter(tailer, index);
        } catch (RuntimeException e) {
            tailer.close();
            throw e;
        }
        return new JournalCursor(this, tailer);
    }

    /** Moves {@code tailer} so that its next read is the message after {@code index}. */
    void positionAfter(ExcerptTailer tailer, long index) {
        if (index == NONE || index < firstIndex()) {
            tailer.toStart();
            return;
        }
        if (!readAt(tailer, index, null)) {
            throw noMessageAt(index);
        }
    }

    /**
     * Moves {@code tailer} to message {@code index} and reads it, decoding it into {@code into} unless
     * null; the tailer is then just after it. False when the journal does not hold that message.
     */
    private static boolean readAt(ExcerptTailer tailer, long index, IngestMessage into) {
        if (!tailer.moveToIndex(index)) {
            return false;
        }
        try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent() || dc.index() != index) {
                return false;
            }
            if (into != null) {
                JournalCodec.read(dc.wire().bytes(), into);
            }
            return true;
        }
    }

    private IllegalStateException noMessageAt(long index) {
        return new IllegalStateException("journal in " + dir + " has no message at index " + index
                + " (first " + firstIndex() + ", last " + lastIndex() + ")");
    }

    /** The number of messages after {@code index} up to the last one (0 when {@code index} is the last). */
    public long countAfter(long index) {
        long last = lastIndex();
        if (last == NONE || index >= last) {
            return 0;
        }
        RollCycle cycle = queue.rollCycle();
        if (index != NONE && cycle.toCycle(index) == cycle.toCycle(last)) {
            // one cycle numbers its messages without gaps: no need for Chronicle's count, which opens the
            // cycle's store on every call
            return cycle.toSequenceNumber(last) - cycle.toSequenceNumber(index);
        }
        long from = index == NONE || index < firstIndex() ? firstIndex() : index;
        long n = ((SingleChronicleQueue) queue).countExcerpts(from, last);
        // countExcerpts counts [from, last): from is the applied message (not lagging), last is.
        return index == NONE || index < firstIndex() ? n + 1 : n;
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

package io.tickstore.store.journal;

import io.tickstore.config.JournalRollCycle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongConsumer;
import net.openhft.chronicle.core.io.BackgroundResourceReleaser;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.InternalAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Copies a stretch of a journal into a new journal directory, message by message, keeping every
 * message's index: what a backup takes while the journaller appends (a raw copy of the cycle file
 * being written could catch a half-written message), and what a point-in-time restore keeps.
 *
 * <p>Chronicle writes a message at a given index only as the next one of its cycle, so the copy
 * starts at the first message of the cycle holding {@code from} and takes every message up to
 * {@code upTo} (the messages at or before it): the copy holds {@code from} itself (start-up positions there) and the indexes after it.
 */
public final class JournalCopy {
    private JournalCopy() {
    }

    /** The roll cycle {@code journal} was written with. */
    public static JournalRollCycle rollCycle(Journal journal) {
        RollCycle cycle = ((SingleChronicleQueue) journal.queue()).rollCycle();
        return cycle.lengthInMillis() < 86_400_000L ? JournalRollCycle.HOURLY : JournalRollCycle.DAILY;
    }

    /** What was copied: the first and last index ({@link Journal#NONE} when nothing) and the count. */
    public record Copied(long firstIndex, long lastIndex, long messages) {
    }

    /**
     * Copies the messages of {@code source} from the start of the cycle holding {@code from}
     * ({@link Journal#NONE}, or an index before the journal's first: from its first message) up to and
     * including {@code upTo} into a new journal in {@code dest} (which must not hold a journal yet).
     * {@code progress} is told the count copied so far, now and then.
     *
     * @throws IllegalStateException when the source no longer holds the cycle of {@code from} (trimmed)
     */
    public static Copied copy(Journal source, long from, long upTo, Path dest, LongConsumer progress)
            throws java.io.IOException {
        SingleChronicleQueue queue = (SingleChronicleQueue) source.queue();
        RollCycle rollCycle = queue.rollCycle();
        long first = source.firstIndex();
        long start;
        if (from == Journal.NONE || first == Journal.NONE || from < first) {
            if (from != Journal.NONE && first != Journal.NONE && rollCycle.toCycle(from) != rollCycle.toCycle(first)) {
                throw new IllegalStateException("the journal in " + source.dir() + " starts at index " + first
                        + " but the copy must start at the cycle of index " + from + ": it was trimmed meanwhile");
            }
            start = first;
        } else {
            start = rollCycle.toIndex(rollCycle.toCycle(from), 0);
        }
        Files.createDirectories(dest);
        long copied = 0;
        long firstCopied = Journal.NONE;
        long lastCopied = Journal.NONE;
        if (start == Journal.NONE || upTo == Journal.NONE || upTo < start) {
            try (ChronicleQueue out = SingleChronicleQueueBuilder.binary(dest.toFile()).rollCycle(rollCycle).build()) {
                // an empty journal with the source's roll cycle
            }
            BackgroundResourceReleaser.releasePendingResources();
            return new Copied(Journal.NONE, Journal.NONE, 0);
        }
        try (ChronicleQueue out = SingleChronicleQueueBuilder.binary(dest.toFile()).rollCycle(rollCycle).build();
             InternalAppender appender = (InternalAppender) out.createAppender();
             ExcerptTailer tailer = queue.createTailer()) {
            if (!tailer.moveToIndex(start)) {
                tailer.toStart();
            }
            while (true) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        break;
                    }
                    long index = dc.index();
                    if (index > upTo) {
                        break;
                    }
                    if (index < start) {
                        continue;
                    }
                    appender.writeBytes(index, dc.wire().bytes());
                    if (firstCopied == Journal.NONE) {
                        firstCopied = index;
                    }
                    lastCopied = index;
                }
                if ((++copied & 0xFFFF) == 0) {
                    progress.accept(copied);
                }
            }
        }
        BackgroundResourceReleaser.releasePendingResources();
        progress.accept(copied);
        return new Copied(firstCopied, lastCopied, copied);
    }
}

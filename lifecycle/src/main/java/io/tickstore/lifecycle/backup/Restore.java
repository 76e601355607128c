package io.tickstore.lifecycle.backup;

import io.tickstore.store.dedupe.DedupeSnapshot;
import io.tickstore.store.journal.Journal;
import io.tickstore.store.journal.JournalCopy;
import io.tickstore.store.journal.JournalCursor;
import io.tickstore.store.model.EpochMicros;
import io.tickstore.store.model.IngestMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.LongConsumer;

/**
 * Writes a backup into an empty data directory: the database copy, the cold files, the deduplication
 * snapshot and the journal — the whole journal copy, or for a point-in-time restore only its messages
 * up to an index. The next start replays the journal after the database's applied index, as after a
 * restart, so every message up to the cut (or the chosen index) is stored exactly once.
 *
 * <p>Nothing is written before every file of the backup has been found with its manifest's size and
 * SHA-256 ({@link #verify}).
 */
public final class Restore {
    private final Path source;
    private final BackupManifest manifest;

    /**
     * @throws IllegalArgumentException when {@code source} holds no finished backup
     */
    public Restore(Path source) throws IOException {
        this.source = source;
        this.manifest = BackupManifest.read(source);
    }

    public BackupManifest manifest() {
        return manifest;
    }

    /** The bytes {@link #verify} reads. */
    public long totalBytes() {
        long total = 0;
        for (BackupManifest.Entry e : manifest.files()) {
            total += e.bytes();
        }
        return total;
    }

    /**
     * Checks that every file the manifest lists is there with its size and checksum.
     *
     * @throws IllegalStateException naming the first file missing, of another size, or corrupt
     */
    public void verify(LongConsumer read) throws IOException {
        for (BackupManifest.Entry e : manifest.files()) {
            Path file = source.resolve(e.path());
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException("backup file " + e.path() + " is missing from " + source);
            }
            long size = Files.size(file);
            if (size != e.bytes()) {
                throw new IllegalStateException("backup file " + e.path() + " has " + size + " bytes, the manifest says "
                        + e.bytes() + ": it is damaged");
            }
            String sum = FileDigest.sha256(file, read);
            if (!sum.equals(e.sha256())) {
                throw new IllegalStateException("backup file " + e.path() + " has SHA-256 " + sum
                        + ", the manifest says " + e.sha256() + ": it is corrupt");
            }
        }
    }

    /**
     * The index a point-in-time restore keeps the journal up to, checked against what the backup holds.
     *
     * @throws IllegalArgumentException when {@code until} is before the database copy's applied index
     *         (the copy already holds later messages: an older backup is needed)
     */
    public long checkUntil(long until) {
        return checkUntil(until, "--until-index " + until);
    }

    private long checkUntil(long until, String what) {
        if (until < manifest.appliedIndex()) {
            throw new IllegalArgumentException(what + " is before this backup's database copy, which holds the journal "
                    + "up to index " + manifest.appliedIndex() + ": restore an older backup");
        }
        return Math.min(until, manifest.cutIndex());
    }

    /**
     * The index a restore up to {@code time} keeps the journal to: the last message before the first one
     * journaled after {@code time} ({@link Journal#NONE} when that is the backup journal's first), checked
     * as {@link #checkUntil(long)} does. Reads a scratch copy of the journal in {@code dataDir} (created;
     * must be absent or empty) and removes it.
     *
     * @throws IllegalArgumentException when the backup cannot go back to {@code time}, or its journal
     *         does not record journal times (written by a build before journal format version 2)
     */
    public long indexJournaledBy(Instant time, Path dataDir) throws IOException {
        BackupCut.requireEmpty(dataDir);
        long micros = time.getEpochSecond() * 1_000_000L + time.getNano() / 1000;
        long last = Journal.NONE;
        Path scratch = scratchJournal(dataDir);
        try (Journal journal = Journal.open(scratch, manifest.rollCycle());
             JournalCursor cursor = journal.cursorAfter(Journal.NONE)) {
            IngestMessage message = new IngestMessage();
            while (cursor.next(message)) {
                if (message.journaledAt == EpochMicros.NULL) {
                    throw new IllegalArgumentException("--until " + time + ": the journal message at index "
                            + cursor.index() + " carries no journal time (written by an older build): use --until-index");
                }
                if (message.journaledAt > micros) {
                    break;
                }
                last = cursor.index();
            }
        } finally {
            deleteScratch(scratch);
        }
        return checkUntil(last, "--until " + time + " (journal index " + last + ", the last message journaled at or "
                + "before it)");
    }

    /**
     * Restores into {@code dataDir} (created; must be absent or empty), the cold files into
     * {@code coldDir}, keeping the journal up to {@code until} ({@link #checkUntil}; the cut for all of
     * it). Call {@link #verify} first. Returns the last journal index restored.
     */
    public long into(Path dataDir, Path coldDir, long until) throws IOException {
        BackupCut.requireEmpty(dataDir);
        Files.createDirectories(dataDir);
        Files.copy(source.resolve(BackupCut.DATABASE_FILE), dataDir.resolve(BackupCut.DATABASE_FILE));
        String coldPrefix = BackupManifest.COLD_DIR + "/";
        for (BackupManifest.Entry e : manifest.files()) {
            if (e.path().startsWith(coldPrefix)) {
                Path to = coldDir.resolve(e.path().substring(coldPrefix.length()));
                Files.createDirectories(to.getParent());
                Files.copy(source.resolve(e.path()), to);
            }
        }
        boolean keepSnapshot = Files.exists(DedupeSnapshot.file(source)) && manifest.dedupeIndex() <= until;
        if (keepSnapshot) {
            Path to = DedupeSnapshot.file(dataDir);
            Files.createDirectories(to.getParent());
            Files.copy(DedupeSnapshot.file(source), to);
        } // else start-up rebuilds the deduplication state from the database copy
        Path journalTo = dataDir.resolve(BackupCut.JOURNAL_DIR);
        if (until >= manifest.cutIndex()) {
            copyFiles(source.resolve(BackupCut.JOURNAL_DIR), journalTo);
            return manifest.cutIndex();
        }
        Path scratch = scratchJournal(dataDir);
        long from = !keepSnapshot ? manifest.appliedIndex()
                : manifest.dedupeIndex() == Journal.NONE || manifest.appliedIndex() == Journal.NONE ? Journal.NONE
                : Math.min(manifest.dedupeIndex(), manifest.appliedIndex());
        long last;
        try (Journal journal = Journal.open(scratch, manifest.rollCycle())) {
            last = JournalCopy.copy(journal, from, until, journalTo, n -> {
            }).lastIndex();
        }
        deleteScratch(scratch);
        return last;
    }

    /** Chronicle may write to a queue it opens: a restore reads a scratch copy, never the backup itself. */
    private Path scratchJournal(Path dataDir) throws IOException {
        Path scratch = dataDir.resolve(BackupCut.JOURNAL_DIR + ".backup");
        copyFiles(source.resolve(BackupCut.JOURNAL_DIR), scratch);
        return scratch;
    }

    private static void deleteScratch(Path scratch) throws IOException {
        try (var files = Files.list(scratch)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.delete(f);
            }
        }
        Files.delete(scratch);
    }

    private static void copyFiles(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }
}

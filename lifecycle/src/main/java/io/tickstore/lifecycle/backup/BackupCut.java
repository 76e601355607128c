package io.tickstore.lifecycle.backup;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstore.store.TickStore;
import io.tickstore.store.cold.ColdObject;
import io.tickstore.store.cold.SqlLiteral;
import io.tickstore.store.dedupe.DedupeSnapshot;
import io.tickstore.store.dedupe.DedupeState;
import io.tickstore.store.dedupe.GapLog;
import io.tickstore.store.journal.Journal;
import io.tickstore.store.journal.JournalCopy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of a backup only the running server can take: a consistent cut of its store, written into
 * the backup directory while ingest goes on.
 *
 * <ol>
 * <li>DuckDB: {@code ATTACH} a new database file in the backup and {@code COPY FROM DATABASE} into it —
 * one statement, so one transaction and one snapshot: the rows, the cold manifest
 * ({@code cold_partitions}) and the warm sink's applied index A ({@code journal_applied}) agree.</li>
 * <li>The deduplication snapshot (written by an atomic rename, so a copy is whole), covering the
 * journal up to its own index D.</li>
 * <li>The cut C: the index of the last whole frame journaled, read after both copies, so C ≥ A and C ≥ D.</li>
 * <li>The journal from the cycle holding min(A, D) up to C, copied message by message with the same
 * indexes ({@link JournalCopy}): start-up after a restore replays exactly the messages after A into
 * DuckDB's copy, as after a restart.</li>
 * </ol>
 *
 * The cold files the copy's manifest names are not copied here: {@code tickstore backup} copies them
 * (with a progress bar), references those held only in S3, and writes the backup manifest last.
 */
public final class BackupCut {
    public static final String DATABASE_FILE = TickStore.DATABASE_FILE;
    public static final String JOURNAL_DIR = TickStore.JOURNAL_DIR;
    private static final String ATTACHED = "tickstore_backup";

    private BackupCut() {
    }

    /**
     * A cold file the copied manifest names: its path relative to the cold directory, its size, and, when its
     * partition is held only in S3 (the S3 tier dropped the local file, or is about to), the object the
     * copied {@code cold_objects} row names (else null): a backup references it rather than copying a file.
     */
    public record ColdFile(String path, long bytes, ColdObject s3Only) {
        public boolean isS3Only() {
            return s3Only != null;
        }
    }

    /**
     * What was cut. {@code dedupeIndex} is {@link Journal#NONE} when the store had no snapshot yet;
     * {@code journalFirst} .. {@code cutIndex} the journal copied.
     */
    public record Result(long appliedIndex, long dedupeIndex, long cutIndex, long journalFirst, long journalMessages,
                         String rollCycle, long databaseBytes, Path coldDir, List<ColdFile> coldFiles) {
    }

    /**
     * Takes the cut of {@code store} (open on {@code dataDir}, its cold files in {@code coldDir}) into
     * {@code dest} (created; must be absent or an empty directory).
     *
     * @throws IllegalArgumentException when {@code dest} is not empty
     */
    public static Result take(TickStore store, Path dataDir, Path coldDir, Path dest) throws SQLException, IOException {
        requireEmpty(dest);
        Files.createDirectories(dest);
        Path database = dest.resolve(DATABASE_FILE);
        long applied;
        List<ColdFile> cold = new ArrayList<>();
        try (Connection c = store.connect(); Statement s = c.createStatement()) {
            String source;
            try (ResultSet rs = s.executeQuery("SELECT current_database()")) {
                rs.next();
                source = rs.getString(1);
            }
            s.execute("ATTACH " + SqlLiteral.quote(database.toAbsolutePath().toString()) + " AS " + ATTACHED);
            try {
                s.execute("COPY FROM DATABASE \"" + source + "\" TO " + ATTACHED);
                try (ResultSet rs = s.executeQuery("SELECT applied_index FROM " + ATTACHED + ".journal_applied WHERE id = 1")) {
                    if (!rs.next()) {
                        throw new IllegalStateException("the copied database has no journal_applied row");
                    }
                    applied = rs.getLong(1);
                }
                try (ResultSet rs = s.executeQuery("SELECT p.path, p.bytes, coalesce(o.state = 's3-only', false), "
                        + "o.object_key, o.bytes, o.sha256 FROM " + ATTACHED + ".cold_partitions p LEFT JOIN " + ATTACHED
                        + ".cold_objects o ON o.path = p.path ORDER BY p.path")) {
                    while (rs.next()) {
                        String path = rs.getString(1);
                        ColdObject object = rs.getBoolean(3)
                                ? new ColdObject(path, rs.getString(4), rs.getLong(5), rs.getString(6)) : null;
                        cold.add(new ColdFile(path, rs.getLong(2), object));
                    }
                }
                s.execute("CHECKPOINT " + ATTACHED);
            } finally {
                s.execute("DETACH " + ATTACHED);
            }
        }
        long dedupe = Journal.NONE;
        boolean hasSnapshot = false;
        Path snapshot = DedupeSnapshot.file(dataDir);
        if (Files.exists(snapshot)) {
            Path copy = DedupeSnapshot.file(dest);
            Files.createDirectories(copy.getParent());
            Files.copy(snapshot, copy);
            DedupeState state = DedupeSnapshot.load(dest, new GapLog(1, new SimpleMeterRegistry()));
            hasSnapshot = state != null;
            dedupe = state == null ? Journal.NONE : state.journalIndex();
        }
        Journal journal = store.journal();
        // the last whole frame journaled (the journaller publishes it after a frame's last append): a cut
        // never splits a frame
        long cut = store.pipeline().lastJournalIndex();
        // start-up replays after the lower of the two (Journal.NONE: from the start)
        long from = hasSnapshot && (applied == Journal.NONE || dedupe == Journal.NONE) ? Journal.NONE
                : hasSnapshot ? Math.min(applied, dedupe) : applied;
        JournalCopy.Copied copied = JournalCopy.copy(journal, from, cut, dest.resolve(JOURNAL_DIR), n -> {
        });
        if (copied.lastIndex() != cut) {
            throw new IllegalStateException("the journal copy ends at index " + copied.lastIndex() + ", not at the cut "
                    + cut);
        }
        return new Result(applied, dedupe, cut, copied.firstIndex(), copied.messages(), JournalCopy.rollCycle(journal).name(),
                Files.size(database), coldDir.toAbsolutePath(), cold);
    }

    /** Refuses a path that exists and is not an empty directory. */
    public static void requireEmpty(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " is a file, not a directory");
        }
        try (var entries = Files.list(dir)) {
            var first = entries.findFirst();
            if (first.isPresent()) {
                throw new IllegalArgumentException(dir + " is not empty (it holds " + first.get().getFileName()
                        + "): give an empty or new directory");
            }
        }
    }
}

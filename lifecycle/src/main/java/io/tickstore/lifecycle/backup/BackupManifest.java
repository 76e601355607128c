package io.tickstore.lifecycle.backup;

import io.tickstore.config.JournalRollCycle;
import io.tickstore.store.journal.Journal;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code backup.json}, written last into a backup directory (its presence marks a finished backup):
 * when it was taken, the journal indexes it covers, every file with its size and SHA-256, and the S3
 * objects of cold partitions held only in S3, which the backup references rather than copies.
 * Format version 1, documented in docs/backup.md; a manifest without {@code s3_objects} (written before
 * backups referenced S3) reads as referencing none.
 *
 * @param appliedIndex the warm sink's applied index in the database copy: replay starts after it
 * @param dedupeIndex  the deduplication snapshot's journal index, {@link Journal#NONE} when there is none
 * @param journalFirst the first journal index copied ({@link Journal#NONE}: the journal copy is empty)
 * @param cutIndex     the last journal index copied: the cut
 * @param coldSource   where the cold files were copied from (for the operator; restore does not use it)
 * @param files        every file of the backup, paths relative to it, '/'-separated
 * @param s3Objects    the S3 objects the backup references (cold partitions held only in S3)
 */
public record BackupManifest(int version, Instant createdAt, long appliedIndex, long dedupeIndex, long journalFirst,
                             long cutIndex, long journalMessages, JournalRollCycle rollCycle, String coldSource,
                             List<Entry> files, List<S3Reference> s3Objects) {
    public static final String FILE = "backup.json";
    public static final String FORMAT = "tickstore-backup";
    public static final int VERSION = 1;
    /** Where the cold files go inside a backup. */
    public static final String COLD_DIR = "cold";

    /** One file of the backup. */
    public record Entry(String path, long bytes, String sha256) {
    }

    /**
     * A cold file held only in S3, referenced rather than copied: what the copied {@code cold_objects} row
     * records. A restore checks the object is still there with this size.
     *
     * @param path   the cold file, relative to the cold directory ('/'-separated)
     * @param bucket the bucket it lives in (the backed-up server's {@code lifecycle.s3.bucket})
     * @param key    its object key
     * @param bytes  its size
     * @param sha256 the SHA-256 of its content (lower-case hex; also the object's {@code x-amz-meta-sha256})
     */
    public record S3Reference(String path, String bucket, String key, long bytes, String sha256) {
        /** {@code s3://bucket/key}, for messages. */
        public String url() {
            return "s3://" + bucket + "/" + key;
        }
    }

    public String toJson() {
        JsonArray list = new JsonArray();
        for (Entry e : files) {
            list.add(new JsonObject().put("path", e.path()).put("bytes", e.bytes()).put("sha256", e.sha256()));
        }
        JsonArray objects = new JsonArray();
        for (S3Reference r : s3Objects) {
            objects.add(new JsonObject().put("path", r.path()).put("bucket", r.bucket()).put("key", r.key())
                    .put("bytes", r.bytes()).put("sha256", r.sha256()));
        }
        return new JsonObject()
                .put("format", FORMAT)
                .put("version", version)
                .put("created_at", createdAt.toString())
                .put("database", new JsonObject().put("file", BackupCut.DATABASE_FILE).put("applied_index", appliedIndex))
                .put("dedupe_index", dedupeIndex == Journal.NONE ? null : dedupeIndex)
                .put("journal", new JsonObject().put("dir", BackupCut.JOURNAL_DIR).put("roll_cycle", rollCycle.configValue())
                        .put("first_index", journalFirst).put("cut_index", cutIndex).put("messages", journalMessages))
                .put("cold", new JsonObject().put("dir", COLD_DIR).put("source", coldSource))
                .put("files", list)
                .put("s3_objects", objects)
                .encodePrettily() + "\n";
    }

    /** Writes it as {@code dir/backup.json} (through a temporary file and a rename). */
    public void write(Path dir) throws IOException {
        Path temp = dir.resolve(FILE + ".tmp");
        Files.writeString(temp, toJson(), StandardCharsets.UTF_8);
        Files.move(temp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Reads {@code dir/backup.json}.
     *
     * @throws IllegalArgumentException when it is missing or not a manifest this build reads
     */
    public static BackupManifest read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(dir + " holds no " + FILE + ": not a tickstore backup, or the backup "
                    + "did not finish");
        }
        try {
            JsonObject o = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
            if (!FORMAT.equals(o.getString("format"))) {
                throw new IllegalArgumentException(file + ": format: expected " + FORMAT + ", got " + o.getValue("format"));
            }
            int version = o.getInteger("version", -1);
            if (version != VERSION) {
                throw new IllegalArgumentException(file + ": version: expected " + VERSION + ", got " + version);
            }
            JsonObject journal = o.getJsonObject("journal");
            List<Entry> files = new ArrayList<>();
            for (Object e : o.getJsonArray("files")) {
                JsonObject f = (JsonObject) e;
                files.add(new Entry(f.getString("path"), f.getLong("bytes"), f.getString("sha256")));
            }
            List<S3Reference> objects = new ArrayList<>();
            JsonArray referenced = o.getJsonArray("s3_objects");
            if (referenced != null) {
                for (Object e : referenced) {
                    JsonObject r = (JsonObject) e;
                    objects.add(new S3Reference(r.getString("path"), r.getString("bucket"), r.getString("key"),
                            r.getLong("bytes"), r.getString("sha256")));
                }
            }
            Long dedupe = o.getLong("dedupe_index");
            return new BackupManifest(version, Instant.parse(o.getString("created_at")),
                    o.getJsonObject("database").getLong("applied_index"), dedupe == null ? Journal.NONE : dedupe,
                    journal.getLong("first_index"), journal.getLong("cut_index"), journal.getLong("messages"),
                    JournalRollCycle.valueOf(journal.getString("roll_cycle").toUpperCase(java.util.Locale.ROOT)),
                    o.getJsonObject("cold").getString("source"), List.copyOf(files), List.copyOf(objects));
        } catch (DecodeException | ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException(file + ": not a valid backup manifest: " + e.getMessage());
        }
    }
}

package io.tickstore.server.cli;

import io.tickstore.lifecycle.backup.BackupManifest;
import io.tickstore.config.ConfigLoader;
import io.tickstore.lifecycle.backup.Restore;
import io.tickstore.config.S3Config;
import io.tickstore.lifecycle.s3.S3BackupLocation;
import io.tickstore.lifecycle.s3.S3ReferenceCheck;
import java.nio.file.Files;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tickstore restore SRC --data-dir DIR [--until TIME | --until-index I]}: writes a backup into an empty data
 * directory after checking every file of it; the next {@code serve} on that directory replays the
 * journal tail into DuckDB's copy, each message once.
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
        header = "Restore a backup into an empty data directory, whole or up to a moment.",
        description = {"Checks every file SRC/backup.json lists (present, size, SHA-256) and every S3 object it"
            + " references (present, size; lifecycle.s3.* from --config or the environment), then writes the"
            + " database copy, the journal, the deduplication snapshot and the cold files into DIR, which"
            + " must be new or empty. Start the server on DIR (data.dir) afterwards: it replays the journal"
            + " after the database copy's applied index. With --until TIME or --until-index I the journal is"
            + " kept only up to that moment: the restored store holds exactly the messages journaled at or"
            + " before it (docs/backup.md)."},
        footerHeading = "%n",
        footer = {"Exit codes: 0 ok; 1 a backup file is missing or corrupt, a referenced S3 object is missing or cannot be"
            + " checked, or DIR is not empty; 2 bad command line."})
public final class RestoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SRC",
            description = "A backup directory written by tickstore backup, or s3://BUCKET/PREFIX.")
    String source;

    @Option(names = "--config", paramLabel = "FILE",
            description = "For s3:// and for a backup that references cold partitions held only in S3: a properties"
                + " file with lifecycle.s3.endpoint, .region, .access_key, .secret_key, and .bucket (the cold tier's,"
                + " for the references) (or TICKSTORE_LIFECYCLE_S3_* environment variables; else the AWS SDK's"
                + " default chain).")
    Path config;

    @Option(names = "--staging", paramLabel = "DIR",
            description = "For s3:// only: the local directory the backup is downloaded to, then deleted (default: a"
                + " new directory under java.io.tmpdir).")
    Path staging;

    @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "The new data directory (new or empty).")
    Path dataDir;

    @Option(names = "--cold-dir", paramLabel = "DIR",
            description = "Where the cold files go: the restored server's lifecycle.cold_dir (default: DIR/cold).")
    Path coldDir;

    @Option(names = "--until-index", paramLabel = "I",
            description = "Keep the journal only up to index I (the messages journaled at or before it).")
    Long untilIndex;

    @Option(names = "--until", paramLabel = "TIME",
            description = "Keep the journal only up to TIME (ISO-8601, e.g. 2026-12-06T14:03:12Z): the messages"
                + " journaled at or before it.")
    String untilTime;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!S3BackupLocation.isS3(source)) {
            return restore(Path.of(source), out, err);
        }
        Path local = (staging != null ? staging : Files.createTempDirectory("tickstore-restore-")).toAbsolutePath();
        io.tickstore.lifecycle.backup.BackupCut.requireEmpty(local);
        try (S3BackupLocation s3 = S3BackupLocation.open(source, ConfigLoader.load(config, System.getenv()).lifecycle().s3())) {
            BackupManifest listed = s3.downloadManifest(local);
            long total = 0;
            for (BackupManifest.Entry e : listed.files()) {
                total += e.bytes();
            }
            try (Progress progress = Progress.start("download", total, "bytes", err)) {
                s3.downloadFiles(local, listed, progress::stepBy);
            }
        } catch (Exception e) {
            BackupCommand.deleteTree(local);
            throw e;
        }
        try {
            return restore(local, out, err);
        } finally {
            BackupCommand.deleteTree(local);
        }
    }

    private int restore(Path source, PrintWriter out, PrintWriter err) throws Exception {
        Restore restore = new Restore(source);
        BackupManifest m = restore.manifest();
        if (untilIndex != null && untilTime != null) {
            throw new ParameterException(spec.commandLine(), "--until and --until-index: give one of them, not both");
        }
        Instant time = null;
        if (untilTime != null) {
            try {
                time = OffsetDateTime.parse(untilTime).toInstant();
            } catch (DateTimeParseException e) {
                throw new ParameterException(spec.commandLine(), "--until: expected an ISO-8601 time with Z or an offset"
                        + " (2026-12-06T14:03:12Z), got " + untilTime);
            }
        }
        long until = untilIndex == null ? m.cutIndex() : restore.checkUntil(untilIndex);
        io.tickstore.lifecycle.backup.BackupCut.requireEmpty(dataDir);
        try (Progress progress = Progress.start("verify", restore.totalBytes(), "bytes", err)) {
            restore.verify(progress::stepBy);
        }
        checkS3Objects(m);
        if (time != null) {
            until = restore.indexJournaledBy(time, dataDir);
        }
        Path cold = coldDir != null ? coldDir : dataDir.resolve(BackupManifest.COLD_DIR);
        long last = restore.into(dataDir, cold, until);
        out.printf("restored %s (taken %s) into %s: database up to journal index %d, journal up to %d%s; start the"
                        + " server with data.dir = %s%n", this.source, m.createdAt(), dataDir, m.appliedIndex(), last,
                until < m.cutIndex() ? (time != null ? " (--until " + time + ")" : " (--until-index " + untilIndex + ")")
                        : "", dataDir);
        out.flush();
        return ExitCodes.OK;
    }

    /**
     * The cold partitions held only in S3, which the backup references: each object must still be in the
     * bucket the restored server will read it from, with its recorded size.
     */
    private void checkS3Objects(BackupManifest m) throws Exception {
        if (m.s3Objects().isEmpty()) {
            return;
        }
        BackupManifest.S3Reference first = m.s3Objects().get(0);
        S3Config s3 = ConfigLoader.load(config, System.getenv()).lifecycle().s3();
        if (!s3.enabled()) {
            throw new IllegalStateException("the backup references " + m.s3Objects().size() + " S3 objects of cold"
                    + " partitions held only in S3 (e.g. " + first.url() + ", cold file " + first.path() + "), and no S3"
                    + " is configured to check them: set lifecycle.s3.bucket = " + first.bucket() + " and the endpoint,"
                    + " region and credentials the backed-up server used (lifecycle.s3.endpoint, .region, .access_key,"
                    + " .secret_key) in --config FILE or as TICKSTORE_LIFECYCLE_S3_BUCKET, TICKSTORE_LIFECYCLE_S3_ENDPOINT,"
                    + " ...; the restored server needs the same settings. Nothing was written");
        }
        try {
            S3ReferenceCheck.check(s3, m.s3Objects());
        } catch (RuntimeException e) {
            throw new IllegalStateException(e.getMessage() + ". Nothing was written", e);
        }
    }
}

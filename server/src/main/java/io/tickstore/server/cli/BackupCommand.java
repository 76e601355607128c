package io.tickstore.server.cli;

import io.tickstore.config.ConfigLoader;
import io.tickstore.config.JournalRollCycle;
import io.tickstore.config.S3Config;
import io.tickstore.lifecycle.backup.BackupCut;
import io.tickstore.lifecycle.backup.BackupManifest;
import io.tickstore.lifecycle.backup.FileDigest;
import io.tickstore.lifecycle.s3.S3BackupLocation;
import io.tickstore.lifecycle.s3.S3ReferenceCheck;
import io.tickstore.store.journal.Journal;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tickstore backup DEST}: a backup of the running server, on its host, while ingest goes on. The
 * server takes the consistent cut ({@code POST /api/v1/admin/backup}: DuckDB's transactional copy and
 * the journal up to the cut); this command then copies the cold files the copy names, checksums every
 * file, and writes {@code backup.json} last, with a progress bar. Cold files of partitions held only in S3
 * are referenced instead (bucket, key, size, SHA-256 from the copied {@code cold_objects} rows), each
 * checked there with a HEAD before {@code backup.json} is written.
 */
@Command(name = "backup", mixinStandardHelpOptions = true,
        header = "Back up a running server into a new directory while ingest goes on.",
        description = {"Asks the server (POST /api/v1/admin/backup, admin scope) to write a consistent cut"
            + " into DEST: DuckDB copied in one transaction and the journal up to that moment. Then copies"
            + " the cold Parquet files that copy names (those held only in S3 are referenced: checked there with a"
            + " HEAD, not copied), checksums every file and writes DEST/backup.json"
            + " (docs/backup.md). Runs on the server's host (DEST and the cold directory are paths there);"
            + " the server must be running. With s3://BUCKET/PREFIX the backup is written to a local staging"
            + " directory, uploaded (each object verified, backup.json last) and the staging directory deleted."},
        footerHeading = "%n",
        footer = {"Exit codes: 0 ok; 1 the server refused or failed, or a file could not be copied;"
            + " 2 bad command line."})
public final class BackupCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DEST",
            description = "A new or empty directory for the backup, or s3://BUCKET/PREFIX (a new prefix).")
    String destination;

    @Option(names = "--config", paramLabel = "FILE",
            description = "For s3:// and for checking the S3 objects of cold partitions held only in S3: a properties"
                + " file with lifecycle.s3.endpoint, .region, .access_key, .secret_key (or TICKSTORE_LIFECYCLE_S3_*"
                + " environment variables; else the AWS SDK's default chain).")
    Path config;

    @Option(names = "--staging", paramLabel = "DIR",
            description = "For s3:// only: the local directory the backup is written to before the upload, then"
                + " deleted (default: a new directory under java.io.tmpdir).")
    Path staging;

    @Option(names = "--server", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
            description = "The running server (default: ${DEFAULT-VALUE}).")
    URI server;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:TICKSTORE_TOKEN}",
            description = "A token with the admin scope, when the server has auth.tokens_file set (default: the"
                + " TICKSTORE_TOKEN environment variable, which keeps it out of the process list).")
    String token;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        S3BackupLocation s3 = null;
        Path dir;
        if (S3BackupLocation.isS3(destination)) {
            s3 = S3BackupLocation.open(destination, ConfigLoader.load(config, System.getenv()).lifecycle().s3());
            s3.requireEmpty();
            dir = (staging != null ? staging : Files.createTempDirectory("tickstore-backup-")).toAbsolutePath().normalize();
        } else {
            dir = Path.of(destination).toAbsolutePath().normalize();
        }
        try {
            return backup(dir, s3, out, err);
        } finally {
            if (s3 != null) {
                s3.close();
                deleteTree(dir);
            }
        }
    }

    private int backup(Path dir, S3BackupLocation s3, PrintWriter out, PrintWriter err) throws Exception {
        BackupCut.requireEmpty(dir);
        JsonObject cut = askServer(dir);
        Path coldSource = Path.of(cut.getString("cold_dir"));
        String s3Bucket = cut.getString("s3_bucket");
        List<BackupCut.ColdFile> cold = new ArrayList<>();
        List<BackupManifest.S3Reference> referenced = new ArrayList<>();
        long coldBytes = 0;
        for (Object o : cut.getJsonArray("cold_files")) {
            JsonObject f = (JsonObject) o;
            JsonObject object = f.getJsonObject("s3_object");
            if (f.getBoolean("s3_only", false)) {
                // Referenced, never copied, even while a dropped file still lingers on disk: the restored
                // store reads that day from S3, as the original does.
                referenced.add(new BackupManifest.S3Reference(f.getString("path"), s3Bucket, object.getString("key"),
                        object.getLong("bytes"), object.getString("sha256")));
            } else {
                cold.add(new BackupCut.ColdFile(f.getString("path"), f.getLong("bytes"), null));
                coldBytes += f.getLong("bytes");
            }
        }
        if (!referenced.isEmpty()) {
            if (s3Bucket == null) {
                throw new IllegalStateException(referenced.size() + " cold partitions are held only in S3 (e.g. "
                        + referenced.get(0).path() + "), but the server has no lifecycle.s3.bucket to say where: "
                        + destination + " is no backup (no " + BackupManifest.FILE + ")");
            }
            S3Config settings = ConfigLoader.load(config, System.getenv()).lifecycle().s3();
            try {
                S3ReferenceCheck.check(settings.withBucket(s3Bucket), referenced);
            } catch (RuntimeException e) {
                throw new IllegalStateException(e.getMessage() + ". " + referenced.size() + " cold partitions are held"
                        + " only in S3 and backed up by reference; " + destination + " is no backup (no "
                        + BackupManifest.FILE + "). S3's endpoint, region and credentials come from --config FILE or"
                        + " TICKSTORE_LIFECYCLE_S3_* (lifecycle.s3.*, as the server has them)", e);
            }
        }
        List<Path> written = files(dir);
        long total = coldBytes;
        for (Path f : written) {
            total += Files.size(f);
        }
        List<BackupManifest.Entry> entries = new ArrayList<>();
        try (Progress progress = Progress.start("backup", total, "bytes", err)) {
            for (Path f : written) {
                progress.message(dir.relativize(f).toString());
                entries.add(new BackupManifest.Entry(relative(dir, f), Files.size(f), FileDigest.sha256(f, progress::stepBy)));
            }
            for (BackupCut.ColdFile f : cold) {
                Path from = coldSource.resolve(f.path());
                String path = BackupManifest.COLD_DIR + "/" + f.path();
                progress.message(path);
                if (!Files.isRegularFile(from)) {
                    throw new IllegalStateException("cold file " + from + " named by the cold manifest is missing: a"
                            + " newer version or retention replaced it meanwhile (run the backup again into an empty"
                            + " directory)");
                }
                Path to = dir.resolve(path);
                Files.createDirectories(to.getParent());
                entries.add(new BackupManifest.Entry(path, Files.size(from), FileDigest.copy(from, to, progress::stepBy)));
            }
        }
        long dedupe = cut.getLong("dedupe_index");
        BackupManifest manifest = new BackupManifest(BackupManifest.VERSION, Instant.now(), cut.getLong("applied_index"),
                dedupe, cut.getLong("journal_first_index"), cut.getLong("cut_index"), cut.getLong("journal_messages"),
                JournalRollCycle.valueOf(cut.getString("roll_cycle").toUpperCase(Locale.ROOT)), coldSource.toString(),
                List.copyOf(entries), List.copyOf(referenced));
        manifest.write(dir);
        if (s3 != null) {
            try (Progress progress = Progress.start("upload", total, "bytes", err)) {
                s3.upload(dir, manifest, progress::stepBy);
            }
        }
        out.printf("backup in %s: database up to journal index %d, journal %s to %d (%d messages), %d cold files, "
                        + "%d files%s%n", s3 != null ? destination : dir, manifest.appliedIndex(),
                manifest.journalFirst() == Journal.NONE ? "(empty)" : Long.toString(manifest.journalFirst()),
                manifest.cutIndex(), manifest.journalMessages(), cold.size(), entries.size(), referenced.isEmpty() ? ""
                        : ", " + referenced.size() + " cold files held only in S3 referenced (bucket " + s3Bucket
                        + "; keep those objects while you keep this backup)");
        out.flush();
        return ExitCodes.OK;
    }

    private JsonObject askServer(Path dir) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve("/api/v1/admin/backup"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("dest", dir.toString()).encode()));
        if (token != null) {
            request.header("authorization", "Bearer " + token);
        }
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the server at " + server + " (" + e + "): it must be running");
        }
        if (response.statusCode() != 200) {
            String error = response.body();
            try {
                error = new JsonObject(response.body()).getString("error", error);
            } catch (RuntimeException notJson) {
                // keep the raw body
            }
            throw new IllegalStateException("the server answered " + response.statusCode() + ": " + error);
        }
        return new JsonObject(response.body());
    }

    /** Deletes the staging directory of an upload. */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Every file under {@code dir}, in a stable order. */
    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static String relative(Path dir, Path file) {
        return dir.relativize(file).toString().replace(java.io.File.separatorChar, '/');
    }
}

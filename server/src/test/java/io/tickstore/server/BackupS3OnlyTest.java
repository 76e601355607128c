package io.tickstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickstore.config.TickstoreConfig;
import io.tickstore.lifecycle.backup.BackupManifest;
import io.tickstore.server.cli.TickstoreCli;
import io.tickstore.standins.S3ProxyServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Cold partitions held only in S3 are backed up by reference (docs/backup.md): backup.json names each
 * object (bucket, key, size, SHA-256) and no local file is copied, even while a dropped one still waits
 * for its deferred delete. A restore with the same S3 settings gives a store that reads those days from
 * S3 and answers byte for byte as the original; a referenced object deleted from the bucket, S3 that cannot
 * be reached, or no S3 settings at all stop the restore naming the object (or endpoint) and what to set,
 * with nothing written; and a
 * backup whose referenced object is gone stops naming it, with no backup.json.
 */
class BackupS3OnlyTest {
    private static final String S3_DAY = "/api/v1/ticks?exchange=XNAS&symbol=AAPL&from=2024-03-01T00:00:00Z"
            + "&to=2024-03-02T00:00:00Z";
    private static final String DROPPED = "market_ticks/exchange=XNAS/date=2024-03-01/v1.parquet";

    @TempDir
    Path dataDir;
    @TempDir
    Path dir;

    @Test
    void s3OnlyPartitionsAreBackedUpByReferenceAndRestoreChecksEveryObject() throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start(dir.resolve("s3"))) {
            Function<TickstoreConfig, TickstoreConfig> config = S3TieredQueryTest.s3OnlyAfterAPass(s3.endpoint());
            Path s3Settings = dir.resolve("s3.properties");
            Files.writeString(s3Settings, "lifecycle.s3.endpoint = " + s3.endpoint() + "\nlifecycle.s3.bucket = "
                    + S3ProxyServer.BUCKET + "\nlifecycle.s3.access_key = " + S3ProxyServer.ACCESS_KEY
                    + "\nlifecycle.s3.secret_key = " + S3ProxyServer.SECRET_KEY + "\n");
            Path backup = dir.resolve("backup");
            String before;
            Map<String, String[]> rows = new HashMap<>();
            try (TestServer server = TestServer.start(dataDir, config)) {
                before = S3TieredQueryTest.ingestAndLeaveInS3Only(server);
                assertTrue(Files.exists(dataDir.resolve("cold").resolve(DROPPED)),
                        "the dropped local file still waits for its deferred delete");
                for (var row : server.rows("SELECT path, object_key, bytes, sha256 FROM cold_objects")) {
                    rows.put((String) row.get(0), new String[] {(String) row.get(1), row.get(2).toString(),
                        (String) row.get(3)});
                }

                StringWriter err = new StringWriter();
                assertEquals(0, run(new StringWriter(), err, "backup", backup.toString(), "--server",
                        "http://127.0.0.1:" + server.port(), "--config", s3Settings.toString()), err.toString());
            }
            BackupManifest manifest = BackupManifest.read(backup);
            assertEquals(6, manifest.s3Objects().size(), manifest.toJson());
            for (BackupManifest.S3Reference r : manifest.s3Objects()) {
                String[] row = rows.get(r.path());
                assertTrue(row != null, r.path() + " is a cold_objects row");
                assertEquals(S3ProxyServer.BUCKET, r.bucket());
                assertEquals(row[0], r.key());
                assertEquals(Long.parseLong(row[1]), r.bytes());
                assertEquals(row[2], r.sha256());
            }
            assertTrue(manifest.files().stream().noneMatch(f -> f.path().startsWith(BackupManifest.COLD_DIR + "/")),
                    "no cold file copied: " + manifest.files());
            assertFalse(Files.exists(backup.resolve(BackupManifest.COLD_DIR)), "no cold directory in the backup");

            // Without S3 settings: refused, naming an object and what to set; nothing written.
            Path unset = dir.resolve("unset");
            StringWriter noS3 = new StringWriter();
            assertEquals(1, run(new StringWriter(), noS3, "restore", backup.toString(), "--data-dir", unset.toString()),
                    noS3.toString());
            assertTrue(noS3.toString().contains("s3://" + S3ProxyServer.BUCKET + "/tickstore/market_ticks/")
                    && noS3.toString().contains("lifecycle.s3.bucket = " + S3ProxyServer.BUCKET)
                    && noS3.toString().contains("TICKSTORE_LIFECYCLE_S3_ENDPOINT"), noS3.toString());
            assertFalse(Files.exists(unset), "nothing written");

            // S3 that cannot be reached: refused, naming the endpoint; nothing written.
            Path unreachable = dir.resolve("unreachable.properties");
            Files.writeString(unreachable, Files.readString(s3Settings).replace(s3.endpoint(), "http://127.0.0.1:1"));
            StringWriter down = new StringWriter();
            assertEquals(1, run(new StringWriter(), down, "restore", backup.toString(), "--data-dir", unset.toString(),
                    "--config", unreachable.toString()), down.toString());
            assertTrue(down.toString().contains("asking S3 at http://127.0.0.1:1 about s3://"), down.toString());
            assertFalse(Files.exists(unset), "nothing written");

            // With them: the restored store reads the S3-only days from S3, exactly as the original did.
            Path restored = dir.resolve("restored");
            StringWriter err = new StringWriter();
            assertEquals(0, run(new StringWriter(), err, "restore", backup.toString(), "--data-dir", restored.toString(),
                    "--config", s3Settings.toString()), err.toString());
            assertFalse(Files.exists(restored.resolve("cold").resolve(DROPPED)), "no local copy of an S3-only day");
            try (TestServer server = TestServer.start(restored, config)) {
                assertEquals(6, server.count("cold_objects WHERE state = 's3-only'"), "still S3-only");
                assertEquals(before, TieredQueryTest.answers(server), "restored: every answer as the original's");
                HttpResponse<String> s3Day = server.get(S3_DAY);
                assertEquals(200, s3Day.statusCode(), s3Day.body());
                assertEquals("s3", s3Day.headers().firstValue("x-tickstore-tiers").orElse(null));
            }

            // A referenced object deleted from the bucket: the restore names it and writes nothing...
            BackupManifest.S3Reference gone = manifest.s3Objects().get(2);
            s3.delete(gone.key());
            Path never = dir.resolve("never");
            StringWriter missing = new StringWriter();
            assertEquals(1, run(new StringWriter(), missing, "restore", backup.toString(), "--data-dir",
                    never.toString(), "--config", s3Settings.toString()), missing.toString());
            assertTrue(missing.toString().contains(gone.url() + " (cold file " + gone.path() + ") is missing"),
                    missing.toString());
            assertTrue(missing.toString().contains("S3 objects the backup references are not as recorded (1 of 6)"), missing.toString());
            assertFalse(Files.exists(never), "nothing written");

            // ... and a new backup of the original names it too, and is no backup.
            try (TestServer server = TestServer.start(dataDir, config)) {
                Path again = dir.resolve("again");
                StringWriter refused = new StringWriter();
                assertEquals(1, run(new StringWriter(), refused, "backup", again.toString(), "--server",
                        "http://127.0.0.1:" + server.port(), "--config", s3Settings.toString()), refused.toString());
                assertTrue(refused.toString().contains(gone.url() + " (cold file " + gone.path() + ") is missing"),
                        refused.toString());
                assertFalse(Files.exists(again.resolve(BackupManifest.FILE)), "no backup.json: not a backup");
                try (Stream<Path> files = Files.walk(again)) {
                    assertTrue(files.noneMatch(p -> p.toString().endsWith(".parquet")), "no cold file copied");
                }
            }
        }
    }

    private static int run(StringWriter out, StringWriter err, String... args) {
        CommandLine cli = TickstoreCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}

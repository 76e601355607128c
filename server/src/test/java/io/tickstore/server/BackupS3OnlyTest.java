package io.tickstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickstore.lifecycle.backup.BackupManifest;
import io.tickstore.server.cli.TickstoreCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Cold partitions held only in S3 are not backed up yet (docs/backup.md): a backup of a store with any
 * stops before copying a cold file, names them, and leaves no backup.json, so no restore can take it
 * for a backup. Even right after the pass, while the dropped local files still wait for their deferred
 * delete: a copy of one would restore a day the restored store still reads from S3.
 */
class BackupS3OnlyTest {
    @TempDir
    Path dataDir;
    @TempDir
    Path dir;

    @Test
    void aBackupOfAStoreWithS3OnlyPartitionsStopsNamingThem() throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start(dir.resolve("s3"))) {
            try (TestServer server = TestServer.start(dataDir, S3TieredQueryTest.s3OnlyAfterAPass(s3.endpoint()))) {
                TieredQueryTest.ingest(server, 4, 250);
                server.awaitApplied();
                server.server.lifecycle().runNow();
                assertEquals(3 * 2, server.count("cold_objects WHERE state = 's3-only'"), "3 days x 2 exchanges");
                assertTrue(Files.exists(dataDir.resolve("cold/market_ticks/exchange=XNAS/date=2024-03-01/v1.parquet")),
                        "the dropped local file still waits for its deferred delete");

                Path backup = dir.resolve("backup");
                StringWriter out = new StringWriter();
                StringWriter err = new StringWriter();
                CommandLine cli = TickstoreCli.commandLine();
                cli.setOut(new PrintWriter(out, true));
                cli.setErr(new PrintWriter(err, true));
                int code = cli.execute("backup", backup.toString(), "--server", "http://127.0.0.1:" + server.port());

                assertNotEquals(0, code, out.toString());
                assertTrue(err.toString().contains("6 cold partitions are held only in S3"), err.toString());
                assertTrue(err.toString().contains("market_ticks/exchange=BATS%2FEU/date=2024-03-01/v1.parquet"),
                        err.toString());
                assertFalse(Files.exists(backup.resolve(BackupManifest.FILE)), "no backup.json: not a backup");
                assertFalse(Files.exists(backup.resolve(BackupManifest.COLD_DIR)), "no cold file was copied");
            }
        }
    }
}

package io.tickstore.lifecycle.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickstore.config.JournalRollCycle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * backup.json: the S3 objects a backup references survive a write and a read; a manifest written before
 * backups referenced S3 (no {@code s3_objects}) still reads, as referencing none; a reference without its
 * size is refused, naming the file.
 */
class BackupManifestTest {
    @TempDir
    Path dir;

    @Test
    void s3ReferencesRoundTripAndAManifestWithoutThemReadsAsNone() throws Exception {
        BackupManifest written = new BackupManifest(BackupManifest.VERSION, Instant.parse("2026-12-06T23:14:46Z"), 41,
                40, 7, 42, 36, JournalRollCycle.DAILY, "/srv/tickstore/cold",
                List.of(new BackupManifest.Entry("tickstore.duckdb", 1024, "ab".repeat(32))),
                List.of(new BackupManifest.S3Reference("market_ticks/exchange=XNAS/date=2024-03-01/v1.parquet",
                        "tickstore-cold", "tickstore/market_ticks/exchange=XNAS/date=2024-03-01/v1.parquet", 11705,
                        "89".repeat(32))));
        written.write(dir);
        BackupManifest read = BackupManifest.read(dir);
        assertEquals(written, read);
        assertEquals("s3://tickstore-cold/tickstore/market_ticks/exchange=XNAS/date=2024-03-01/v1.parquet",
                read.s3Objects().get(0).url());

        Path file = dir.resolve(BackupManifest.FILE);
        String json = Files.readString(file);
        int at = json.indexOf(",\n  \"s3_objects\"");
        assertTrue(at > 0, json);
        Files.writeString(file, json.substring(0, at) + "\n}\n");
        BackupManifest older = BackupManifest.read(dir);
        assertEquals(List.of(), older.s3Objects());
        assertEquals(written.files(), older.files());

        Files.writeString(file, json.replace("\"bytes\" : 11705,", ""));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BackupManifest.read(dir));
        assertTrue(e.getMessage().contains("not a valid backup manifest"), e.getMessage());
    }
}

package io.tickstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickstore.lifecycle.backup.BackupManifest;
import io.tickstore.server.cli.TickstoreCli;
import io.tickstore.standins.S3ProxyServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Backup of a running server under live ingest (real server JVM, real journal, real DuckDB, real
 * cold Parquet files), then restores: whole, up to a journal index, refused into a non-empty
 * directory, refused with a missing or corrupt cold file.
 */
class BackupRestoreTest {
    private static final long DAY_US = 86_400_000_000L;
    private static final int TICKS_PER_FRAME = 10;

    @TempDir
    Path dir;

    /** An acked frame: its first sequence number, the day it is stamped on, and its journal index. */
    record Frame(long firstSeq, long dayStartUs, long journalIndex) {
    }

    @Test
    void backupUnderLiveIngestRestoresEveryAckedMessageOnceAndStopsAtAnIndex() throws Exception {
        Path src = dir.resolve("src");
        Path log = dir.resolve("server.log");
        long today = System.currentTimeMillis() * 1000 / DAY_US * DAY_US;
        List<Frame> acked = new ArrayList<>();
        Vertx vertx = Vertx.vertx();
        try {
            // Old days, moved to the cold tier by a lifecycle pass on the stopped server.
            Map<String, String> env = Map.of("TICKSTORE_PORTFOLIO_SNAPSHOT_INTERVAL_S", "0");
            try (ServerProcess first = ServerProcess.start(src, log, env)) {
                first.awaitReady();
                try (IngestClient client = IngestClient.connect(vertx, first.port())) {
                    for (int d : new int[] {10, 3}) {
                        for (int f = 0; f < 3; f++) {
                            send(client, acked, acked.size() * (long) TICKS_PER_FRAME + 1, today - d * DAY_US);
                        }
                    }
                }
                first.stop();
            }
            Path config = dir.resolve("lifecycle.properties");
            Files.writeString(config, "data.dir = " + src + "\nlifecycle.warm_days = 2\nportfolio.snapshot_interval_s = 0\n");
            assertEquals(0, run(new StringWriter(), new StringWriter(), "lifecycle", "--config", config.toString()));

            // Started before the live server, so that a failure to start it leaves no server process behind.
            S3ProxyServer s3 = S3ProxyServer.start(dir.resolve("s3"));
            Path s3Config = dir.resolve("s3.properties");
            Files.writeString(s3Config, "lifecycle.s3.endpoint = " + s3.endpoint() + "\nlifecycle.s3.access_key = "
                    + S3ProxyServer.ACCESS_KEY + "\nlifecycle.s3.secret_key = " + S3ProxyServer.SECRET_KEY + "\n");
            String s3Url = "s3://" + S3ProxyServer.BUCKET + "/backups/one";

            // Live ingest; DuckDB commits only every 15 s, so the backup's journal tail holds the live frames.
            ServerProcess server = ServerProcess.start(src, log, Map.of("TICKSTORE_PORTFOLIO_SNAPSHOT_INTERVAL_S", "0",
                    "TICKSTORE_WARM_COMMIT_INTERVAL_MS", "15000"));
            AtomicBoolean stop = new AtomicBoolean();
            List<Throwable> failures = new ArrayList<>();
            // A moment between two live frames: the 20th is acked before it, the 21st sent after it.
            long[] pause = {0, 0}; // epoch millis, journal index of the 20th live frame
            Thread feeder = new Thread(() -> {
                try (IngestClient client = IngestClient.connect(vertx, server.port())) {
                    int live = 0;
                    while (!stop.get()) {
                        synchronized (acked) {
                            send(client, acked, acked.size() * (long) TICKS_PER_FRAME + 1, today);
                            if (++live == 20) {
                                pause[0] = System.currentTimeMillis() + 1;
                                pause[1] = acked.get(acked.size() - 1).journalIndex();
                            }
                        }
                        while (live == 20 && System.currentTimeMillis() < pause[0] + 3) {
                            Thread.sleep(1);
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            Path backup = dir.resolve("backup");
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int ackedBeforeBackup;
            int ackedBeforeS3Backup;
            try {
                server.awaitReady(); // inside the try: a server that never gets ready is stopped too
                feeder.start();
                awaitFrames(acked, 40);
                synchronized (acked) {
                    ackedBeforeBackup = acked.size();
                }
                int code = run(out, err, "backup", backup.toString(), "--server", "http://127.0.0.1:" + server.port());
                assertEquals(0, code, out + "\n" + err + "\n" + server.tail());
                int afterBackup = acked.size();
                awaitFrames(acked, afterBackup + 20); // ingest went on during and after the backup
                synchronized (acked) {
                    ackedBeforeS3Backup = acked.size();
                }
                code = run(out, err, "backup", s3Url, "--server", "http://127.0.0.1:" + server.port(), "--config",
                        s3Config.toString(), "--staging", dir.resolve("staging").toString());
                assertEquals(0, code, out + "\n" + err + "\n" + server.tail());
                assertFalse(Files.exists(dir.resolve("staging")), "the staging directory is deleted after the upload");
                awaitFrames(acked, acked.size() + 5);
            } finally {
                stop.set(true);
                feeder.join(30_000);
                server.stop();
            }
            assertEquals(List.of(), failures);
            BackupManifest manifest = BackupManifest.read(backup);
            long cut = manifest.cutIndex();
            assertTrue(manifest.appliedIndex() < cut, "the journal tail holds live frames: " + manifest.toJson());
            assertTrue(acked.get(ackedBeforeBackup - 1).journalIndex() <= cut, "a frame acked before the backup is in it");
            assertTrue(acked.get(acked.size() - 1).journalIndex() > cut, "frames acked after the cut are not");
            assertTrue(manifest.files().stream().anyMatch(e -> e.path().startsWith("cold/") && e.path().endsWith(".parquet")),
                    manifest.toJson());

            // Whole restore: exactly the frames acked up to the cut, once; the same per-day figures as the source.
            Path whole = dir.resolve("restored");
            assertEquals(0, run(out, err, "restore", backup.toString(), "--data-dir", whole.toString()), err.toString());
            startAndStop(whole, dir.resolve("restored.log"));
            assertEquals(expected(acked, cut), ticks(whole), "restored ticks vs acked up to the cut " + cut);
            assertEquals(perDay(src, cut), perDay(whole, Long.MAX_VALUE));

            // Point in time: a live frame between the database copy and the cut.
            List<Frame> tail = acked.stream().filter(f -> f.journalIndex() > manifest.appliedIndex()
                    && f.journalIndex() <= cut).toList();
            assertTrue(tail.size() >= 3, "live frames in the journal tail: " + tail.size());
            long until = tail.get(tail.size() / 2).journalIndex();
            Path pit = dir.resolve("pit");
            assertEquals(0, run(out, err, "restore", backup.toString(), "--data-dir", pit.toString(), "--until-index",
                    Long.toString(until)), err.toString());
            startAndStop(pit, dir.resolve("pit.log"));
            assertEquals(expected(acked, until), ticks(pit), "restored ticks vs acked up to index " + until);
            assertEquals(perDay(src, until), perDay(pit, Long.MAX_VALUE));

            // Point in time by the clock: exactly the frames acked before the pause.
            assertTrue(pause[1] > manifest.appliedIndex() && pause[1] < cut, "the pause is in the journal tail");
            String moment = java.time.Instant.ofEpochMilli(pause[0]).toString();
            Path pitTime = dir.resolve("pit-time");
            assertEquals(0, run(out, err, "restore", backup.toString(), "--data-dir", pitTime.toString(), "--until",
                    moment), err.toString());
            startAndStop(pitTime, dir.resolve("pit-time.log"));
            assertEquals(expected(acked, pause[1]), ticks(pitTime), "restored ticks vs acked before " + moment);

            // Refused: a moment before the database copy.
            StringWriter early = new StringWriter();
            assertEquals(1, run(new StringWriter(), early, "restore", backup.toString(), "--data-dir",
                    dir.resolve("early").toString(), "--until-index", Long.toString(manifest.appliedIndex() - 1)));
            assertTrue(early.toString().contains("is before this backup's database copy"), early.toString());

            // The backup in S3: restored the same way, exactly the frames acked up to its own cut.
            Path fromS3 = dir.resolve("from-s3");
            assertEquals(0, run(out, err, "restore", s3Url, "--data-dir", fromS3.toString(), "--config",
                    s3Config.toString()), err.toString());
            startAndStop(fromS3, dir.resolve("from-s3.log"));
            long s3Cut;
            try (Connection c = open(fromS3); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT max(journal_index) FROM market_ticks")) {
                rs.next();
                s3Cut = rs.getLong(1);
            }
            assertTrue(s3Cut > cut && acked.get(ackedBeforeS3Backup - 1).journalIndex() <= s3Cut, "s3 cut " + s3Cut);
            assertEquals(expected(acked, s3Cut), ticks(fromS3), "restored from S3 vs acked up to " + s3Cut);
            assertEquals(perDay(src, s3Cut), perDay(fromS3, Long.MAX_VALUE));
            // ... and an object missing from S3 is named
            String s3Cold = manifest.files().stream().map(BackupManifest.Entry::path)
                    .filter(p -> p.startsWith("cold/")).findFirst().orElseThrow();
            try (Stream<Path> objects = Files.walk(dir.resolve("s3"))) {
                Path object = objects.filter(p -> p.toString().endsWith(s3Cold.substring(s3Cold.lastIndexOf('/'))))
                        .findFirst().orElseThrow();
                Files.delete(object);
            }
            StringWriter s3Missing = new StringWriter();
            assertEquals(1, run(new StringWriter(), s3Missing, "restore", s3Url, "--data-dir",
                    dir.resolve("never-s3").toString(), "--config", s3Config.toString()));
            assertTrue(s3Missing.toString().contains(s3Cold) && s3Missing.toString().contains("missing"),
                    s3Missing.toString());
            s3.close();

            // Refused: a non-empty data directory.
            StringWriter refused = new StringWriter();
            assertEquals(1, run(new StringWriter(), refused, "restore", backup.toString(), "--data-dir", whole.toString()));
            assertTrue(refused.toString().contains("is not empty"), refused.toString());

            // Refused: a corrupt and a missing cold file, each named.
            String coldPath = manifest.files().stream().map(BackupManifest.Entry::path)
                    .filter(p -> p.startsWith("cold/")).findFirst().orElseThrow();
            Path corrupt = copyTree(backup, dir.resolve("corrupt"));
            byte[] bytes = Files.readAllBytes(corrupt.resolve(coldPath));
            bytes[bytes.length / 2] ^= 0x5a;
            Files.write(corrupt.resolve(coldPath), bytes, StandardOpenOption.TRUNCATE_EXISTING);
            StringWriter corruptErr = new StringWriter();
            Path target = dir.resolve("never");
            assertEquals(1, run(new StringWriter(), corruptErr, "restore", corrupt.toString(), "--data-dir", target.toString()));
            assertTrue(corruptErr.toString().contains(coldPath) && corruptErr.toString().contains("corrupt"),
                    corruptErr.toString());
            assertFalse(Files.exists(target.resolve("tickstore.duckdb")), "nothing written");
            Path missing = copyTree(backup, dir.resolve("missing"));
            Files.delete(missing.resolve(coldPath));
            StringWriter missingErr = new StringWriter();
            assertEquals(1, run(new StringWriter(), missingErr, "restore", missing.toString(), "--data-dir", target.toString()));
            assertTrue(missingErr.toString().contains(coldPath) && missingErr.toString().contains("missing"),
                    missingErr.toString());
        } finally {
            vertx.close().await();
        }
    }

    private static void send(IngestClient client, List<Frame> acked, long firstSeq, long dayStartUs) throws Exception {
        StringBuilder frame = new StringBuilder("[");
        for (int i = 0; i < TICKS_PER_FRAME; i++) {
            long seq = firstSeq + i;
            frame.append(i == 0 ? "" : ",").append("{\"type\":\"tick\",\"exchange\":\"BKUP\",\"symbol\":\"S\",\"timestamp\":")
                    .append(dayStartUs + seq * 1000).append(",\"sequence_number\":").append(seq)
                    .append(",\"bid_price\":\"").append(100 + seq % 7).append('.').append(String.format("%08d", seq))
                    .append("\",\"bid_size\":\"").append(seq % 13 + 1).append(".5\"}");
        }
        JsonObject ack = client.request(frame.append(']').toString());
        assertEquals("ok", ack.getString("status"), ack.encode());
        assertEquals(TICKS_PER_FRAME, ack.getInteger("accepted"), ack.encode());
        acked.add(new Frame(firstSeq, dayStartUs, ack.getLong("journal_index")));
    }

    private static void awaitFrames(List<Frame> acked, int n) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            synchronized (acked) {
                if (acked.size() >= n) {
                    return;
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("fewer than " + n + " frames acked in 60 s");
    }

    private static void startAndStop(Path data, Path log) throws Exception {
        try (ServerProcess s = ServerProcess.start(data, log, Map.of("TICKSTORE_PORTFOLIO_SNAPSHOT_INTERVAL_S", "0"))) {
            s.awaitReady();
            s.stop();
        }
    }

    /** The sequence numbers of the ticks of the frames acked at or before {@code index}. */
    private static TreeSet<Long> expected(List<Frame> acked, long index) {
        TreeSet<Long> out = new TreeSet<>();
        synchronized (acked) {
            for (Frame f : acked) {
                if (f.journalIndex() <= index) {
                    for (int i = 0; i < TICKS_PER_FRAME; i++) {
                        out.add(f.firstSeq() + i);
                    }
                }
            }
        }
        return out;
    }

    /** Every stored tick's sequence number (warm and cold), failing on a duplicate. */
    private static TreeSet<Long> ticks(Path data) throws Exception {
        TreeSet<Long> out = new TreeSet<>();
        try (Connection c = open(data); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT sequence_number FROM (" + allTicks(data, Long.MAX_VALUE) + ")")) {
            while (rs.next()) {
                assertTrue(out.add(rs.getLong(1)), "tick " + rs.getLong(1) + " stored twice in " + data);
            }
        }
        return out;
    }

    /** Per UTC day: count, sum of bid_price, sum of bid_size (exact), of the ticks journaled at or before {@code index}. */
    private static Map<String, String> perDay(Path data, long index) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = open(data); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT CAST(timestamp AS DATE)::VARCHAR, count(*), sum(bid_price)::VARCHAR, "
                     + "sum(bid_size)::VARCHAR FROM (" + allTicks(data, index) + ") GROUP BY 1")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2) + " " + rs.getString(3) + " " + rs.getString(4));
            }
        }
        assertFalse(out.isEmpty());
        return out;
    }

    private static String allTicks(Path data, long index) throws Exception {
        String warm = "SELECT timestamp, sequence_number, bid_price, bid_size FROM market_ticks WHERE journal_index <= " + index;
        try (Stream<Path> files = Files.walk(data.resolve("cold"))) {
            List<String> parquet = files.filter(p -> p.toString().endsWith(".parquet")).map(p -> "'" + p + "'").toList();
            if (parquet.isEmpty()) {
                return warm;
            }
            return warm + " UNION ALL SELECT timestamp, sequence_number, bid_price, bid_size FROM read_parquet(["
                    + String.join(",", parquet) + "], hive_partitioning = false)";
        }
    }

    private static Connection open(Path data) throws Exception {
        return DriverManager.getConnection("jdbc:duckdb:" + data.resolve("tickstore.duckdb"));
    }

    private static Path copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        return to;
    }

    private static int run(StringWriter out, StringWriter err, String... args) {
        CommandLine cli = TickstoreCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}

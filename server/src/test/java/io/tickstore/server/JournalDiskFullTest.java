package io.tickstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.tickstore.store.TickStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal's disk fills up under ingest: the journal directory is a small tmpfs the test mounts (as
 * root; skipped otherwise). Frames past journal.min_free_mb get an error reply naming the problem and no
 * ack, the server stays up, nothing acked is lost; once the tmpfs is made larger the same connection's
 * frames are acked again, the refused ones sent again are stored, and every acked tick is stored once.
 */
@Tag("slow")
class JournalDiskFullTest {
    private static final int TICKS_PER_FRAME = 200;
    private static final int MIN_FREE_MB = 2;
    private static final int MAX_FRAMES = 5000;
    private static final long START_MICROS = 1_704_153_600_000_000L; // 2024-01-02T00:00:00Z

    @TempDir
    Path dataDir;

    @Test
    void aFullJournalDiskRefusesFramesWithAReasonAndIngestResumesWhenSpaceReturns() throws Exception {
        Path journalDir = dataDir.resolve(TickStore.JOURNAL_DIR);
        Files.createDirectories(journalDir);
        mountTmpfsOrSkip(journalDir, "size=8m");
        Vertx vertx = Vertx.vertx();
        try {
            try (TestServer server = TestServer.start(dataDir,
                    c -> c.withJournal(c.journal().withMinFreeMb(MIN_FREE_MB)));
                 IngestClient in = IngestClient.connect(vertx, server.port())) {
                MeterRegistry registry = server.server.registry();

                // 1. Ingest until the journal's disk refuses.
                int frame = 0;
                int acked = 0;
                JsonObject refusal = null;
                while (refusal == null) {
                    assertTrue(frame < MAX_FRAMES, "an 8 MiB journal disk never filled after " + frame + " frames");
                    JsonObject reply = in.request(frame(frame));
                    if ("ok".equals(reply.getString("status"))) {
                        assertEquals(TICKS_PER_FRAME, reply.getInteger("accepted"), reply.encode());
                        acked++;
                        frame++;
                    } else {
                        refusal = reply;
                    }
                }
                int firstRefused = frame;
                String error = refusal.getString("error");
                assertEquals("error", refusal.getString("status"), refusal.encode());
                assertTrue(error.startsWith("frame not accepted: journal disk full: ")
                        && error.contains(journalDir.toAbsolutePath().toString())
                        && error.contains("journal.min_free_mb"), error);
                assertTrue(acked > 10, "only " + acked + " frames fit before the disk was full");

                // 2. Still full: more frames get the same error and no ack; the server answers.
                for (int i = 1; i <= 3; i++) {
                    JsonObject reply = in.request(frame(firstRefused + i));
                    assertEquals("error", reply.getString("status"), reply.encode());
                    assertTrue(reply.getString("error").contains("journal disk full"), reply.encode());
                }
                assertEquals(200, server.get("/health").statusCode());
                assertTrue(registry.get("tickstore.journal.write.failures").tag("reason", "disk_full").counter()
                        .count() >= 4);
                assertEquals(0.0, registry.get("tickstore.journal.write.failures").tag("reason", "append_error")
                        .counter().count());
                double free = registry.get("tickstore.journal.free.bytes").gauge().value();
                assertTrue(free >= 0 && free < MIN_FREE_MB * 1024.0 * 1024.0, "free bytes gauge " + free);
                server.awaitApplied();
                assertStoredOnce(server, (long) acked * TICKS_PER_FRAME);

                // 3. Space returns: the refused frames, sent again on the same connection, are acked and new.
                run("mount", "-o", "remount,size=32m", journalDir.toString());
                for (int f = firstRefused; f <= firstRefused + 3; f++) {
                    JsonObject reply = in.request(frame(f));
                    assertEquals("ok", reply.getString("status"), reply.encode());
                    assertEquals(TICKS_PER_FRAME, reply.getInteger("accepted"), "not duplicates: " + reply.encode());
                    acked++;
                }
                for (int f = firstRefused + 4; f < firstRefused + 14; f++) {
                    JsonObject reply = in.request(frame(f));
                    assertEquals("ok", reply.getString("status"), reply.encode());
                    acked++;
                }
                server.awaitApplied();
                assertStoredOnce(server, (long) acked * TICKS_PER_FRAME);
                long lastSeq = (long) acked * TICKS_PER_FRAME - 1;
                java.time.Instant lastAt = java.time.Instant.EPOCH.plusNanos((START_MICROS + lastSeq * 1000) * 1000);
                var ticks = server.get("/api/v1/ticks?exchange=DISK&symbol=FULL&from=" + lastAt + "&limit=10");
                assertEquals(200, ticks.statusCode(), ticks.body());
                assertTrue(ticks.body().contains("\"sequence_number\":" + lastSeq + ","), ticks.body());
                assertTrue(server.server.store().pipeline().health().failure() == null);
            }
        } finally {
            vertx.close().await();
            unmount(journalDir);
        }
    }

    private static void assertStoredOnce(TestServer server, long ticks) throws Exception {
        assertEquals(List.of(List.of(ticks, ticks)), server.rows("SELECT count(*), count(DISTINCT sequence_number) "
                + "FROM market_ticks WHERE exchange = 'DISK' AND symbol = 'FULL'"));
    }

    /** Frame {@code n}: ticks n*200 .. n*200+199 of DISK/FULL, with long text fields so the journal fills fast. */
    private static String frame(int n) {
        StringBuilder sb = new StringBuilder(TICKS_PER_FRAME * 200).append('[');
        for (int i = 0; i < TICKS_PER_FRAME; i++) {
            long seq = (long) n * TICKS_PER_FRAME + i;
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"type\":\"tick\",\"exchange\":\"DISK\",\"symbol\":\"FULL\",\"timestamp\":")
                    .append(START_MICROS + seq * 1000).append(",\"bid_price\":100.").append(seq % 100)
                    .append(",\"ask_price\":101.").append(seq % 100).append(",\"last_price\":100.5,\"last_size\":")
                    .append(1 + seq % 7).append(",\"sequence_number\":").append(seq).append('}');
        }
        return sb.append(']').toString();
    }

    private static void mountTmpfsOrSkip(Path dir, String options) throws Exception {
        String uid = new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes(),
                StandardCharsets.US_ASCII).trim();
        assumeTrue("0".equals(uid), "JournalDiskFullTest mounts a tmpfs and needs root (uid is " + uid + ")");
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(p.waitFor() == 0, "JournalDiskFullTest could not mount a tmpfs on " + dir + ": " + out);
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
    }

    /** Unmounts the tmpfs; lazily if a mapping still holds it, so the temp dir can always be deleted. */
    private static void unmount(Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("umount", dir.toString()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            Process lazy = new ProcessBuilder("umount", "-l", dir.toString()).redirectErrorStream(true).start();
            lazy.getInputStream().readAllBytes();
            lazy.waitFor();
        }
    }
}

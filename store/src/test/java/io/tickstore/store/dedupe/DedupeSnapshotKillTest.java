package io.tickstore.store.dedupe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A snapshot writer killed with SIGKILL at random instants: the snapshot on disk is always whole. */
class DedupeSnapshotKillTest {
    @TempDir
    Path dataDir;

    private Process startWriter() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-") || arg.startsWith("-Dchronicle")) {
                command.add(arg);
            }
        }
        command.add("-Xmx512m");
        command.add("-cp");
        String classpath = System.getProperty("surefire.test.class.path");
        command.add(classpath != null ? classpath : System.getProperty("java.class.path"));
        command.add(SnapshotWriterProcess.class.getName());
        command.add(dataDir.toString());
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    @Test
    void aWriterKilledAtAnyInstantLeavesTheOldOrTheNewSnapshotWhole() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        long confirmed = -1;
        int killedMidWrite = 0;
        for (int round = 0; round < 5; round++) {
            Process writer = startWriter();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(),
                    StandardCharsets.UTF_8))) {
                int writes = 1 + random.nextInt(3);
                for (int seen = 0; seen < writes; ) {
                    String line = out.readLine();
                    if (line == null) {
                        fail("the writer exited: seed " + seed);
                    }
                    if (line.startsWith("written ")) {
                        confirmed = Long.parseLong(line.substring("written ".length()));
                        seen++;
                    }
                }
                Thread.sleep(random.nextInt(60));
                writer.destroyForcibly(); // SIGKILL (writes confirmed after the last line read are not counted)
                assertTrue(writer.waitFor(30, TimeUnit.SECONDS));
            }
            Path temp = DedupeSnapshot.file(dataDir).resolveSibling(DedupeSnapshot.TEMP_FILE);
            if (Files.exists(temp)) {
                killedMidWrite++;
            }
            DedupeState loaded = DedupeSnapshot.load(dataDir, new GapLog(1, new SimpleMeterRegistry()));
            assertNotNull(loaded, "seed " + seed + ", round " + round);
            assertFalse(Files.exists(temp), "load deletes a killed writer's temporary file");
            long index = loaded.journalIndex();
            assertTrue(index >= confirmed, "seed " + seed + ": a write that returned (" + confirmed
                    + ") is never lost: loaded " + index);
            assertEquals(index, loaded.deduplicator().highestSequence("X", "A"), "the state of step " + index);
            assertEquals(SnapshotWriterProcess.BASE_TRADES + index, loaded.deduplicator().tradeIdCount());
            assertTrue(loaded.deduplicator().containsTrade("step-" + index));
            assertTrue(loaded.deduplicator().containsTrade("t-" + (SnapshotWriterProcess.BASE_TRADES - 1)));
            confirmed = index;
        }
        System.out.println("5 kills, " + killedMidWrite + " of them during a write (seed " + seed + ")");
    }
}

package io.tickstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line in its own JVM: a bad configuration stops start-up with one line and exit code 2. */
class MainTest {
    @TempDir
    Path dir;

    @Test
    void badEnvironmentValueStopsStartupWithOneLine() throws Exception {
        ProcessBuilder pb = ServerProcess.mainCommand("serve");
        pb.environment().put("TICKSTORE_HTTP_PORT", "abc");
        pb.environment().put("TICKSTORE_DATA_DIR", dir.resolve("data").toString());
        Process p = pb.start();
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(2, p.waitFor());
        assertEquals("invalid configuration: http.port = \"abc\" (from environment TICKSTORE_HTTP_PORT): "
                + "expected an integer 0..65535", stderr);
    }

    @Test
    void unknownKeyInConfigFileStopsStartup() throws Exception {
        Path file = dir.resolve("tickstore.properties");
        java.nio.file.Files.writeString(file, "http.prot = 9000\n");
        Process p = ServerProcess.mainCommand("serve", "--config", file.toString()).start();
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(2, p.waitFor());
        assertEquals("invalid configuration: unknown key \"http.prot\" (in file " + file.toAbsolutePath() + ")", stderr);
    }

    @Test
    void unknownCommandPrintsUsage() throws Exception {
        Process p = ServerProcess.mainCommand("srve").start();
        List<String> lines = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertEquals(2, p.waitFor());
        assertEquals("unknown command \"srve\"", lines.get(0));
        assertEquals("usage: tickstore <command>", lines.get(1));
    }
}

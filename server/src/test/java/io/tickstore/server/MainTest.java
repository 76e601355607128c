package io.tickstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void unknownCommandNamesItAndTheCloseOne() throws Exception {
        Process p = ServerProcess.mainCommand("srve").start();
        List<String> lines = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertEquals(2, p.waitFor());
        assertEquals(List.of("tickstore: Unmatched argument at index 0: 'srve'", "Did you mean: tickstore serve or tickstore verify-mirror?",
                "See 'tickstore --help'."), lines);
    }

    @Test
    void unknownOptionIsNamed() throws Exception {
        Process p = ServerProcess.mainCommand("serve", "--confg", "x").start();
        List<String> lines = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertEquals(2, p.waitFor());
        assertEquals("tickstore serve: Unknown options: '--confg', 'x'", lines.get(0));
        assertTrue(lines.contains("See 'tickstore serve --help'."), lines.toString());
    }

    @Test
    void helpListsTheCommandsAndTheExitCodes() throws Exception {
        Process p = ServerProcess.mainCommand("--help").start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("Usage: tickstore [-hV] COMMAND"), out);
        assertTrue(out.contains("  serve ") && out.contains("Exit codes: 0 ok; 1 the run failed; 2 bad command line"),
                out);
        Process none = ServerProcess.mainCommand().start();
        String err = new String(none.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, none.waitFor());
        assertTrue(err.contains("Usage: tickstore [-hV] COMMAND"), "no command: the usage, on stderr: " + err);
    }
}

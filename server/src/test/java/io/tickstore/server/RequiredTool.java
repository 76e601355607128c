package io.tickstore.server;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A program a test needs from the machine (Debian's chromium, promtool). {@code .ci/run} installs
 * them, so in CI (the {@code CI} environment variable set) a missing one fails the test; elsewhere the
 * test is skipped with a message saying what to install.
 */
final class RequiredTool {
    private RequiredTool() {
    }

    static void require(String install, Path... executables) {
        boolean present = true;
        for (Path p : executables) {
            present &= Files.isExecutable(p);
        }
        String how = "needs " + java.util.Arrays.toString(executables) + ": apt-get install " + install
                + " (.ci/run installs it)";
        if (!present && System.getenv("CI") != null) {
            fail(how);
        }
        assumeTrue(present, how);
    }
}

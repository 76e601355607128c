package io.tickstore.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Prometheus's {@code promtool} (Debian's {@code prometheus} package), run in the repository root. */
final class Promtool {
    static final Path EXECUTABLE = Path.of("/usr/bin/promtool");
    /** The repository root: tests run in the server module's directory. */
    static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    /** What one run printed (stdout and stderr together) and its exit code. */
    record Run(int exitCode, String output) {
    }

    private Promtool() {
    }

    static void requireInstalled() {
        RequiredTool.require("prometheus", EXECUTABLE);
    }

    /** Runs {@code promtool ARGS}, feeding {@code stdin} (may be null); at most a minute. */
    static Run run(String stdin, String... args) throws IOException, InterruptedException {
        requireInstalled();
        List<String> command = new ArrayList<>(List.of(EXECUTABLE.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(REPOSITORY.toFile()).redirectErrorStream(true).start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(1, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("promtool " + args[0] + " did not end within a minute");
        }
        return new Run(p.exitValue(), output);
    }
}

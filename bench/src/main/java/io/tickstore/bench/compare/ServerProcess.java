package io.tickstore.bench.compare;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A server the harness runs as its own process (tickstore, QuestDB), its output in a log file.
 * {@link #close} asks it to stop (SIGTERM: both shut down cleanly on it), then kills it and any
 * child it left after a grace period.
 */
public final class ServerProcess implements AutoCloseable {
    private static final long STOP_GRACE_SECONDS = 20;

    private final String name;
    private final Process process;
    private final Path log;

    private ServerProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command} in {@code dir} with {@code env} added to this process's environment. */
    public static ServerProcess start(String name, List<String> command, Map<String, String> env, Path dir, Path log)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close(); // nothing to read on its standard input
        return new ServerProcess(name, p, log);
    }

    public long pid() {
        return process.pid();
    }

    /**
     * Polls {@code ready} every 100 ms until it returns true.
     *
     * @throws IllegalStateException naming the process and quoting its log when it exits or the timeout passes
     */
    public void awaitReady(long timeoutSeconds, Callable<Boolean> ready) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        Exception last = null;
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue()
                        + " while starting; last lines of " + log + ":\n" + logTail(30));
            }
            try {
                if (Boolean.TRUE.equals(ready.call())) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(name + " not ready after " + timeoutSeconds + " s"
                        + (last == null ? "" : " (last probe: " + last + ")") + "; last lines of " + log + ":\n"
                        + logTail(30));
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** The last {@code lines} lines of the log. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** SIGKILL, as a crash would, then waits up to 30 s for the process to be gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " still alive 30 s after SIGKILL");
        }
    }

    /** SIGTERM, up to 20 s to stop, then SIGKILL (the process and its descendants). Never throws. */
    @Override
    public void close() {
        try {
            List<ProcessHandle> children = new ArrayList<>(process.descendants().toList());
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            }
            for (ProcessHandle h : children) {
                if (h.isAlive()) {
                    h.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** A TCP port free on 127.0.0.1 right now (another process may take it before it is used). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    /** Deletes a file tree; never throws (what cannot be deleted is left). */
    public static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // left behind; the caller's temp root is reported
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // left behind
        }
    }
}

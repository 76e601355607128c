package io.tickstore.server;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The server as its own JVM ({@code Main serve}), configured through environment variables, for
 * tests that kill it. {@link #kill} is SIGKILL; {@link #stop} is SIGTERM (clean shutdown). Start it in a
 * try-with-resources: {@link #close} kills a server the test left running (a failed assertion between
 * start and stop), so that no server JVM outlives its test.
 */
final class ServerProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final int port;
    private final Path log;

    private ServerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static ServerProcess start(Path dataDir, Path log) throws IOException {
        return start(dataDir, log, java.util.Map.of());
    }

    /** With further configuration, as environment variables ({@code TICKSTORE_…}). */
    static ServerProcess start(Path dataDir, Path log, java.util.Map<String, String> environment) throws IOException {
        return start(dataDir, log, environment, List.of());
    }

    /** With further JVM arguments ({@code -D…}, e.g. a test hook). */
    static ServerProcess start(Path dataDir, Path log, java.util.Map<String, String> environment, List<String> jvmArgs)
            throws IOException {
        int port = freePort();
        // The DuckDB driver unpacks its native library into java.io.tmpdir and deletes it on a clean
        // exit only: a SIGKILLed server would leave ~60 MB in /tmp per kill. Next to the log, it goes
        // with the test's temp dir.
        Path jvmTmp = Files.createDirectories(log.resolveSibling("jvm-tmp"));
        List<String> args = new ArrayList<>(List.of("-Xmx1g", "-Djava.io.tmpdir=" + jvmTmp));
        args.addAll(jvmArgs);
        args.add("serve");
        ProcessBuilder pb = mainCommand(args.toArray(new String[0])).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("TICKSTORE_DATA_DIR", dataDir.toString());
        pb.environment().put("TICKSTORE_HTTP_HOST", "127.0.0.1");
        pb.environment().put("TICKSTORE_HTTP_PORT", Integer.toString(port));
        pb.environment().put("TICKSTORE_HTTP_EVENT_LOOPS", "2");
        pb.environment().putAll(environment);
        return new ServerProcess(pb.start(), port, log);
    }

    int port() {
        return port;
    }

    /** Waits for GET /ready to answer 200 (journal replayed). */
    void awaitReady() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("server exited with " + process.exitValue() + "; log:\n" + tail());
            }
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/ready")).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
                if (r.body().contains("\"failed\"")) {
                    throw new AssertionError("server failed to become ready: " + r.body());
                }
            } catch (IOException notListeningYet) {
                // keep polling
            }
            Thread.sleep(50);
        }
        throw new AssertionError("server not ready in 90 s; log:\n" + tail());
    }

    /**
     * Waits until every sink in GET /ready has applied the whole journal ({@code lag_messages} 0): a
     * test that then stops the server and reads the DuckDB file does not depend on how far a sink with
     * small transactions gets within the shutdown's own bounded wait.
     */
    void awaitSinksCaughtUp(long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/ready")).build(), HttpResponse.BodyHandlers.ofString());
            last = r.body();
            io.vertx.core.json.JsonArray sinks = new io.vertx.core.json.JsonObject(last).getJsonArray("sinks");
            boolean caughtUp = sinks != null && !sinks.isEmpty();
            for (int i = 0; caughtUp && i < sinks.size(); i++) {
                caughtUp = sinks.getJsonObject(i).getLong("lag_messages", -1L) == 0;
            }
            if (caughtUp) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("sinks not caught up within " + seconds + " s: " + last);
    }

    /** SIGKILL: no shutdown hook, no flush, nothing. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: the shutdown hook drains the pipeline and closes the store. */
    void stop() throws InterruptedException, IOException {
        process.destroy();
        // (longer than the server's own bounded wait for its sinks at shutdown, 60 s)
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            String threads = threadDump();
            process.destroyForcibly();
            throw new AssertionError("server did not stop within 90 s after SIGTERM; log:\n" + tail()
                    + "\nthreads:\n" + threads);
        }
    }

    /** The live server's threads ({@code jcmd PID Thread.print}), to tell what a stop waits for. */
    private String threadDump() {
        try {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.print")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor(20, TimeUnit.SECONDS);
            return out;
        } catch (IOException | InterruptedException e) {
            return "(no thread dump: " + e + ")";
        }
    }

    /** Kills the server if it is still running (a test that failed before its stop or kill); else nothing. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    int waitForExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("process still running after " + seconds + " s");
        }
        return process.exitValue();
    }

    String tail() throws IOException {
        if (!Files.exists(log)) {
            return "";
        }
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * {@code java <this JVM's Chronicle flags> -cp <test classpath> [jvmArgs starting with -X or -D] Main <args>}.
     * Leading arguments starting with {@code -X} or {@code -D} go to the JVM, the rest to {@link Main}.
     */
    static ProcessBuilder mainCommand(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The same JVM flags this test JVM got from surefire: Chronicle's --add-opens/exports and
        // -Dchronicle.analytics.disable=true.
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-") || arg.startsWith("-Dchronicle")) {
                command.add(arg);
            }
        }
        int i = 0;
        while (i < args.length && (args[i].startsWith("-X") || args[i].startsWith("-D"))) {
            command.add(args[i++]);
        }
        command.add("-cp");
        String classpath = System.getProperty("surefire.test.class.path");
        command.add(classpath != null ? classpath : System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of(args).subList(i, args.length));
        return new ProcessBuilder(command);
    }
}

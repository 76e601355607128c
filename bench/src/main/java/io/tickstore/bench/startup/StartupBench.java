package io.tickstore.bench.startup;

import io.tickstore.bench.compare.ServerProcess;
import io.tickstore.bench.jmh.ChronicleJvmFlags;
import io.tickstore.bench.load.IngestConnections;
import io.tickstore.bench.load.TickJsonWriter;
import io.tickstore.store.model.Decimal8;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a server takes from its process start to {@code /ready} answering 200 on an existing data
 * directory, round after round. Round 1 opens the directory as it is; before each later round the
 * previous server is sent {@code tail} ticks (acked, so journaled) and killed with SIGKILL at once, so
 * the start that follows recovers a crash with a short journal tail no sink has stored yet, which is
 * what an operator's restart after a crash looks like. Any build can be measured: the server runs from
 * the class path given ({@code io.tickstore.server.Main serve}), so the same data can be opened by an
 * older build to state its figure (a data directory written by a newer build may not open in an older one).
 */
final class StartupBench {
    private static final Pattern REPLAYED = Pattern.compile("\"replayed_at_start\":(\\d+)");
    private static final long POLL_MILLIS = 10;
    private static final int FRAME_TICKS = 500;

    /** What to run: the data directory (used in place), the server's class path, rounds, tail ticks. */
    record Options(Path dataDir, String classpath, int rounds, int tail, long timeoutSeconds) {
    }

    /** One start: milliseconds to /ready 200, and what it replayed. */
    record Start(int round, long tailBefore, long readyMillis, long replayed) {
    }

    private StartupBench() {
    }

    static List<Start> run(Options o, PrintWriter out) throws Exception {
        if (!Files.isDirectory(o.dataDir())) {
            throw new IllegalArgumentException("--data-dir: " + o.dataDir() + " is not a directory");
        }
        Path work = Files.createTempDirectory("tickstore-startup");
        List<Start> starts = new ArrayList<>();
        out.printf(Locale.ROOT, "data %s, %d rounds, %d ticks journaled and SIGKILLed before rounds 2..%d%n",
                o.dataDir(), o.rounds(), o.tail(), o.rounds());
        out.println("| round | ticks journaled before the kill | process start to /ready 200 | replayed at start |");
        out.println("|---|---|---|---|");
        out.flush();
        long sent = 0;
        for (int round = 1; round <= o.rounds(); round++) {
            int port = ServerProcess.freePort();
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(ChronicleJvmFlags.ALL);
            cmd.addAll(List.of("-cp", o.classpath(), "io.tickstore.server.Main", "serve"));
            Map<String, String> env = Map.of("TICKSTORE_DATA_DIR", o.dataDir().toString(),
                    "TICKSTORE_HTTP_HOST", "127.0.0.1", "TICKSTORE_HTTP_PORT", Integer.toString(port));
            long t0 = System.nanoTime();
            ServerProcess server = ServerProcess.start("tickstore", cmd, env, work, work.resolve("round-" + round + ".log"));
            try {
                String body = awaitReady(server, port, t0, o.timeoutSeconds());
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                Matcher m = REPLAYED.matcher(body);
                Start s = new Start(round, round == 1 ? 0 : sent, millis, m.find() ? Long.parseLong(m.group(1)) : -1);
                starts.add(s);
                out.printf(Locale.ROOT, "| %d | %,d | %,d ms | %,d |%n", s.round(), s.tailBefore(), s.readyMillis(),
                        s.replayed());
                out.flush();
                if (round < o.rounds()) {
                    sent = sendTail(port, o.tail());
                    server.kill();
                }
            } finally {
                server.close();
            }
        }
        long[] later = starts.stream().filter(s -> s.round() > 1).mapToLong(Start::readyMillis).sorted().toArray();
        if (later.length > 0) {
            out.printf(Locale.ROOT, "after a crash with a %,d-tick tail: median %,d ms, max %,d ms (%d starts)%n", o.tail(),
                    later[later.length / 2], later[later.length - 1], later.length);
        }
        ServerProcess.deleteTree(work);
        return starts;
    }

    /** Polls /ready every 10 ms until 200; returns its body. */
    private static String awaitReady(ServerProcess server, int port, long t0, long timeoutSeconds) throws Exception {
        URI ready = URI.create("http://127.0.0.1:" + port + "/ready");
        while (true) {
            if (!server.alive()) {
                throw new IllegalStateException("the server exited while starting; its log:\n" + server.logTail(30));
            }
            try {
                HttpURLConnection c = (HttpURLConnection) ready.toURL().openConnection();
                c.setConnectTimeout(1000);
                c.setReadTimeout(5000);
                int status = c.getResponseCode();
                try (InputStream in = status == 200 ? c.getInputStream() : c.getErrorStream()) {
                    String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    if (status == 200) {
                        return body;
                    }
                }
            } catch (IOException notListeningYet) {
                // the HTTP server is not up yet
            }
            if (System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(timeoutSeconds)) {
                throw new IllegalStateException("not ready after " + timeoutSeconds + " s; its log:\n" + server.logTail(30));
            }
            TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
        }
    }

    /**
     * Sends {@code ticks} ticks of a feed of its own (exchange STARTUP, sequence numbers from the wall
     * clock in microseconds, so every round continues the feed) and waits for every ack.
     */
    private static long sendTail(int port, int ticks) throws Exception {
        if (ticks == 0) {
            return 0;
        }
        TickJsonWriter json = new TickJsonWriter();
        String prefix = TickJsonWriter.prefix("STARTUP", "TAIL");
        long base = TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis());
        long price = 100 * Decimal8.SCALE;
        try (IngestConnections ingest = IngestConnections.connect(URI.create("ws://127.0.0.1:" + port + "/ws/ingest"),
                1, 16, c -> { })) {
            StringBuilder frame = new StringBuilder(FRAME_TICKS * 200);
            int inFrame = 0;
            for (int i = 0; i < ticks; i++) {
                frame.append(inFrame == 0 ? '[' : ',');
                json.tick(frame, prefix, base + i, price, price + Decimal8.SCALE / 100, Decimal8.SCALE, Decimal8.SCALE,
                        price, Decimal8.SCALE, base + i);
                if (++inFrame == FRAME_TICKS || i == ticks - 1) {
                    ingest.sendWhenRoom(0, frame.append(']').toString(), inFrame);
                    frame.setLength(0);
                    inFrame = 0;
                }
            }
            ingest.awaitReplies(0, 120, TimeUnit.SECONDS);
            if (ingest.errorReplies() > 0 || ingest.accepted() != ticks) {
                throw new IllegalStateException("tail: " + ingest.accepted() + " of " + ticks + " accepted, errors "
                        + ingest.errors() + " " + ingest.problems());
            }
        }
        return ticks;
    }
}

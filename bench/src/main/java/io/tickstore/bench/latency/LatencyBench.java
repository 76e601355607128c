package io.tickstore.bench.latency;

import io.tickstore.bench.compare.ServerProcess;
import io.tickstore.bench.jmh.ChronicleJvmFlags;
import io.tickstore.bench.load.LoadGenerator;
import io.tickstore.bench.load.LoadOptions;
import io.tickstore.bench.load.LoadSummary;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ack latency of tickstore against the {@code ack-echo} baseline on the same machine, in interleaved
 * rounds: one noisy run of each says little on two shared cores, a median over rounds that each ran
 * both servers back to back says more. Both servers run as their own processes for the whole
 * command (tickstore on a fresh data directory), the load generator ({@link LoadGenerator}) in this
 * one, as {@code tickstore load} runs. A round is one load run against each, the order alternating
 * from round to round so a drift of the machine's load does not favour one. A round in which the
 * generator itself fell behind its schedule (send lag p99 above a bound) on either run says nothing
 * about the servers and is left out of the medians; one in which a server fell more than a window
 * behind (the sender waited for acks) is that server's tail and stays in.
 */
final class LatencyBench {
    static final String TICKSTORE = "tickstore";
    static final String ACK_ECHO = "ack-echo";
    private static final Pattern LAG = Pattern.compile("\"lag_messages\":(\\d+)");
    private static final long START_TIMEOUT_SECONDS = 120;
    private static final long SETTLE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);

    /**
     * What to run.
     *
     * @param load             the load of each run (its url is replaced by each server's)
     * @param rounds           rounds (each runs both servers once)
     * @param warmupRounds     rounds run first and not counted (numbered 0, -1, ...): a fresh server
     *                         process is still compiling its hot paths for longer than one run's warm-up
     * @param maxSendLagMicros a run whose generator send lag p99 is above this, its window never full, leaves
     *                         its round out
     * @param java             the java executable both servers run with
     * @param jvmOptions       JVM options both servers get (after the Chronicle flags)
     * @param tickstoreJvmOptions JVM options only tickstore gets (after those)
     * @param tickstoreEnv     environment added to tickstore's ({@code TICKSTORE_*} configuration)
     * @param classpath        the class path both servers run from (this bench jar's holds the server)
     * @param keep             keep the work directory (data directory and server logs)
     */
    record Options(LoadOptions load, int rounds, int warmupRounds, long maxSendLagMicros, String java, List<String> jvmOptions,
                   List<String> tickstoreJvmOptions, Map<String, String> tickstoreEnv, String classpath, boolean keep) {
    }

    /**
     * One load run against one server.
     *
     * @param cpuMicrosPerFrame the server process's CPU time over the run (warm-up, window and drain)
     *                          divided by the frames sent in it; NaN when it could not be read
     */
    record Run(int round, String server, LoadSummary load, boolean generatorBehind, double cpuMicrosPerFrame) {
        double p99Micros() {
            return micros(load.latencyNanos().getValueAtPercentile(99));
        }
    }

    /** The medians over the rounds kept; NaN where no round was kept. */
    record Summary(int rounds, int kept, double tickstoreP99Micros, double ackEchoP99Micros,
                   double tickstoreServerP99Micros, double tickstoreServerP50Micros, double tickstoreCpuMicrosPerFrame,
                   double ackEchoCpuMicrosPerFrame, boolean allAcked) {
        double ratio() {
            return tickstoreP99Micros / ackEchoP99Micros;
        }
    }

    private LatencyBench() {
    }

    static Summary run(Options o, PrintWriter out, PrintWriter err) throws Exception {
        Path work = Files.createTempDirectory("tickstore-latency");
        LoadOptions l = o.load();
        out.printf(Locale.ROOT, "tickstore latency: %d rounds (after %d warm-up round(s)) of tickstore and ack-echo, "
                        + "alternating; each run %d "
                        + "connection(s), %d tick(s)/frame, %d ticks/s, window %d, warmup %.1f s, measuring %.1f s; "
                        + "a round is left out when the generator's send lag p99 exceeds %d us; work %s%n",
                o.rounds(), o.warmupRounds(), l.connections(), l.frameSize(), l.rate(), l.window(), l.warmupNanos() / 1e9,
                l.durationNanos() / 1e9, o.maxSendLagMicros(), work);
        out.flush();
        List<Run> runs = new ArrayList<>();
        try (Server tickstore = startTickstore(o, work);
             Server ackEcho = startAckEcho(o, work)) {
            for (int round = 1 - o.warmupRounds(); round <= o.rounds(); round++) {
                boolean tickstoreFirst = round % 2 == 1;
                for (String server : tickstoreFirst ? List.of(TICKSTORE, ACK_ECHO) : List.of(ACK_ECHO, TICKSTORE)) {
                    Server target = server.equals(TICKSTORE) ? tickstore : ackEcho;
                    if (!target.process().alive()) {
                        throw new IllegalStateException(server + " exited; last lines of its log:\n"
                                + target.process().logTail(30));
                    }
                    if (target == tickstore) {
                        settle(tickstore.port());
                    }
                    LoadOptions at = new LoadOptions(URI.create("ws://127.0.0.1:" + target.port() + "/ws/ingest"),
                            l.connections(), l.frameSize(), l.rate(), l.durationNanos(), l.warmupNanos(), l.symbols(),
                            l.window(), false, false, l.token());
                    long cpuBefore = ProcessCpu.nanos(target.process().pid());
                    LoadSummary s = LoadGenerator.measure(at, err);
                    long cpuAfter = ProcessCpu.nanos(target.process().pid());
                    double frames = (double) l.rate() * (l.warmupNanos() + l.durationNanos()) / 1e9 / l.frameSize();
                    double cpuPerFrame = cpuBefore < 0 || cpuAfter < 0 ? Double.NaN
                            : (cpuAfter - cpuBefore) / 1000.0 / frames;
                    Run r = new Run(round, server, s, generatorBehind(s, o.maxSendLagMicros()), cpuPerFrame);
                    if (round > 0) {
                        runs.add(r);
                        out.println(line(r));
                    } else {
                        out.println(line(r) + "  [warm-up round: not counted]");
                    }
                    out.flush();
                }
            }
        } finally {
            if (!o.keep()) {
                ServerProcess.deleteTree(work);
            }
        }
        Summary summary = summarize(runs, o.rounds());
        out.println(summaryLine(summary, o.maxSendLagMicros()));
        out.printf(Locale.ROOT, "p99 ratio tickstore/ack-echo: %.2f (median of %d rounds)%n", summary.ratio(),
                summary.kept());
        out.flush();
        return summary;
    }

    /**
     * Whether the generator itself fell behind its schedule: its send lag p99 is above the bound
     * although no window was ever full (a full window means the server was behind, and the lag it
     * caused is that server's tail, kept).
     */
    static boolean generatorBehind(LoadSummary s, long maxSendLagMicros) {
        long lagP99 = s.sendLagNanos() == null ? 0 : s.sendLagNanos().getValueAtPercentile(99);
        return lagP99 > maxSendLagMicros * 1000 && s.windowFullWaits() == 0;
    }

    /** A server process and the port it listens on (HTTP and /ws/ingest). */
    private record Server(ServerProcess process, int port) implements AutoCloseable {
        @Override
        public void close() {
            process.close();
        }
    }

    private static Server startTickstore(Options o, Path work) throws Exception {
        Path data = Files.createDirectories(work.resolve("data"));
        int port = ServerProcess.freePort();
        List<String> cmd = new ArrayList<>();
        cmd.add(o.java());
        cmd.addAll(ChronicleJvmFlags.ALL);
        cmd.addAll(o.jvmOptions());
        cmd.addAll(o.tickstoreJvmOptions());
        cmd.addAll(List.of("-cp", o.classpath(), "io.tickstore.server.Main", "serve"));
        Map<String, String> env = new HashMap<>(o.tickstoreEnv());
        env.put("TICKSTORE_DATA_DIR", data.toString());
        env.put("TICKSTORE_HTTP_HOST", "127.0.0.1");
        env.put("TICKSTORE_HTTP_PORT", Integer.toString(port));
        ServerProcess p = ServerProcess.start(TICKSTORE, cmd, env, work, work.resolve("tickstore.log"));
        try {
            p.awaitReady(START_TIMEOUT_SECONDS, () -> get(port, "/ready") != null);
        } catch (Exception | Error e) {
            p.close();
            throw e;
        }
        return new Server(p, port);
    }

    private static Server startAckEcho(Options o, Path work) throws Exception {
        int port = ServerProcess.freePort();
        List<String> cmd = new ArrayList<>();
        cmd.add(o.java());
        cmd.addAll(ChronicleJvmFlags.ALL);
        cmd.addAll(o.jvmOptions());
        cmd.addAll(List.of("-cp", o.classpath(), "io.tickstore.bench.BenchMain", "ack-echo", "--port",
                Integer.toString(port)));
        ServerProcess p = ServerProcess.start(ACK_ECHO, cmd, Map.of(), work, work.resolve("ack-echo.log"));
        try {
            p.awaitReady(START_TIMEOUT_SECONDS, () -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                    return true;
                }
            });
        } catch (Exception | Error e) {
            p.close();
            throw e;
        }
        return new Server(p, port);
    }

    /** Waits (at most 30 s) until every sink has applied what the last run journaled, so a run starts from rest. */
    private static void settle(int port) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE_TIMEOUT_NANOS;
        while (System.nanoTime() - deadline < 0) {
            String ready = get(port, "/ready");
            if (ready != null && !hasLag(ready)) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    private static boolean hasLag(String readyJson) {
        Matcher m = LAG.matcher(readyJson);
        while (m.find()) {
            if (Long.parseLong(m.group(1)) > 0) {
                return true;
            }
        }
        return false;
    }

    /** The body of a 200 reply, or null. */
    private static String get(int port, String path) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL()
                    .openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(5000);
            if (c.getResponseCode() != 200) {
                return null;
            }
            try (InputStream in = c.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            return null;
        }
    }

    /** {@code round 1  tickstore  client us p50 ... | send lag p99 ... | server us p50 <= ... p99 <= ... | frames ...}. */
    static String line(Run r) {
        LoadSummary s = r.load();
        var lat = s.latencyNanos();
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "round %d  %-9s  client us p50 %.1f  p99 %.1f  p99.9 %.1f  |  send lag us p99 %.1f  |  server us ",
                r.round(), r.server(), micros(lat.getValueAtPercentile(50)), micros(lat.getValueAtPercentile(99)),
                micros(lat.getValueAtPercentile(99.9)),
                s.sendLagNanos() == null ? 0.0 : micros(s.sendLagNanos().getValueAtPercentile(99))));
        if (s.serverLatency() == null) {
            b.append("-");
        } else {
            b.append(String.format(Locale.ROOT, "p50 <= %.0f  p99 <= %.0f", s.serverLatency().p50Micros(),
                    s.serverLatency().p99Micros()));
        }
        b.append(String.format(Locale.ROOT, "  |  server cpu us/frame %.1f", r.cpuMicrosPerFrame()));
        b.append(String.format(Locale.ROOT, "  |  frames %d  errors %d  closes %d  unacked %d",
                lat.getTotalCount(), s.errorReplies(), s.closes(), s.unacked()));
        if (s.windowFullWaits() > 0) {
            b.append("  [server behind: window full ").append(s.windowFullWaits()).append("x]");
        }
        if (r.generatorBehind()) {
            b.append("  [generator behind: round left out]");
        }
        return b.toString();
    }

    static Summary summarize(List<Run> runs, int rounds) {
        boolean[] leftOut = new boolean[rounds + 1];
        boolean allAcked = true;
        for (Run r : runs) {
            leftOut[r.round()] |= r.generatorBehind();
            allAcked &= r.load().exitCode() == 0;
        }
        List<Double> ts = new ArrayList<>();
        List<Double> echo = new ArrayList<>();
        List<Double> serverP99 = new ArrayList<>();
        List<Double> serverP50 = new ArrayList<>();
        List<Double> tsCpu = new ArrayList<>();
        List<Double> echoCpu = new ArrayList<>();
        for (Run r : runs) {
            if (leftOut[r.round()]) {
                continue;
            }
            if (r.server().equals(TICKSTORE)) {
                ts.add(r.p99Micros());
                tsCpu.add(r.cpuMicrosPerFrame());
                if (r.load().serverLatency() != null) {
                    serverP99.add(r.load().serverLatency().p99Micros());
                    serverP50.add(r.load().serverLatency().p50Micros());
                }
            } else {
                echo.add(r.p99Micros());
                echoCpu.add(r.cpuMicrosPerFrame());
            }
        }
        return new Summary(rounds, ts.size(), median(ts), median(echo), median(serverP99), median(serverP50), median(tsCpu),
                median(echoCpu), allAcked);
    }

    static String summaryLine(Summary s, long maxSendLagMicros) {
        return String.format(Locale.ROOT, "summary: %d of %d rounds kept (%d left out: generator send lag p99 > %d us "
                        + "with no full window); "
                        + "medians: tickstore client p99 %.1f us, server-side p50 <= %.0f us, p99 <= %.0f us, cpu %.1f "
                        + "us/frame; ack-echo client p99 %.1f us, cpu %.1f us/frame; %s",
                s.kept(), s.rounds(), s.rounds() - s.kept(), maxSendLagMicros, s.tickstoreP99Micros(),
                s.tickstoreServerP50Micros(), s.tickstoreServerP99Micros(), s.tickstoreCpuMicrosPerFrame(),
                s.ackEchoP99Micros(), s.ackEchoCpuMicrosPerFrame(),
                s.allAcked() ? "every frame acked" : "FAILED: errors, closes or unacked frames (see the rounds)");
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static double micros(long nanos) {
        return nanos / 1000.0;
    }
}

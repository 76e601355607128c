package io.tickstore.bench.compare;

import io.tickstore.server.cli.Progress;
import io.tickstore.standins.S3ProxyServer;
import java.io.File;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code tickstore compare}: the side-by-side harness. Generates the data once, then for each target
 * in turn starts it, loads the file (timed to the last ack and to queryable), runs the checked and
 * the measured query runs, and stops it; then compares the checked answers across targets, prints
 * one table and writes it to BENCHMARKS.md. Every process and temp directory it makes is removed at
 * the end, also on failure or Ctrl-C.
 */
public final class Compare {
    /** Most ticks a run may generate. */
    public static final long MAX_TICKS = 1_000_000_000L;
    private static final int MIN_MEASURED_RUNS = 3;
    /** Warm-up runs take their parameters from here on, apart from the checked and measured runs'. */
    static final int WARMUP_RUNS_FROM = 1_000_000;

    private final CompareOptions options;
    private final PrintWriter out;
    private final PrintWriter err;
    private final List<Target> open = new ArrayList<>();
    /** With {@code --lifecycle-s3}: the S3 the tickstore target's cold tier goes to, until {@link #closeAll}. */
    private volatile S3ProxyServer s3;

    private Compare(CompareOptions options, PrintWriter out, PrintWriter err) {
        this.options = options;
        this.out = out;
        this.err = err;
    }

    /** Runs the comparison; the table is printed to {@code out}, progress to {@code err}. */
    public static CompareResult execute(CompareOptions options, PrintWriter out, PrintWriter err) throws Exception {
        return new Compare(options, out, err).execute();
    }

    private CompareResult execute() throws Exception {
        Instant started = Instant.now();
        Path benchTarget = benchTarget();
        Path benchmarksMd = options.noWrite() ? null : benchmarksMd(benchTarget);
        Path questdbJar = null;
        String questdbJava = null;
        if (options.targets().contains(CompareOptions.QUESTDB)) {
            questdbJar = questdbJar(benchTarget);
            questdbJava = QuestDbTarget.javaFor(questdbJar, options.questdbJava());
        }
        String classpath = absolute(options.tickstoreClasspath() != null ? options.tickstoreClasspath()
                : System.getProperty("java.class.path"));
        Machine machine = Machine.read();
        Path tmp = Files.createTempDirectory("tickstore-compare-");
        Thread cleanup = new Thread(() -> closeAll(tmp), "tickstore-compare-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            Path file = options.dataFile() != null ? options.dataFile() : tmp.resolve("ticks.bin");
            DataSet data = DataSet.of(options.seed(), options.ticks(), options.symbols());
            progress("generating %,d ticks over %,d symbols (seed %d) into %s", data.ticks(), data.symbols(),
                    data.seed(), file);
            TickFile.Written written;
            try (Progress p = Progress.start("generate", data.ticks(), "ticks", err)) {
                written = TickFile.write(data, file, p::stepTo);
            }
            progress("generated %,d trades and %,d quotes, %.1f MB in %.1f s", written.trades(), written.quotes(),
                    written.bytes() / 1e6, written.seconds());
            List<TargetResult> results = new ArrayList<>();
            if (options.lifecycleS3()) {
                s3 = S3ProxyServer.start(tmp.resolve("s3"));
                progress("s3proxy up at %s (bucket %s, objects in %s)", s3.endpoint(), S3ProxyServer.BUCKET,
                        tmp.resolve("s3"));
            }
            for (String key : options.targets()) {
                Target target = switch (key) {
                    case CompareOptions.TICKSTORE -> new TickstoreTarget(tmp.resolve("tickstore"), classpath, options.keep(),
                            options.tickstoreCsv(), options.tickstoreRows(), options.lifecycleWarmDays(), s3 == null ? null : s3.endpoint());
                    case CompareOptions.QUESTDB -> new QuestDbTarget(tmp.resolve("questdb"), questdbJar, questdbJava,
                            options.keep());
                    default -> new PostgresTarget(options.pgUrl(), options.keep());
                };
                results.add(runTarget(key, target, file, data));
            }
            CompareResult result = new CompareResult(options, machine, written, tickstoreBuild(benchTarget), results,
                    started);
            String section = result.markdown();
            out.println(section);
            if (benchmarksMd != null) {
                BenchmarksFile.write(benchmarksMd, section);
                progress("wrote the side-by-side section of %s", benchmarksMd);
            }
            for (CompareResult.Check c : result.checks()) {
                if (!c.ok()) {
                    err.println("tickstore compare: " + c.what() + ": " + c.detail());
                }
            }
            return result;
        } finally {
            closeAll(tmp);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // already shutting down: the hook runs closeAll, which is idempotent
            }
        }
    }

    private TargetResult runTarget(String key, Target target, Path file, DataSet data) {
        TargetResult r = new TargetResult(key, target.name());
        synchronized (open) {
            open.add(target);
        }
        r.loadBefore = Machine.loadAverage();
        String n = target.name();
        try {
            progress("[%s] starting", n);
            target.start();
            r.version = target.version();
            List<ParallelLoad.Worker> workers = target.ingestWorkers(data, options.connections());
            progress("[%s] %s up; loading over %d connections", n, r.version, workers.size());
            long t0 = System.nanoTime();
            long read;
            try (Progress p = Progress.start("load " + n, data.ticks(), "ticks", err)) {
                read = ParallelLoad.run(file, workers, p::stepTo);
            }
            long acked = System.nanoTime();
            target.awaitQueryable(data, read);
            long queryable = System.nanoTime();
            r.ackedSeconds = (acked - t0) / 1e9;
            r.queryableSeconds = (queryable - t0) / 1e9;
            progress("[%s] %,d ticks acked in %.2f s (%,.0f rows/s), queryable after %.2f s (%,.0f rows/s)", n, read,
                    r.ackedSeconds, read / r.ackedSeconds, r.queryableSeconds, read / r.queryableSeconds);
            if (target.awaitStored(data, read)) {
                r.storedSeconds = (System.nanoTime() - t0) / 1e9;
                progress("[%s] stored in its database after %.2f s (%,.0f rows/s)", n, r.storedSeconds,
                        read / r.storedSeconds);
            }
            r.storedBytes = target.storedBytes();
            if (target instanceof TickstoreTarget t && t.movesToCold()) {
                for (Query.Kind k : Query.Kind.values()) {
                    List<Answer> before = new ArrayList<>();
                    for (int run = 0; run < options.checkRuns(); run++) {
                        Query q = Query.of(k, run, data);
                        before.add(target.answer(q, data, target.fetch(q, data)));
                    }
                    r.checkedBeforeMove.put(k, before);
                }
                r.coldMove = t.moveToCold(read);
                TickstoreTarget.ColdMove m = r.coldMove;
                progress("[%s] lifecycle pass: %d partitions, %,d rows, %.1f MB Parquet in %d ms; %d of %d days cold",
                        n, m.partitions(), m.rows(), m.bytes() / 1e6, m.ms(), m.coldDays(), m.days());
            }
            for (Query.Kind k : Query.Kind.values()) {
                for (int run = 0; run < options.checkRuns(); run++) {
                    Query q = Query.of(k, run, data);
                    Object fetched = target.fetch(q, data);
                    r.checked.get(k).add(target.answer(q, data, fetched));
                }
                long warmupEnd = System.nanoTime() + options.warmupNanos();
                int warmed = 0;
                while (System.nanoTime() - warmupEnd < 0) {
                    // Other parameters than the measured runs': nothing measured was fetched before.
                    target.fetch(Query.of(k, WARMUP_RUNS_FROM + warmed, data), data);
                    warmed++;
                }
                r.warmupRuns.put(k, warmed);
                long[] times = new long[options.runs()];
                int measured = 0;
                long budgetEnd = System.nanoTime() + options.budgetNanos();
                for (int run = options.checkRuns(); measured < options.runs(); run++) {
                    if (measured >= MIN_MEASURED_RUNS && System.nanoTime() - budgetEnd > 0) {
                        break;
                    }
                    Query q = Query.of(k, run, data);
                    long start = System.nanoTime();
                    target.fetch(q, data);
                    times[measured++] = System.nanoTime() - start;
                    String tiers = target.lastTiers();
                    if (tiers != null) {
                        r.tierNanos.computeIfAbsent(k, x -> new java.util.TreeMap<>())
                                .computeIfAbsent(tiers.isEmpty() ? "none" : tiers, x -> new ArrayList<>())
                                .add(times[measured - 1]);
                    }
                }
                r.nanos.put(k, Arrays.copyOf(times, measured));
                progress("[%s] %s: median %s, p99 %s (%d runs)", n, k.label, CompareResult.millis(r.medianNanos(k)),
                        CompareResult.millis(r.p99Nanos(k)), measured);
                if (r.coldMove != null && r.tierNanos.containsKey(k)) {
                    progress("[%s] %s by tiers that answered: %s", n, k.label, CompareResult.byTiers(r.tierNanos.get(k)));
                }
            }
            r.setup = target.setup();
        } catch (Exception e) {
            r.failure = e.getMessage() == null ? e.toString() : e.getClass().getSimpleName() + ": " + e.getMessage();
            r.setup = target.setup();
            err.println("tickstore compare: " + n + " failed:");
            e.printStackTrace(err);
        } finally {
            target.close();
            synchronized (open) {
                open.remove(target);
            }
            r.loadAfter = Machine.loadAverage();
        }
        return r;
    }

    /** Stops every target still open and deletes the temp directory; safe to call twice. */
    private void closeAll(Path tmp) {
        List<Target> targets;
        synchronized (open) {
            targets = new ArrayList<>(open);
            open.clear();
        }
        for (Target t : targets) {
            t.close();
        }
        S3ProxyServer store = s3;
        s3 = null;
        if (store != null) {
            try {
                store.close();
            } catch (RuntimeException e) {
                err.println("tickstore compare: " + e.getMessage());
            }
        }
        if (!options.keep()) {
            ServerProcess.deleteTree(tmp);
        } else {
            err.println("tickstore compare: kept " + tmp);
        }
    }

    private void progress(String format, Object... args) {
        err.println("compare: " + String.format(Locale.ROOT, format, args));
    }

    /** A class path with every entry made absolute (the server process runs in its own directory). */
    static String absolute(String classpath) {
        List<String> entries = new ArrayList<>();
        for (String e : classpath.split(File.pathSeparator)) {
            if (!e.isEmpty()) {
                entries.add(Path.of(e).toAbsolutePath().toString());
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /** bench/target: where the bench jar (or, under Maven, its classes) lives. */
    private static Path benchTarget() throws URISyntaxException {
        Path code = Path.of(Compare.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return code.getParent();
    }

    private Path benchmarksMd(Path benchTarget) {
        if (options.write() != null) {
            return options.write();
        }
        Path md = benchTarget.getParent() == null || benchTarget.getParent().getParent() == null ? null
                : benchTarget.getParent().getParent().resolve("BENCHMARKS.md");
        if (md == null || !Files.isRegularFile(md)) {
            throw new IllegalStateException("cannot find the repository's BENCHMARKS.md next to " + benchTarget
                    + "; pass --write FILE or --no-write");
        }
        return md;
    }

    private Path questdbJar(Path benchTarget) {
        if (options.questdbJar() != null) {
            if (!Files.isRegularFile(options.questdbJar())) {
                throw new IllegalStateException("--questdb-jar " + options.questdbJar() + ": no such file");
            }
            return options.questdbJar();
        }
        String name = "questdb-" + Versions.questdb() + ".jar";
        Path copied = benchTarget.resolve("questdb").resolve(name);
        if (Files.isRegularFile(copied)) {
            return copied;
        }
        Path m2 = Path.of(System.getProperty("user.home"), ".m2", "repository", "org", "questdb", "questdb",
                Versions.questdb(), name);
        if (Files.isRegularFile(m2)) {
            return m2;
        }
        throw new IllegalStateException("QuestDB server jar " + name + " not found in " + copied.getParent() + " or "
                + m2.getParent() + ": build the bench module (mvn -pl bench package copies it) or pass --questdb-jar");
    }

    /** "git abc1234" (+ ", uncommitted changes"), from the repository the bench was built in; best effort. */
    private static String tickstoreBuild(Path benchTarget) {
        Path repo = benchTarget.getParent() == null ? null : benchTarget.getParent().getParent();
        if (repo == null) {
            return "build unknown";
        }
        String head = Machine.run(List.of("git", "-C", repo.toString(), "rev-parse", "--short", "HEAD"));
        if (head == null) {
            return "not a git checkout";
        }
        String status = Machine.run(List.of("git", "-C", repo.toString(), "status", "--porcelain", "--untracked-files=no"));
        return "git " + head.trim() + (status != null && !status.isBlank() ? ", uncommitted changes" : "");
    }
}

package io.tickstore.bench.compare;

import io.tickstore.bench.load.LoadOptions;
import io.tickstore.bench.load.LoadOptions.UsageException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The command line of {@code tickstore compare}, parsed and checked. {@code --smoke} picks small
 * sizes for CI; explicit options still override it.
 *
 * @param ticks        ticks generated
 * @param symbols      symbols they spread over
 * @param seed         generator seed
 * @param smoke        the CI size was asked for
 * @param connections  ingest connections per target
 * @param checkRuns    first runs of each query whose answers are compared across targets
 * @param warmupNanos  time each query then runs on each target, unmeasured, before its measured runs
 * @param runs         measured runs per query and target, at most
 * @param budgetNanos  most time spent measuring one query on one target (at least 3 runs are measured)
 * @param targets      which targets run, in order
 * @param pgUrl        JDBC URL of the PostgreSQL database
 * @param questdbJar   the QuestDB server jar, or null to find it
 * @param questdbJava  the java executable for QuestDB, or null to choose
 * @param tickstoreClasspath  class path of the tickstore server process, or null for this JVM's
 * @param dataFile     where the generated file goes (kept), or null for a temp file
 * @param write        the BENCHMARKS.md to update, or null for the repository's
 * @param noWrite      print only
 * @param keep         keep temp directories and the PostgreSQL table
 * @param tickstoreCsv tickstore's ticks and latest-quote queries ask for CSV ({@code format=csv}) rather than JSON
 * @param help         print usage
 * @param command      the command as typed, for the report
 */
public record CompareOptions(long ticks, int symbols, long seed, boolean smoke, int connections, int checkRuns,
                             long warmupNanos, int runs, long budgetNanos, List<String> targets, String pgUrl, Path questdbJar,
                             String questdbJava, String tickstoreClasspath, Path dataFile, Path write,
                             boolean noWrite, boolean keep, boolean tickstoreCsv, boolean help, String command) {
    public static final String TICKSTORE = "tickstore";
    /**
     * Unmeasured time per query and target before the measured runs. Without it the first query
     * type measured a server's cold code (tickstore's and QuestDB's JIT had seen a few hundred
     * requests) and whatever the load left running in the background.
     */
    static final long DEFAULT_WARMUP_NANOS = 5_000_000_000L;
    public static final String QUESTDB = "questdb";
    public static final String POSTGRES = "postgres";
    static final List<String> ALL_TARGETS = List.of(TICKSTORE, QUESTDB, POSTGRES);
    static final String DEFAULT_PG_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    public static String usage() {
        return """
                usage: tickstore compare [options]
                Loads the same generated ticks into tickstore, QuestDB and PostgreSQL on this machine, runs the
                same queries on each, checks that their answers agree, prints one table and writes it to
                BENCHMARKS.md (between the compare markers).
                  --ticks N          ticks to generate (default 1,000,000; --smoke 20,000)
                  --symbols N        symbols (default 100; --smoke 10)
                  --seed N           generator seed (default 42); the same seed gives the same data
                  --smoke            the CI size: small data, 2 checked + 5 measured runs per query, no
                                     warm-up, 5 s budget
                  --connections N    ingest connections per target (default 4)
                  --check-runs N     first runs per query whose answers are compared across targets (default 3)
                  --warmup T         then, each query runs unmeasured on each target for this long, e.g. 5s
                                     (default 5s; 0 = none): the figures are a warmed-up server's
                  --runs N           measured runs per query and target, at most (default 200: a p99 needs them)
                  --query-budget T   most time measuring one query on one target, e.g. 60s (default 60s);
                                     at least 3 runs are measured
                  --targets LIST     comma-separated subset of tickstore,questdb,postgres (default all)
                  --pg-url URL       PostgreSQL (default %s)
                  --questdb-jar F    QuestDB server jar (default: bench/target/questdb/, else ~/.m2)
                  --questdb-java F   java for QuestDB (default: this JVM's when the jar allows, else a JDK
                                     under /usr/lib/jvm that is new enough)
                  --data-file F      write the generated ticks here and keep them (default: a temp file)
                  --write F          the BENCHMARKS.md to update (default: the repository's)
                  --no-write         print the table only
                  --keep             keep the temp directories and the PostgreSQL table
                  --tickstore-format F  csv or json: the reply tickstore's ticks and latest-quote queries
                                     ask for (default csv, its compact reply; the bar queries ask for JSON)
                  --help             this text
                Exit codes: 0 every target ran and all answers agree; 1 a target failed or answers disagree;
                2 bad options.""".formatted(DEFAULT_PG_URL);
    }

    public static CompareOptions parse(String[] args) throws UsageException {
        Long ticks = null;
        Integer symbols = null;
        long seed = 42;
        boolean smoke = false;
        int connections = 4;
        Integer checkRuns = null;
        Long warmup = null;
        Integer runs = null;
        Long budget = null;
        List<String> targets = ALL_TARGETS;
        String pgUrl = DEFAULT_PG_URL;
        Path questdbJar = null;
        String questdbJava = null;
        String classpath = null;
        Path dataFile = null;
        Path write = null;
        boolean noWrite = false;
        boolean keep = false;
        boolean tickstoreCsv = true;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            switch (name) {
                case "--help", "-h" -> help = true;
                case "--smoke" -> smoke = true;
                case "--no-write" -> noWrite = true;
                case "--keep" -> keep = true;
                case "--ticks", "--symbols", "--seed", "--connections", "--check-runs", "--warmup", "--runs",
                        "--query-budget",
                        "--targets", "--pg-url", "--questdb-jar", "--questdb-java", "--tickstore-classpath",
                        "--data-file", "--write", "--tickstore-format" -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new UsageException(name + ": expected a value");
                        }
                        value = args[++i];
                    }
                    switch (name) {
                        case "--ticks" -> ticks = LoadOptions.count(name, value, 1, Compare.MAX_TICKS);
                        case "--symbols" -> symbols = (int) LoadOptions.count(name, value, 1, 100_000);
                        case "--seed" -> seed = LoadOptions.count(name, value, Long.MIN_VALUE, Long.MAX_VALUE);
                        case "--connections" -> connections = (int) LoadOptions.count(name, value, 1, 64);
                        case "--check-runs" -> checkRuns = (int) LoadOptions.count(name, value, 1, 100);
                        case "--warmup" -> warmup = LoadOptions.duration(name, value, 0);
                        case "--runs" -> runs = (int) LoadOptions.count(name, value, 3, 100_000);
                        case "--query-budget" -> budget = LoadOptions.duration(name, value, 1);
                        case "--targets" -> targets = targets(value);
                        case "--pg-url" -> pgUrl = value;
                        case "--questdb-jar" -> questdbJar = Path.of(value);
                        case "--questdb-java" -> questdbJava = value;
                        case "--tickstore-classpath" -> classpath = value;
                        case "--data-file" -> dataFile = Path.of(value);
                        case "--write" -> write = Path.of(value);
                        case "--tickstore-format" -> tickstoreCsv = switch (value.toLowerCase(Locale.ROOT)) {
                            case "csv" -> true;
                            case "json" -> false;
                            default -> throw new UsageException(name + ": expected csv or json, got \"" + value + "\"");
                        };
                        default -> throw new IllegalStateException(name);
                    }
                }
                default -> throw new UsageException("unknown option \"" + arg + "\" (see --help)");
            }
        }
        if (write != null && noWrite) {
            throw new UsageException("--write and --no-write: give one of them");
        }
        if (symbols != null && ticks != null && symbols > ticks) {
            throw new UsageException("--symbols: expected at most --ticks (" + ticks + "), got " + symbols);
        }
        return new CompareOptions(ticks != null ? ticks : smoke ? 20_000 : 1_000_000,
                symbols != null ? symbols : smoke ? 10 : 100, seed, smoke, connections,
                checkRuns != null ? checkRuns : smoke ? 2 : 3,
                warmup != null ? warmup : smoke ? 0 : DEFAULT_WARMUP_NANOS, runs != null ? runs : smoke ? 5 : 200,
                budget != null ? budget : smoke ? 5_000_000_000L : 60_000_000_000L, targets, pgUrl, questdbJar,
                questdbJava, classpath, dataFile, write, noWrite, keep, tickstoreCsv, help,
                "./tickstore compare" + joined(args));
    }

    private static List<String> targets(String value) throws UsageException {
        Set<String> out = new LinkedHashSet<>();
        for (String t : value.split(",")) {
            String name = t.trim().toLowerCase(Locale.ROOT);
            if (!ALL_TARGETS.contains(name)) {
                throw new UsageException("--targets: expected names from " + String.join(",", ALL_TARGETS) + ", got \""
                        + t.trim() + "\"");
            }
            out.add(name);
        }
        List<String> ordered = new ArrayList<>();
        for (String t : ALL_TARGETS) {
            if (out.contains(t)) {
                ordered.add(t);
            }
        }
        return List.copyOf(ordered);
    }

    private static String joined(String[] args) {
        StringBuilder b = new StringBuilder();
        for (String a : args) {
            b.append(' ');
            b.append(a.matches("[A-Za-z0-9_./:=,@%+-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return b.toString();
    }
}

package io.tickstore.bench.compare;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The options of {@code tickstore compare}, checked ({@link CompareCommand} parses them).
 * {@code --smoke} picks small sizes for CI; explicit options still override it.
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
 * @param tickstoreRows tickstore is sent frames of rows (a header, then an array of values per tick) rather than
 *                     frames of tick objects
 * @param lifecycleWarmDays -1, or: tickstore runs one lifecycle pass after the load with this
 *                     {@code lifecycle.warm_days} (tick and bar memory off) and answers its queries from the tiers
 * @param lifecycleS3  with a pass: the cold tier is copied to s3proxy started in the compare's JVM and the
 *                     pass leaves every cold partition only in S3 ({@code lifecycle.local_cold_days = 0}), so
 *                     cold reads go through the S3 object cache
 * @param command      the command as typed, for the report
 */
public record CompareOptions(long ticks, int symbols, long seed, boolean smoke, int connections, int checkRuns,
                             long warmupNanos, int runs, long budgetNanos, List<String> targets, String pgUrl, Path questdbJar,
                             String questdbJava, String tickstoreClasspath, Path dataFile, Path write,
                             boolean noWrite, boolean keep, boolean tickstoreCsv, boolean tickstoreRows, int lifecycleWarmDays,
                             boolean lifecycleS3, String command) {
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

    /** A comma-separated subset of {@link #ALL_TARGETS}, in their order; the exception says what is wrong. */
    static List<String> targets(String value) {
        Set<String> out = new LinkedHashSet<>();
        for (String t : value.split(",")) {
            String name = t.trim().toLowerCase(Locale.ROOT);
            if (!ALL_TARGETS.contains(name)) {
                throw new IllegalArgumentException("expected names from " + String.join(",", ALL_TARGETS) + ", got \""
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

    /** The arguments as typed in a shell, quoted where needed. */
    static String joined(List<String> args) {
        StringBuilder b = new StringBuilder();
        for (String a : args) {
            b.append(' ');
            b.append(a.matches("[A-Za-z0-9_./:=,@%+-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return b.toString();
    }
}

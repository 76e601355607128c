package io.tickstore.bench.compare;

import io.tickstore.server.cli.DurationConverter;
import io.tickstore.server.cli.OptionCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tickstore compare}: the side-by-side harness's command line ({@link Compare} runs it). */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        header = "tickstore side by side with QuestDB and PostgreSQL on the same data.",
        description = {"Loads the same generated ticks into tickstore, QuestDB and PostgreSQL on this machine, runs"
            + " the same queries on each, checks that their answers agree, prints one table and writes it to"
            + " BENCHMARKS.md (between the compare markers). Progress goes to stderr: a bar on a terminal (ticks"
            + " generated, ticks loaded into each target), plain lines otherwise."},
        footerHeading = "%n",
        footer = "Exit codes: 0 every target ran and all answers agree; 1 a target failed or answers disagree; 2 bad options.")
public final class CompareCommand implements Callable<Integer> {
    private static final Duration MAX_TIME = Duration.ofHours(1);

    @Spec
    CommandSpec spec;

    @Option(names = "--ticks", paramLabel = "N", description = "Ticks to generate (default 1,000,000; --smoke 20,000).")
    Long ticks;

    @Option(names = "--symbols", paramLabel = "N", description = "Symbols (default 100; --smoke 10).")
    Integer symbols;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Generator seed (default ${DEFAULT-VALUE}); the same seed gives the same data.")
    long seed;

    @Option(names = "--smoke", description = "The CI size: small data, 2 checked + 5 measured runs per query, "
                + "no warm-up, 5 s budget.")
    boolean smoke;

    @Option(names = "--connections", paramLabel = "N", defaultValue = "4",
            description = "Ingest connections per target (default ${DEFAULT-VALUE}, at most 64).")
    int connections;

    @Option(names = "--check-runs", paramLabel = "N",
            description = "First runs per query whose answers are compared across targets (default 3).")
    Integer checkRuns;

    @Option(names = "--warmup", paramLabel = "T", converter = DurationConverter.class,
            description = "Then, each query runs unmeasured on each target for this long, e.g. 5s "
                + "(default 5s; 0 = none): the figures are a warmed-up server's.")
    Duration warmup;

    @Option(names = "--runs", paramLabel = "N",
            description = "Measured runs per query and target, at most (default 200: a p99 needs them).")
    Integer runs;

    @Option(names = "--query-budget", paramLabel = "T", converter = DurationConverter.class,
            description = "Most time measuring one query on one target, e.g. 60s (default 60s); at least 3 runs are measured.")
    Duration budget;

    @Option(names = "--targets", paramLabel = "LIST", defaultValue = "tickstore,questdb,postgres",
            description = "Comma-separated subset of tickstore,questdb,postgres (default all).")
    String targets;

    @Option(names = "--pg-url", paramLabel = "URL", defaultValue = CompareOptions.DEFAULT_PG_URL,
            description = "PostgreSQL (default ${DEFAULT-VALUE}).")
    String pgUrl;

    @Option(names = "--questdb-jar", paramLabel = "FILE",
            description = "QuestDB server jar (default: bench/target/questdb/, else ~/.m2).")
    Path questdbJar;

    @Option(names = "--questdb-java", paramLabel = "FILE", description = "java for QuestDB (default: this JVM's when "
                + "the jar allows, else a JDK under /usr/lib/jvm that is new enough).")
    String questdbJava;

    @Option(names = "--tickstore-classpath", paramLabel = "PATH", hidden = true,
            description = "Class path of the tickstore server process (default: this JVM's).")
    String tickstoreClasspath;

    @Option(names = "--data-file", paramLabel = "FILE",
            description = "Write the generated ticks here and keep them (default: a temp file).")
    Path dataFile;

    @Option(names = "--write", paramLabel = "FILE", description = "The BENCHMARKS.md to update (default: the repository's).")
    Path write;

    @Option(names = "--no-write", description = "Print the table only.")
    boolean noWrite;

    @Option(names = "--keep", description = "Keep the temp directories and the PostgreSQL table.")
    boolean keep;

    @Option(names = "--tickstore-format", paramLabel = "F", defaultValue = "csv",
            description = "csv or json: the reply tickstore's ticks and latest-quote queries ask for "
                + "(default csv, its compact reply; the bar queries ask for JSON).")
    String tickstoreFormat;

    @Option(names = "--tickstore-ingest", paramLabel = "F", defaultValue = "rows",
            description = "rows or objects: the frames tickstore is sent — 500 ticks as a header and one array of "
                + "values per tick (default, the protocol's compact frame) or as 500 JSON objects.")
    String tickstoreIngest;

    @Option(names = "--lifecycle-warm-days", paramLabel = "N",
            description = "tickstore only: after the load, run one lifecycle pass with lifecycle.warm_days = N (older "
                + "days move to cold Parquet; tick and bar memory off, so queries read the stored tiers), check that "
                + "its answers are the same as before the pass, and report query times per tier (X-Tickstore-Tiers) "
                + "and bytes per tick in Parquet, DuckDB and QuestDB. Default: no pass.")
    Integer lifecycleWarmDays;

    @Option(names = "--lifecycle-s3",
            description = "With --lifecycle-warm-days: start s3proxy in this JVM (objects in the temp dir), copy "
                + "tickstore's cold tier to it (lifecycle.s3.*) and drop the local files in the same pass "
                + "(lifecycle.local_cold_days = 0), so the cold days are only in S3 and their queries read through "
                + "the S3 object cache; the report says how many partitions are S3-only.")
    boolean lifecycleS3;

    /** The options, checked; a bad one is a ParameterException naming it. */
    public CompareOptions options() {
        if (write != null && noWrite) {
            throw OptionCheck.bad(spec, "--write", "give either --write or --no-write, not both");
        }
        if (ticks != null) {
            OptionCheck.within(spec, "--ticks", ticks, 1, Compare.MAX_TICKS);
        }
        if (symbols != null) {
            OptionCheck.within(spec, "--symbols", symbols, 1, 100_000);
        }
        if (symbols != null && ticks != null && symbols > ticks) {
            throw OptionCheck.bad(spec, "--symbols", "expected at most --ticks (" + ticks + "), got " + symbols);
        }
        List<String> chosen;
        try {
            chosen = CompareOptions.targets(targets);
        } catch (IllegalArgumentException e) {
            throw OptionCheck.bad(spec, "--targets", e.getMessage());
        }
        if (lifecycleWarmDays != null && !chosen.contains(CompareOptions.TICKSTORE)) {
            throw OptionCheck.bad(spec, "--lifecycle-warm-days", "needs the tickstore target in --targets");
        }
        if (lifecycleS3 && lifecycleWarmDays == null) {
            throw OptionCheck.bad(spec, "--lifecycle-s3", "needs --lifecycle-warm-days");
        }
        boolean csv = switch (tickstoreFormat.toLowerCase(Locale.ROOT)) {
            case "csv" -> true;
            case "json" -> false;
            default -> throw OptionCheck.bad(spec, "--tickstore-format", "expected csv or json, got \"" + tickstoreFormat + "\"");
        };
        boolean rows = switch (tickstoreIngest.toLowerCase(Locale.ROOT)) {
            case "rows" -> true;
            case "objects" -> false;
            default -> throw OptionCheck.bad(spec, "--tickstore-ingest", "expected rows or objects, got \"" + tickstoreIngest + "\"");
        };
        long warmupNanos = warmup != null ? OptionCheck.within(spec, "--warmup", warmup, Duration.ZERO, MAX_TIME).toNanos()
                : smoke ? 0 : CompareOptions.DEFAULT_WARMUP_NANOS;
        long budgetNanos = budget != null
                ? OptionCheck.within(spec, "--query-budget", budget, Duration.ofMillis(1), MAX_TIME).toNanos()
                : smoke ? 5_000_000_000L : 60_000_000_000L;
        return new CompareOptions(ticks != null ? ticks : smoke ? 20_000 : 1_000_000,
                symbols != null ? symbols : smoke ? 10 : 100, seed, smoke,
                OptionCheck.within(spec, "--connections", connections, 1, 64),
                checkRuns != null ? OptionCheck.within(spec, "--check-runs", checkRuns, 1, 100) : smoke ? 2 : 3,
                warmupNanos, runs != null ? OptionCheck.within(spec, "--runs", runs, 3, 100_000) : smoke ? 5 : 200,
                budgetNanos, chosen, pgUrl, questdbJar, questdbJava, tickstoreClasspath, dataFile, write, noWrite, keep,
                csv, rows, lifecycleWarmDays == null ? -1 : OptionCheck.within(spec, "--lifecycle-warm-days",
                        lifecycleWarmDays, 0, 36_500), lifecycleS3,
                "./tickstore compare" + CompareOptions.joined(ownArgs()));
    }

    /** The arguments after the command's name: run as a subcommand, the original ones start with "compare". */
    private java.util.List<String> ownArgs() {
        java.util.List<String> args = spec.commandLine().getParseResult().originalArgs();
        int at = args.indexOf(spec.name());
        return at < 0 ? args : args.subList(at + 1, args.size());
    }

    @Override
    public Integer call() throws Exception {
        return Compare.execute(options(), spec.commandLine().getOut(), spec.commandLine().getErr()).exitCode();
    }
}

package io.tickstore.bench.compare;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * The outcome of one {@code tickstore compare} run: every target's figures, the agreement checks,
 * and the Markdown that is printed and written to BENCHMARKS.md.
 */
public final class CompareResult {
    /** One agreement check: what was compared, whether it held, and the detail (counts, or what differs). */
    public record Check(String what, boolean ok, String detail) {
    }

    final CompareOptions options;
    final Machine machine;
    final TickFile.Written data;
    final String tickstoreBuild;
    final List<TargetResult> targets;
    final List<Check> checks;
    final Instant started;

    CompareResult(CompareOptions options, Machine machine, TickFile.Written data, String tickstoreBuild,
                  List<TargetResult> targets, Instant started) {
        this.options = options;
        this.machine = machine;
        this.data = data;
        this.tickstoreBuild = tickstoreBuild;
        this.targets = targets;
        this.started = started;
        this.checks = checks(targets, data, options.checkRuns());
    }

    public List<TargetResult> targets() {
        return targets;
    }

    public List<Check> checks() {
        return checks;
    }

    /** 0 when every target ran and every check held, else 1. */
    public int exitCode() {
        for (TargetResult t : targets) {
            if (t.failure != null) {
                return 1;
            }
        }
        for (Check c : checks) {
            if (!c.ok) {
                return 1;
            }
        }
        return 0;
    }

    /** Compares the checked answers of every query across the targets that ran, run by run. */
    /** "target a/b/c/d/e; …": a count per query, in table order, for each target. */
    private String perQuery(java.util.function.ToIntBiFunction<TargetResult, Query.Kind> count) {
        List<String> out = new ArrayList<>();
        for (TargetResult t : targets) {
            List<String> per = new ArrayList<>();
            for (Query.Kind k : Query.Kind.values()) {
                per.add(Integer.toString(count.applyAsInt(t, k)));
            }
            out.add(t.name + " " + String.join("/", per));
        }
        return String.join("; ", out);
    }

    static List<Check> checks(List<TargetResult> targets, TickFile.Written data, int checkRuns) {
        List<TargetResult> ran = new ArrayList<>();
        for (TargetResult t : targets) {
            if (t.failure == null) {
                ran.add(t);
            }
        }
        List<Check> out = new ArrayList<>();
        if (ran.isEmpty()) {
            return out;
        }
        for (Query.Kind k : Query.Kind.values()) {
            List<String> differences = new ArrayList<>();
            List<String> counts = new ArrayList<>();
            boolean empty = false;
            int compared = 0;
            for (int r = 0; r < checkRuns; r++) {
                TargetResult ref = null;
                Answer refAnswer = null;
                List<String> rowCounts = new ArrayList<>();
                for (TargetResult t : ran) {
                    List<Answer> answers = t.checked.get(k);
                    if (r >= answers.size()) {
                        differences.add(t.name + " has no answer for run " + r);
                        continue;
                    }
                    Answer a = answers.get(r);
                    rowCounts.add(String.format(Locale.ROOT, "%,d", a.rows().size()));
                    if (ref == null) {
                        ref = t;
                        refAnswer = a;
                        empty |= a.rows().isEmpty();
                    } else {
                        String d = Answer.difference(refAnswer, ref.name, a, t.name);
                        if (d != null) {
                            differences.add("run " + r + ": " + d);
                        }
                    }
                }
                counts.add(String.join(" / ", rowCounts));
                compared++;
            }
            if (ran.size() == 1) {
                out.add(new Check(k.label, true, "not compared: only " + ran.get(0).name + " ran (rows per run: "
                        + String.join(", ", counts) + ")"));
                continue;
            }
            if (!differences.isEmpty()) {
                out.add(new Check(k.label, false, "DISAGREE: " + String.join("; ", differences.subList(0,
                        Math.min(5, differences.size()))) + (differences.size() > 5 ? "; ..." : "")));
            } else if (empty) {
                out.add(new Check(k.label, false, "an answer is empty, so the comparison proves nothing (rows per run: "
                        + String.join(", ", counts) + ")"));
            } else {
                out.add(new Check(k.label, true, "agree on " + compared + " sampled runs, " + names(ran) + " (rows per run: "
                        + String.join(", ", counts) + ")"));
            }
        }
        // Independent of the peers: the whole-range 1h bars must count every generated trade.
        List<String> wrong = new ArrayList<>();
        for (TargetResult t : ran) {
            List<Answer> answers = t.checked.get(Query.Kind.OHLCV_1H_ALL);
            if (answers.isEmpty()) {
                continue;
            }
            long trades = 0;
            for (String row : answers.get(0).rows()) {
                trades += Long.parseLong(row.substring(row.lastIndexOf(' ') + 1));
            }
            if (trades != data.trades()) {
                wrong.add(t.name + " " + trades);
            }
        }
        out.add(new Check("1h bars count every generated trade", wrong.isEmpty(), wrong.isEmpty()
                ? String.format(Locale.ROOT, "%,d trades in the bars of each target = %,d generated", data.trades(),
                        data.trades())
                : "expected " + data.trades() + " trades, got " + String.join(", ", wrong)));
        for (TargetResult t : ran) {
            if (t.coldMove != null) {
                out.add(moveCheck(t));
                if (t.coldMove.s3OnlyPartitions() >= 0) {
                    out.add(s3OnlyCheck(t));
                }
            }
        }
        return out;
    }

    /** With {@code --lifecycle-s3}: after the pass every cold partition is only in S3 (its local file dropped). */
    private static Check s3OnlyCheck(TargetResult t) {
        TickstoreTarget.ColdMove m = t.coldMove;
        boolean ok = m.coldPartitions() > 0 && m.s3OnlyPartitions() == m.coldPartitions();
        return new Check(t.name + "'s cold partitions are only in S3 after its lifecycle pass", ok,
                m.s3OnlyPartitions() + " of " + m.coldPartitions() + " cold partitions S3-only"
                        + (ok ? "" : " (tickstore_lifecycle_s3_partitions{state=\"s3-only\"}; see its log)"));
    }

    /** A lifecycle pass changed no answer: each checked run before it equals the same run after it. */
    private static Check moveCheck(TargetResult t) {
        List<String> differences = new ArrayList<>();
        int compared = 0;
        for (Query.Kind k : Query.Kind.values()) {
            List<Answer> before = t.checkedBeforeMove.getOrDefault(k, List.of());
            List<Answer> after = t.checked.get(k);
            for (int r = 0; r < Math.max(before.size(), after.size()); r++) {
                if (r >= before.size() || r >= after.size()) {
                    differences.add(k.label + " run " + r + ": missing");
                    continue;
                }
                String d = Answer.difference(before.get(r), "before", after.get(r), "after");
                if (d != null) {
                    differences.add(k.label + " run " + r + ": " + d);
                }
                compared++;
            }
        }
        TickstoreTarget.ColdMove m = t.coldMove;
        String what = t.name + " answers the same before and after its lifecycle pass";
        if (!differences.isEmpty()) {
            return new Check(what, false, "DIFFER: " + String.join("; ", differences.subList(0,
                    Math.min(5, differences.size()))));
        }
        return new Check(what, true, compared + " checked runs equal; " + m.coldDays() + " of " + m.days()
                + " days cold after it");
    }

    /** "cold: median 2.10 ms (180 runs); warm: …": measured times grouped by the tiers that answered. */
    static String byTiers(Map<String, List<Long>> byTiers) {
        List<String> out = new ArrayList<>();
        byTiers.forEach((tiers, times) -> {
            long[] v = times.stream().mapToLong(Long::longValue).toArray();
            out.add(tiers + ": median " + millis(TargetResult.percentile(v, 0.5)) + ", p99 "
                    + millis(TargetResult.percentile(v, 0.99)) + " (" + v.length + " runs)");
        });
        return String.join("; ", out);
    }

    /** With a lifecycle pass: what it moved, query times per tier, bytes per tick per storage. */
    private void coldTier(StringBuilder b) {
        TargetResult t = null;
        for (TargetResult x : targets) {
            if (x.coldMove != null) {
                t = x;
            }
        }
        if (t == null) {
            return;
        }
        TickstoreTarget.ColdMove m = t.coldMove;
        b.append("\n**Cold tier** (tickstore with `lifecycle.warm_days = ").append(options.lifecycleWarmDays())
                .append("`, tick and bar memory off; one lifecycle pass after the load, before the queries)\n\n");
        b.append(String.format(Locale.ROOT, "- The pass moved %d partitions, %,d rows, %.1f MB of Parquet in %.1f s; "
                + "%d of %d days are cold after it.%n", m.partitions(), m.rows(), m.bytes() / 1e6, m.ms() / 1e3,
                m.coldDays(), m.days()));
        if (m.s3OnlyPartitions() >= 0) {
            b.append(String.format(Locale.ROOT, "- S3 (`--lifecycle-s3`): s3proxy in the compare's JVM on loopback, "
                    + "objects on the same disk; `lifecycle.local_cold_days = 0`, so the same pass uploaded and "
                    + "verified each partition and dropped its local file: %d of %d cold partitions S3-only. Their "
                    + "queries read through the S3 object cache (`lifecycle.s3.cache_mb`, default 1024 MiB: the "
                    + "first read of a day fetches its object, later reads hit the cache; the header says `s3`).%n",
                    m.s3OnlyPartitions(), m.coldPartitions()));
        }
        for (Query.Kind k : Query.Kind.values()) {
            Map<String, List<Long>> byTiers = t.tierNanos.get(k);
            if (byTiers != null) {
                b.append("- ").append(k.label).append(", by the tiers that answered (`X-Tickstore-Tiers`): ")
                        .append(byTiers(byTiers)).append('\n');
            }
        }
        List<String> sizes = new ArrayList<>();
        if (m.coldRows() > 0) {
            sizes.add(String.format(Locale.ROOT, "cold Parquet %.1f (%,d bytes for %,d ticks)",
                    (double) m.coldBytes() / m.coldRows(), m.coldBytes(), m.coldRows()));
        }
        sizes.add(String.format(Locale.ROOT, "DuckDB before the pass %.1f (file and write-ahead log as the load left "
                + "them, not checkpointed; bars and state included)", (double) m.duckDbBytesBefore() / m.ticks()));
        for (TargetResult x : targets) {
            if (x.storedBytes > 0) {
                sizes.add(String.format(Locale.ROOT, "%s %.1f (the table's partitions, allocated blocks)", x.name,
                        (double) x.storedBytes / m.ticks()));
            }
        }
        b.append("- Bytes per tick: ").append(String.join("; ", sizes)).append(".\n");
    }

    private static String names(List<TargetResult> ts) {
        List<String> n = new ArrayList<>();
        for (TargetResult t : ts) {
            n.add(t.name);
        }
        return String.join(", ", n);
    }

    /** The figures table, Markdown. */
    public String table() {
        TargetResult base = targets.get(0).key.equals(CompareOptions.TICKSTORE) ? targets.get(0) : null;
        StringBuilder b = new StringBuilder();
        b.append("| |");
        for (TargetResult t : targets) {
            b.append(' ').append(t.version).append(" |");
        }
        List<TargetResult> peers = base == null ? List.of() : targets.subList(1, targets.size());
        for (TargetResult p : peers) {
            b.append(' ').append(p.name).append(" ÷ tickstore |");
        }
        b.append("\n|---|");
        b.append("--:|".repeat(targets.size() + peers.size())).append('\n');
        row(b, "ingest, acked rows/s", base, peers, t -> rate(t.ackedSeconds), false);
        row(b, "ingest, rows/s until queryable", base, peers, t -> rate(t.queryableSeconds), false);
        row(b, "ingest, rows/s until stored in DuckDB", base, peers, t -> rate(t.storedSeconds), false);
        for (Query.Kind k : Query.Kind.values()) {
            row(b, k.label + ": median", base, peers, t -> nanos(t.medianNanos(k)), true);
            row(b, k.label + ": p99", base, peers, t -> nanos(t.p99Nanos(k)), true);
        }
        return b.toString();
    }

    private interface Figure {
        double of(TargetResult t);
    }

    private void row(StringBuilder b, String label, TargetResult base, List<TargetResult> peers, Figure f,
                     boolean time) {
        b.append("| ").append(label).append(" |");
        for (TargetResult t : targets) {
            double v = f.of(t);
            b.append(' ').append(Double.isNaN(v) ? (t.failure != null ? "failed" : "—") : time ? millis(v) : rows(v))
                    .append(" |");
        }
        for (TargetResult p : peers) {
            double a = f.of(p);
            double c = f.of(base);
            b.append(' ').append(Double.isNaN(a) || Double.isNaN(c) || c == 0 ? "—" : ratio(a / c)).append(" |");
        }
        b.append('\n');
    }

    private double rate(double seconds) {
        return Double.isNaN(seconds) || seconds <= 0 ? Double.NaN : data.data().ticks() / seconds;
    }

    private static double nanos(long n) {
        return n < 0 ? Double.NaN : n;
    }

    static String rows(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f", perSecond);
    }

    static String millis(double nanos) {
        double ms = nanos / 1e6;
        if (ms >= 1000) {
            return String.format(Locale.ROOT, "%.2f s", ms / 1000);
        }
        String pattern = ms < 1 ? "%.3f ms" : ms < 10 ? "%.2f ms" : ms < 100 ? "%.1f ms" : "%.0f ms";
        return String.format(Locale.ROOT, pattern, ms);
    }

    static String ratio(double r) {
        return String.format(Locale.ROOT, r < 10 ? "%.2f" : "%.0f", r);
    }

    /** The whole generated section (between the markers): context, table, agreement, setup. */
    public String markdown() {
        StringBuilder b = new StringBuilder();
        DataSet d = data.data();
        b.append("Generated by `").append(options.command()).append("` at ")
                .append(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC).format(started))
                .append("; every run replaces this section.\n\n");
        b.append("- **Machine**: ").append(machine.cpu()).append("; ").append(machine.cores()).append(" cores; ")
                .append(machine.memory()).append(" RAM; ").append(machine.kernel()).append("; ").append(machine.jdk())
                .append(".\n");
        List<String> versions = new ArrayList<>();
        for (TargetResult t : targets) {
            versions.add(t.key.equals(CompareOptions.TICKSTORE) ? t.version + " (" + tickstoreBuild + ")" : t.version);
        }
        b.append("- **Versions**: ").append(String.join(", ", versions)).append("; clients: PostgreSQL JDBC ")
                .append(Versions.postgresqlDriver()).append(", questdb-client ").append(Versions.questdbClient())
                .append(".\n");
        b.append(String.format(Locale.ROOT, "- **Data**: %,d ticks (%,d trades, %,d quotes) over %,d symbols of one "
                        + "exchange, %d days from %s, seed %d: one file of %.1f MB (SHA-256 of the ticks %s…), loaded "
                        + "into every target in this run.%n", d.ticks(), data.trades(), data.quotes(), d.symbols(),
                d.days(), Answer.time(d.startMicros()).substring(0, 10), d.seed(), data.bytes() / 1e6,
                data.sha256().substring(0, 16)));
        b.append("\n").append(table()).append("\n");
        b.append("\"÷ tickstore\" is the peer's figure divided by tickstore's: for rows/s above 1 means the peer is "
                + "faster, for times above 1 means tickstore is faster.\n\n");
        b.append("Each query ran first ").append(options.checkRuns())
                .append(" times per target (the answers compared below), then unmeasured for ")
                .append(String.format(Locale.ROOT, "%.1f s", options.warmupNanos() / 1e9))
                .append(" (warm-up: a server's JIT and the work a load leaves behind), then measured. Warm-up runs: ")
                .append(perQuery(TargetResult::warmupRuns)).append(". Measured runs: ")
                .append(perQuery(TargetResult::runs)).append(" (in table order; at most ").append(options.runs())
                .append(", fewer when one query took more than ")
                .append(String.format(Locale.ROOT, "%.0f s", options.budgetNanos() / 1e9)).append(").\n\n");
        b.append("**Agreement**\n\n");
        for (Check c : checks) {
            b.append("- ").append(c.ok ? "" : "**").append(c.what).append(c.ok ? "" : "**").append(": ")
                    .append(c.detail).append('\n');
        }
        for (TargetResult t : targets) {
            if (t.failure != null) {
                b.append("- **").append(t.name).append(" failed**: ").append(t.failure.replace('\n', ' ')).append('\n');
            }
        }
        coldTier(b);
        b.append("\n**How each target ran**\n\n");
        for (TargetResult t : targets) {
            for (String s : t.setup) {
                b.append("- ").append(t.name).append(": ").append(s).append('\n');
            }
        }
        b.append("- Ingest, every target alike: one thread reads the file and hands each tick, by symbol, to one of ")
                .append(options.connections()).append(" connections (each with its own sending thread), so every ")
                .append("feed arrives in sequence order; rows/s = ticks ÷ wall time from the first tick read to the ")
                .append("last ack (and to the data being queryable; for tickstore also to it being stored in DuckDB, ")
                .append("which its queries never wait for: \"—\" for the peers, whose queryable is stored).\n");
        b.append("- Queries: one at a time from one client thread; the time runs from sending the request to holding ")
                .append("the whole answer as text (HTTP bodies, or every JDBC row read with getString). Symbols, days, ")
                .append("weeks and hours rotate from run to run in the same order on every target. tickstore answers ")
                .append("the all-symbols query with one request per symbol. The targets run one after another; only ")
                .append("the one being measured is loaded (PostgreSQL's server stays up, idle).\n");
        List<String> loads = new ArrayList<>();
        for (TargetResult t : targets) {
            loads.add(t.name + " " + t.loadBefore + " → " + t.loadAfter);
        }
        b.append("- Load average (1, 5, 15 min) before → after each target: ").append(String.join("; ", loads))
                .append(".\n");
        return b.toString();
    }
}

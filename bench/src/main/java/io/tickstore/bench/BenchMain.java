package io.tickstore.bench;

import io.tickstore.bench.compare.Compare;
import io.tickstore.bench.dedupe.DedupeSnapshotBench;
import io.tickstore.bench.fills.FillToPosition;
import io.tickstore.bench.load.AckEchoServer;
import io.tickstore.bench.load.LoadGenerator;
import io.tickstore.bench.query.QueryLoad;
import io.tickstore.bench.warm.WarmCatchUp;
import java.util.Arrays;

/**
 * The bench jar's command line: {@code load ...} runs the load generator, {@code compare ...} the
 * side-by-side harness, {@code jmh ...} runs JMH ({@code org.openjdk.jmh.Main}) with the remaining
 * arguments. Exit codes: 0 ok, 1 the run failed, 2 bad command line.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            System.out.println(usage());
            System.exit(args.length == 0 ? 2 : 0);
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "load" -> System.exit(LoadGenerator.run(rest, System.out, System.err));
            case "jmh" -> {
                org.openjdk.jmh.Main.main(rest); // exits 1 by itself on failure
                System.exit(0);
            }
            case "compare" -> System.exit(Compare.run(rest, System.out, System.err));
            case "query-load" -> System.exit(QueryLoad.run(rest, System.out, System.err));
            case "fill-to-position" -> System.exit(FillToPosition.run(rest, System.out, System.err));
            case "ack-echo" -> System.exit(AckEchoServer.run(rest, System.out, System.err));
            case "warm-catchup" -> System.exit(WarmCatchUp.run(rest, System.out, System.err));
            case "dedupe-snapshot" -> System.exit(DedupeSnapshotBench.run(rest, System.out, System.err));
            default -> {
                System.err.println("unknown command \"" + args[0] + "\"\n" + usage());
                System.exit(2);
            }
        }
    }

    static String usage() {
        return """
                usage: tickstore <bench command>
                  load [options]      drive ingest load at a running server (tickstore load --help)
                  compare [options]   tickstore side by side with QuestDB and PostgreSQL on the same data (compare --help)
                  query-load [opts]   concurrent HTTP clients asking a running server for bars (query-load --help)
                  fill-to-position    time from a fill to its position over HTTP, under order load (fill-to-position --help)
                  ack-echo [--port N] an ingest endpoint that acks every frame at once: load's baseline (ack-echo --help)
                  warm-catchup        the DuckDB sink alone against a bare Appender loop on the same rows (warm-catchup --help)
                  dedupe-snapshot     write and load a deduplication snapshot of a given size (dedupe-snapshot --help)
                  jmh [JMH options]   run the JMH benchmarks, e.g. jmh WriterBenchmark -f 1 -wi 2 -i 3 (jmh -h lists options)""";
    }
}

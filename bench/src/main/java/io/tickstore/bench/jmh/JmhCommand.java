package io.tickstore.bench.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code tickstore jmh [JMH options]}: hands every argument to JMH's own command line
 * ({@code org.openjdk.jmh.Main}), so {@code -h} lists JMH's options and {@code -l} the benchmarks.
 */
@Command(name = "jmh", header = "Run the JMH benchmarks in bench/ (JMH's own options; 'jmh -h' lists them).",
        description = {"For example 'tickstore jmh WriterBenchmark -f 1 -wi 2 -i 3'; 'tickstore jmh -l' lists the"
            + " benchmarks."})
public final class JmhCommand implements Callable<Integer> {
    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        org.openjdk.jmh.Main.main(args.toArray(String[]::new)); // exits 1 by itself on failure
        return 0;
    }
}

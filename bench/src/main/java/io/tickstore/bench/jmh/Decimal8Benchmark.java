package io.tickstore.bench.jmh;

import io.tickstore.store.model.Decimal8;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Decimal8.parse of typical price and size texts, from a char[] slice (as FrameParser calls it) and from a String. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class Decimal8Benchmark extends ChronicleForkedBenchmark {
    /** Prices with 2 to 8 fraction digits, integer sizes, a sub-cent price, an exponent form. */
    static final String[] TEXTS = {
        "189.98", "190.01", "190.00000001", "42123.5", "0.00012345", "300", "1.5e2", "65432.12345678",
    };

    private char[] chars;
    private int[] offsets;
    private int[] lengths;
    private int next;

    @Setup
    public void setUp() {
        StringBuilder all = new StringBuilder();
        offsets = new int[TEXTS.length];
        lengths = new int[TEXTS.length];
        for (int i = 0; i < TEXTS.length; i++) {
            offsets[i] = all.length();
            lengths[i] = TEXTS[i].length();
            all.append(TEXTS[i]).append(',');
        }
        chars = all.toString().toCharArray();
    }

    @Benchmark
    public long parseCharSlice() {
        int i = next;
        next = (i + 1) & (TEXTS.length - 1);
        return Decimal8.parse(chars, offsets[i], lengths[i]);
    }

    @Benchmark
    public long parseString() {
        int i = next;
        next = (i + 1) & (TEXTS.length - 1);
        return Decimal8.parse(TEXTS[i]);
    }
}

package io.tickstore.bench.jmh;

import io.tickstore.store.bars.BarBook;
import io.tickstore.store.bars.BarState;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The writer's OHLCV bar update in memory, without DuckDB: one trade into one bar, and into a feed's five timeframes. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class BarBenchmark extends ChronicleForkedBenchmark {
    static final int BATCH = 4096;
    static final int SYMBOLS = 100;
    /** Trades 10 ms apart: minute bars roll every 6,000 trades, all timeframes roll in a long run. */
    static final long STEP_MICROS = 10_000;

    private final String[] symbols = new String[SYMBOLS];
    private final BarState bar = new BarState();
    private BarBook book;
    private long time;
    private long sequence;
    private int nextSymbol;

    @Setup
    public void setUp() {
        for (int s = 0; s < SYMBOLS; s++) {
            symbols[s] = String.format("S%05d", s);
        }
        book = new BarBook();
        bar.clear(0);
        time = 1_704_205_800_000_000L;
    }

    /** BarState.addTrade: one trade into one bar (open/close order, high/low, Int128 volume and price × volume). */
    @Benchmark
    public long addTrade() {
        long seq = ++sequence;
        bar.addTrade(18_998_000_000L + (seq & 1023), 100 * 100_000_000L + seq, time + seq, seq, seq);
        return bar.tradeCount;
    }

    /** BarBook.onTrade: one trade into its feed's 1m, 5m, 15m, 1h and 1d bars; a batch of 4,096 per invocation. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public boolean onTrade() {
        BarBook b = book;
        for (int i = 0; i < BATCH; i++) {
            int s = nextSymbol;
            nextSymbol = s + 1 == SYMBOLS ? 0 : s + 1;
            long seq = ++sequence;
            time += STEP_MICROS;
            b.onTrade("BENCH", symbols[s], 18_998_000_000L + (seq & 1023), 100 * 100_000_000L, time, seq, seq);
        }
        boolean work = b.hasWork();
        b.committed();
        return work;
    }
}

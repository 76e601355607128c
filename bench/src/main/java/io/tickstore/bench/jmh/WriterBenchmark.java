package io.tickstore.bench.jmh;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstore.config.TickstoreConfig;
import io.tickstore.config.WaitStrategyKind;
import io.tickstore.store.TickStore;
import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.model.MessageType;
import io.tickstore.store.model.TickRecord;
import io.tickstore.store.pipeline.FrameCompletion;
import io.tickstore.store.pipeline.IngestPipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ticks/s through the Disruptor, the Chronicle journal and the hot tier, until the DuckDB sink has
 * stored them, with no network or parsing.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(WriterBenchmark.TICKS_PER_INVOCATION)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
public class WriterBenchmark extends ChronicleForkedBenchmark {
    static final int TICKS_PER_INVOCATION = 20_000;
    static final int FRAME = 500;
    static final int SYMBOLS = 100;

    /** The pipeline's wait strategy; compare with {@code -p waitStrategy=blocking,sleeping,yielding}. */
    @Param({"blocking"})
    public String waitStrategy;

    private Path dir;
    private TickStore store;
    private IngestPipeline pipeline;
    private final IngestMessage[] frame = new IngestMessage[FRAME];
    private final long[] sequences = new long[SYMBOLS];
    private final long[] prices = new long[SYMBOLS];
    private final String[] symbols = new String[SYMBOLS];
    private final AtomicReference<String> failure = new AtomicReference<>();
    private final FrameCompletion completion = new FrameCompletion() {
        @Override
        public void journaled(int accepted, int duplicates, long journalIndex) {
            if (duplicates != 0) {
                failure.compareAndSet(null, duplicates + " duplicates in a frame of fresh keys");
            }
        }

        @Override
        public void rejected(io.tickstore.store.model.MessageType type, String error) {
            failure.compareAndSet(null, error);
        }

        @Override
        public void failed(String reason) {
            failure.compareAndSet(null, reason);
        }
    };
    private long micros;
    private int nextSymbol;

    @Setup(Level.Trial)
    public void open() throws Exception {
        dir = Files.createTempDirectory("tickstore-writer-bench");
        TickstoreConfig defaults = TickstoreConfig.defaults();
        store = TickStore.open(defaults.withDataDir(dir)
                .withPipeline(defaults.pipeline()
                        .withWaitStrategy(WaitStrategyKind.valueOf(waitStrategy.toUpperCase(Locale.ROOT))))
                .withQuery(defaults.query().withReaderPoolSize(1)), new SimpleMeterRegistry());
        pipeline = store.pipeline();
        for (int i = 0; i < FRAME; i++) {
            frame[i] = new IngestMessage();
        }
        for (int s = 0; s < SYMBOLS; s++) {
            symbols[s] = String.format("S%05d", s);
            prices[s] = (100 + s) * 100_000_000L + 12_345_678L;
        }
        micros = System.currentTimeMillis() * 1000;
    }

    @Benchmark
    public long commit() {
        for (int published = 0; published < TICKS_PER_INVOCATION; published += FRAME) {
            fill();
            while (!pipeline.tryPublish(frame, FRAME, completion)) {
                Thread.onSpinWait();
            }
        }
        // Wait without spinning: on a small machine a spinning caller would take a core from the DuckDB sink.
        while (!pipeline.drained() || store.warm().sink().appliedIndex() < pipeline.lastJournalIndex()) {
            LockSupport.parkNanos(20_000);
        }
        String failed = failure.get();
        if (failed != null) {
            throw new IllegalStateException("the pipeline refused a frame: " + failed);
        }
        return store.warm().sink().appliedIndex();
    }

    /** One frame of trade ticks, symbols in turn, each symbol's sequence numbers consecutive. */
    private void fill() {
        for (int i = 0; i < FRAME; i++) {
            int s = nextSymbol;
            nextSymbol = s + 1 == SYMBOLS ? 0 : s + 1;
            IngestMessage m = frame[i];
            m.clear();
            m.type = MessageType.TICK;
            TickRecord t = m.tick;
            long p = prices[s] + ((micros * 7919) % 10_001) - 5_000;
            prices[s] = p;
            t.exchange = "BENCH";
            t.symbol = symbols[s];
            t.timestamp = ++micros;
            t.sequenceNumber = ++sequences[s];
            t.bidPrice = p - 1_000_000;
            t.askPrice = p + 1_000_000;
            t.bidSize = 300 * 100_000_000L;
            t.askSize = 200 * 100_000_000L;
            t.lastPrice = p;
            t.lastSize = 100 * 100_000_000L;
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        if (store != null) {
            store.close();
        }
        if (dir != null) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}

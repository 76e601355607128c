package io.tickstore.bench.jmh;

import io.tickstore.config.PortfolioConfig;
import io.tickstore.store.bars.BarHistory;
import io.tickstore.store.hot.HotTier;
import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.model.MessageType;
import io.tickstore.store.ticks.TickHistory;
import java.math.BigDecimal;
import java.util.concurrent.ConcurrentHashMap;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The hot applier's work per trade tick, without the ring: {@link BarHistory#onTrade} alone (the feed's
 * series looked up, then every standard timeframe folded) and the whole {@link HotTier#apply} (quotes,
 * tick memory, bars), 100 feeds in turn, published every 4,096 ticks as the applier does at a batch's end.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class HotTierBenchmark extends ChronicleForkedBenchmark {
    static final int BATCH = 4096;
    static final int SYMBOLS = 100;
    static final long STEP_MICROS = 1_000;

    private final String[] symbols = new String[SYMBOLS];
    private final IngestMessage[] ticks = new IngestMessage[SYMBOLS];
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Object[]>>
            byName = new ConcurrentHashMap<>();
    private BarHistory history;
    private HotTier hot;
    private long sequence;
    private long time = 1_704_153_600_000_000L;

    @Setup
    public void setUp() {
        history = new BarHistory(7 * 86_400_000_000L);
        hot = new HotTier(new BarHistory(7 * 86_400_000_000L), new TickHistory(512L << 20),
                new PortfolioConfig(new BigDecimal("1000000"), 0));
        for (int s = 0; s < SYMBOLS; s++) {
            symbols[s] = String.format("S%05d", s);
            IngestMessage m = new IngestMessage();
            m.type = MessageType.TICK;
            m.tick.exchange = "BENCH";
            m.tick.symbol = symbols[s];
            m.tick.bidPrice = 18_998_000_000L;
            m.tick.askPrice = 18_999_000_000L;
            m.tick.lastPrice = 18_998_500_000L;
            m.tick.lastSize = 100_000_000L;
            ticks[s] = m;
            byName.computeIfAbsent("BENCH", e -> new ConcurrentHashMap<>())
                    .put(symbols[s], new Object[9]);
        }
    }

    @TearDown
    public void tearDown() {
        hot.close();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public boolean barHistoryOnTrade() {
        boolean held = true;
        for (int i = 0; i < BATCH; i++) {
            long seq = ++sequence;
            time += STEP_MICROS;
            held &= history.onTrade("BENCH", symbols[(int) (seq % SYMBOLS)], 18_998_000_000L + (seq & 1023),
                    100_000_000L, time, seq, seq, seq);
        }
        return held;
    }

    /** What {@code BarHistory.onTrade} spends finding the feed's series: two ConcurrentHashMap lookups by name. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int feedLookup() {
        int found = 0;
        for (int i = 0; i < BATCH; i++) {
            long seq = ++sequence;
            Object[] series = byName.get("BENCH").get(symbols[(int) (seq % SYMBOLS)]);
            found += series.length;
        }
        return found;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long hotTierApply() {
        for (int i = 0; i < BATCH; i++) {
            long seq = ++sequence;
            time += STEP_MICROS;
            IngestMessage m = ticks[(int) (seq % SYMBOLS)];
            m.tick.timestamp = time;
            m.tick.sequenceNumber = seq;
            m.tick.lastPrice = 18_998_000_000L + (seq & 1023);
            hot.apply(m, seq);
        }
        hot.publish();
        hot.stored(sequence); // DuckDB keeps up: memory trims what it has stored
        return sequence;
    }
}

package io.tickstore.bench.jmh;

import io.tickstore.config.JournalRollCycle;
import io.tickstore.store.journal.Journal;
import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.model.MessageType;
import io.tickstore.store.model.TickRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/** Journal.append of one trade tick into a Chronicle Queue (the durability point), nothing else: no Disruptor, no DuckDB. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class JournalBenchmark extends ChronicleForkedBenchmark {
    static final int SYMBOLS = 100;

    private final IngestMessage message = new IngestMessage();
    private final String[] symbols = new String[SYMBOLS];
    private Path dir;
    private Journal journal;
    private long sequence;
    private int nextSymbol;

    @Setup(Level.Trial)
    public void symbols() {
        for (int s = 0; s < SYMBOLS; s++) {
            symbols[s] = String.format("S%05d", s);
        }
    }

    /** A fresh queue per iteration, so the files an iteration writes are deleted after it. */
    @Setup(Level.Iteration)
    public void open() throws IOException {
        dir = Files.createTempDirectory("tickstore-journal-bench");
        journal = Journal.open(dir, JournalRollCycle.DAILY);
    }

    @Benchmark
    public long append() {
        int s = nextSymbol;
        nextSymbol = s + 1 == SYMBOLS ? 0 : s + 1;
        IngestMessage m = message;
        m.clear();
        m.type = MessageType.TICK;
        TickRecord t = m.tick;
        long seq = ++sequence;
        t.exchange = "BENCH";
        t.symbol = symbols[s];
        t.timestamp = 1_704_205_800_000_000L + seq;
        t.lastPrice = 18_998_000_000L + (seq & 1023);
        t.lastSize = 100 * 100_000_000L;
        t.sequenceNumber = seq;
        return journal.append(m);
    }

    @TearDown(Level.Iteration)
    public void close() throws IOException {
        if (journal != null) {
            journal.close();
        }
        if (dir != null) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}

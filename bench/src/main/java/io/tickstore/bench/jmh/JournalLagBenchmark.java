package io.tickstore.bench.jmh;

import io.tickstore.config.JournalRollCycle;
import io.tickstore.store.journal.Journal;
import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.model.MessageType;
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

/**
 * One sink lag reading as the backpressure check takes it every 20 ms per sink (and each scrape of
 * the sink lag gauges): {@code Journal.lastIndex()} and {@code countAfter(applied)} on a journal the
 * same process appends to, with the sink 1,000 messages behind.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class JournalLagBenchmark extends ChronicleForkedBenchmark {
    private Path dir;
    private Journal journal;
    private long applied;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("tickstore-journal-lag-bench");
        journal = Journal.open(dir, JournalRollCycle.DAILY);
        IngestMessage m = new IngestMessage();
        m.type = MessageType.TICK;
        for (int i = 0; i < 100_000; i++) {
            long index = journal.append(m);
            if (i == 98_999) {
                applied = index;
            }
        }
    }

    @Benchmark
    public long lagReading() {
        return journal.lastIndex() + journal.countAfter(applied);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        journal.close();
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}

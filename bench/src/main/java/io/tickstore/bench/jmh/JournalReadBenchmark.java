package io.tickstore.bench.jmh;

import io.tickstore.config.JournalRollCycle;
import io.tickstore.store.journal.Journal;
import io.tickstore.store.journal.JournalCursor;
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

/**
 * What every sink's runner does per message before applying it: {@link JournalCursor#next} over a
 * journal of trade ticks of 100 symbols (read, decode, the repeated names from the cursor's cache).
 * The journal is written once; the cursor starts over at its end.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class JournalReadBenchmark extends ChronicleForkedBenchmark {
    static final int SYMBOLS = 100;
    static final int MESSAGES = 1_000_000;

    private final IngestMessage message = new IngestMessage();
    private Path dir;
    private Journal journal;
    private JournalCursor cursor;

    @Setup(Level.Trial)
    public void write() throws IOException {
        dir = Files.createTempDirectory("tickstore-journal-read-bench");
        journal = Journal.open(dir, JournalRollCycle.DAILY);
        IngestMessage m = new IngestMessage();
        String[] symbols = new String[SYMBOLS];
        for (int s = 0; s < SYMBOLS; s++) {
            symbols[s] = String.format("S%05d", s);
        }
        for (int i = 0; i < MESSAGES; i++) {
            m.clear();
            m.type = MessageType.TICK;
            TickRecord t = m.tick;
            t.exchange = "BENCH";
            t.symbol = symbols[i % SYMBOLS];
            t.timestamp = 1_704_205_800_000_000L + i;
            t.bidPrice = 18_997_000_000L + (i & 1023);
            t.askPrice = 18_999_000_000L + (i & 1023);
            t.lastPrice = 18_998_000_000L + (i & 1023);
            t.lastSize = 100 * 100_000_000L;
            t.sequenceNumber = i / SYMBOLS + 1;
            journal.append(m);
        }
        cursor = journal.cursorAfter(Journal.NONE);
    }

    @Benchmark
    public long next() {
        if (!cursor.next(message)) {
            cursor.rewindAfter(Journal.NONE);
            cursor.next(message);
        }
        return message.tick.sequenceNumber + message.tick.symbol.length();
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        cursor.close();
        journal.close();
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}

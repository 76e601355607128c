package io.tickstore.bench.lifecycle;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstore.bench.compare.DataSet;
import io.tickstore.bench.compare.TickGenerator;
import io.tickstore.bench.compare.TickRow;
import io.tickstore.config.TickstoreConfig;
import io.tickstore.lifecycle.cold.LifecyclePass;
import io.tickstore.lifecycle.cold.MoveMetrics;
import io.tickstore.lifecycle.cold.PartitionMover;
import io.tickstore.store.TickStore;
import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.model.MessageType;
import io.tickstore.store.pipeline.FrameCompletion;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code lifecycle-move}: how fast a lifecycle pass moves the compare data's sealed days from DuckDB to
 * cold Parquet (write, flush, verify by re-reading, commit manifest and delete), and how large the
 * cold files are against DuckDB. The data ({@link TickGenerator}: 14 days, one exchange) goes through
 * the store's pipeline into a fresh store; then one pass with {@code warm_days} runs, timed alone.
 */
public final class ColdMoveBench {
    private ColdMoveBench() {
    }

    /** What one run does: {@code dir} null: a temp dir, deleted after. */
    record Options(long ticks, int symbols, int warmDays, Path dir) {
    }

    static void run(Options o, PrintWriter out) throws Exception {
        Path dir = o.dir() != null ? o.dir() : Files.createTempDirectory("tickstore-lifecycle-move");
        try {
            TickstoreConfig d = TickstoreConfig.defaults();
            TickstoreConfig config = d.withDataDir(dir)
                    .withPortfolio(d.portfolio().withSnapshotIntervalSeconds(0))
                    .withQuery(d.query().withTickMemoryMb(0))
                    .withLifecycle(d.lifecycle().withEnabled(true).withWarmDays(o.warmDays()));
            DataSet data = DataSet.of(42, o.ticks(), o.symbols());
            try (TickStore store = TickStore.open(config, new SimpleMeterRegistry()); Connection c = store.connect()) {
                long start = System.nanoTime();
                ingest(store, data);
                out.printf(Locale.ROOT, "stored %,d ticks (%d symbols, %d days, seed 42) in %.1f s%n", o.ticks(),
                        o.symbols(), data.days(), (System.nanoTime() - start) / 1e9);
                try (Statement s = c.createStatement()) {
                    s.execute("CHECKPOINT");
                }
                long duckDbBytes = Files.size(dir.resolve(TickStore.DATABASE_FILE));
                LifecyclePass pass = new LifecyclePass(c, config.lifecycle(), config.lifecycle().coldDir(dir),
                        Clock.systemUTC(), new MoveMetrics(new SimpleMeterRegistry()));
                start = System.nanoTime();
                LifecyclePass.Result r = pass.run();
                double seconds = (System.nanoTime() - start) / 1e9;
                if (!r.failed().isEmpty()) {
                    throw new IllegalStateException("moves failed: " + r.failed());
                }
                long rows = 0;
                long bytes = 0;
                for (PartitionMover.Moved m : r.moved()) {
                    rows += m.rows();
                    bytes += m.bytes();
                }
                long warm = count(c, "SELECT count(*) FROM market_ticks");
                out.printf(Locale.ROOT, "moved %d partitions, %,d rows in %.2f s: %,.0f rows/s, %.1f MB Parquet "
                                + "(%.1f MB/s); %,d rows stay warm%n", r.moved().size(), rows, seconds, rows / seconds,
                        bytes / 1e6, bytes / 1e6 / seconds, warm);
                out.printf(Locale.ROOT, "bytes per tick: Parquet %.1f, DuckDB (whole file after CHECKPOINT, before the "
                        + "move, bars and state included) %.1f%n", (double) bytes / rows, (double) duckDbBytes / o.ticks());
            }
        } finally {
            if (o.dir() == null) {
                try (Stream<Path> paths = Files.walk(dir)) {
                    paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    private static long count(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void ingest(TickStore store, DataSet data) throws Exception {
        FrameCompletion completion = new FrameCompletion() {
            @Override
            public void journaled(int accepted, int duplicates, long journalIndex) {
            }

            @Override
            public void rejected(MessageType type, String error) {
                throw new IllegalStateException(error);
            }

            @Override
            public void failed(String reason) {
                throw new IllegalStateException(reason);
            }
        };
        TickGenerator generator = new TickGenerator(data);
        TickRow row = new TickRow();
        String[] symbols = new String[data.symbols()];
        for (int s = 0; s < symbols.length; s++) {
            symbols[s] = data.symbol(s);
        }
        int frameSize = 1000;
        boolean more = true;
        while (more) {
            IngestMessage[] frame = new IngestMessage[frameSize];
            int n = 0;
            while (n < frameSize && (more = generator.next(row))) {
                IngestMessage m = new IngestMessage();
                m.type = MessageType.TICK;
                m.tick.exchange = data.exchange();
                m.tick.symbol = symbols[row.symbol];
                m.tick.timestamp = row.timestamp;
                m.tick.sequenceNumber = row.sequence;
                m.tick.bidPrice = row.bidPrice;
                m.tick.askPrice = row.askPrice;
                m.tick.bidSize = row.bidSize;
                m.tick.askSize = row.askSize;
                m.tick.lastPrice = row.lastPrice;
                m.tick.lastSize = row.lastSize;
                frame[n++] = m;
            }
            while (n > 0 && !store.pipeline().tryPublish(frame, n, completion)) {
                Thread.sleep(1);
            }
        }
        while (!store.pipeline().drained()) {
            Thread.sleep(10);
        }
        if (!store.awaitStored(1, TimeUnit.HOURS)) {
            throw new IllegalStateException("the sinks did not catch up: " + store.sinks());
        }
    }
}

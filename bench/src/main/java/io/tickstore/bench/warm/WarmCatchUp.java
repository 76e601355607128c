package io.tickstore.bench.warm;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstore.bench.compare.DataSet;
import io.tickstore.bench.compare.TickGenerator;
import io.tickstore.bench.compare.TickRow;
import io.tickstore.config.JournalRollCycle;
import io.tickstore.config.PortfolioConfig;
import io.tickstore.store.journal.Journal;
import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.model.MessageType;
import io.tickstore.store.schema.SchemaMigrator;
import io.tickstore.store.sink.SinkOptions;
import io.tickstore.store.sink.SinkRunner;
import io.tickstore.store.write.DuckDbSink;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * {@code warm-catchup}: how fast the DuckDB sink (the warm tier) stores a journal on its own, against
 * a bare DuckDB Appender loop writing the same rows into the same {@code market_ticks} shape, in the
 * same run. The compare data ({@link TickGenerator}) is journaled once; then, round after round, the
 * two alternate, each into an empty database: the sink replays the journal (decoding it, keeping bars
 * of five timeframes, quotes and their {@code feed_state}, one transaction per batch with its applied
 * index), the bare loop appends the generated rows and commits every batch. Prints each round and the
 * medians and their ratio.
 */
public final class WarmCatchUp {
    private WarmCatchUp() {
    }

    /** What one run does: {@code dir} null: a temp dir, deleted after. */
    record Options(long ticks, int symbols, int rounds, int batch, int sinkBatch, Path dir) {
    }

    /** Journals the data, then runs the rounds; returns the medians' ratio sink/bare. */
    static double run(Options o, PrintWriter out) throws Exception {
        Path dir = o.dir() != null ? o.dir() : Files.createTempDirectory("tickstore-warm-catchup");
        try {
            DataSet data = DataSet.of(42, o.ticks(), o.symbols());
            Path journalDir = dir.resolve("journal");
            long start = System.nanoTime();
            long last = writeJournal(data, journalDir);
            out.printf(Locale.ROOT, "journaled %,d ticks (%d symbols, 14 days, seed 42) in %.1f s%n", o.ticks(),
                    o.symbols(), (System.nanoTime() - start) / 1e9);
            List<Double> sink = new ArrayList<>();
            List<Double> bare = new ArrayList<>();
            for (int r = 1; r <= o.rounds(); r++) {
                double s = sinkRate(journalDir, last, o, dir.resolve("sink-" + r + ".duckdb"));
                double b = bareRate(data, o, dir.resolve("bare-" + r + ".duckdb"));
                sink.add(s);
                bare.add(b);
                out.printf(Locale.ROOT, "round %d: DuckDB sink %,.0f rows/s, bare Appender loop %,.0f rows/s, "
                        + "ratio %.2f%n", r, s, b, s / b);
                out.flush();
            }
            double ms = median(sink);
            double mb = median(bare);
            out.printf(Locale.ROOT, "median of %d rounds: DuckDB sink %,.0f rows/s, bare Appender loop %,.0f rows/s; "
                    + "sink/bare: %.2f%n", o.rounds(), ms, mb, ms / mb);
            return ms / mb;
        } finally {
            if (o.dir() == null) {
                deleteTree(dir);
            }
        }
    }

    /** The data as ticks in a fresh journal; returns the last index. */
    public static long writeJournal(DataSet data, Path dir) {
        TickGenerator generator = new TickGenerator(data);
        TickRow row = new TickRow();
        IngestMessage m = new IngestMessage();
        String[] symbols = new String[data.symbols()];
        for (int s = 0; s < symbols.length; s++) {
            symbols[s] = data.symbol(s);
        }
        long last = Journal.NONE;
        try (Journal journal = Journal.open(dir, JournalRollCycle.DAILY)) {
            while (generator.next(row)) {
                m.clear();
                m.type = MessageType.TICK;
                fill(m, row, data.exchange(), symbols[row.symbol]);
                last = journal.append(m);
            }
        }
        return last;
    }

    /** A tick message of the compare data. */
    public static void fill(IngestMessage m, TickRow row, String exchange, String symbol) {
        m.tick.exchange = exchange;
        m.tick.symbol = symbol;
        m.tick.timestamp = row.timestamp;
        m.tick.sequenceNumber = row.sequence;
        m.tick.bidPrice = row.bidPrice;
        m.tick.askPrice = row.askPrice;
        m.tick.bidSize = row.bidSize;
        m.tick.askSize = row.askSize;
        m.tick.lastPrice = row.lastPrice;
        m.tick.lastSize = row.lastSize;
    }

    /** The DuckDB sink, run by its runner, from an empty database to the journal's end; rows/s. */
    private static double sinkRate(Path journalDir, long last, Options o, Path file) throws Exception {
        try (Journal journal = Journal.open(journalDir, JournalRollCycle.DAILY);
             DuckDBConnection db = open(file)) {
            DuckDbSink sink = new DuckDbSink(db, new PortfolioConfig(java.math.BigDecimal.ZERO, 0));
            long start = System.nanoTime();
            try (SinkRunner runner = new SinkRunner(sink, new SinkOptions(o.sinkBatch(), 0, true, Long.MAX_VALUE), journal,
                    new SimpleMeterRegistry())) {
                runner.start();
                if (!runner.awaitApplied(last, 1, TimeUnit.HOURS)) {
                    throw new IllegalStateException("the DuckDB sink did not reach the journal's end: "
                            + runner.status());
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            sink.close();
            return o.ticks() / seconds;
        }
    }

    /** A bare Appender loop over the same rows, committing every batch; rows/s. */
    private static double bareRate(DataSet data, Options o, Path file) throws Exception {
        try (DuckDBConnection db = open(file); Statement s = db.createStatement()) {
            TickGenerator generator = new TickGenerator(data);
            TickRow row = new TickRow();
            String[] symbols = new String[data.symbols()];
            for (int i = 0; i < symbols.length; i++) {
                symbols[i] = data.symbol(i);
            }
            String exchange = data.exchange();
            long start = System.nanoTime();
            long n = 0;
            s.execute("BEGIN TRANSACTION");
            try (DuckDBAppender a = db.createAppender("main", "market_ticks")) {
                while (generator.next(row)) {
                    a.beginRow();
                    a.append(exchange);
                    a.append(symbols[row.symbol]);
                    a.appendEpochMicros(row.timestamp);
                    decimal(a, row.bidPrice);
                    decimal(a, row.askPrice);
                    decimal(a, row.bidSize);
                    decimal(a, row.askSize);
                    decimal(a, row.lastPrice);
                    decimal(a, row.lastSize);
                    a.appendNull(); // volume
                    a.append(row.sequence);
                    a.appendNull(); // conditions
                    a.appendNull(); // tape
                    a.append(n); // journal_index
                    a.endRow();
                    if (++n % o.batch() == 0) {
                        a.flush();
                        s.execute("COMMIT");
                        s.execute("BEGIN TRANSACTION");
                    }
                }
                a.flush();
            }
            s.execute("COMMIT");
            return n / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static void decimal(DuckDBAppender a, long unscaled) throws SQLException {
        if (unscaled == Decimal8.NULL) {
            a.appendNull();
        } else {
            a.appendDecimal(unscaled);
        }
    }

    /** A fresh database with the store's schema and the store's checkpoint threshold. */
    private static DuckDBConnection open(Path file) throws SQLException {
        DuckDBConnection db = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath());
        SchemaMigrator.migrate(db);
        try (Statement s = db.createStatement()) {
            s.execute("SET checkpoint_threshold = '256MiB'");
        }
        return db;
    }

    public static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

package io.tickstore.bench.mirror;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstore.bench.compare.DataSet;
import io.tickstore.bench.compare.TickGenerator;
import io.tickstore.bench.compare.TickRow;
import io.tickstore.bench.warm.WarmCatchUp;
import io.tickstore.config.JournalRollCycle;
import io.tickstore.config.MirrorConfig;
import io.tickstore.config.PortfolioConfig;
import io.tickstore.lifecycle.mirror.MirrorSchema;
import io.tickstore.lifecycle.mirror.PostgresMirrorSink;
import io.tickstore.lifecycle.mirror.PostgresUrl;
import io.tickstore.store.journal.Journal;
import io.tickstore.store.model.Decimal8;
import io.tickstore.store.sink.SinkOptions;
import io.tickstore.store.sink.SinkRunner;
import java.io.PrintWriter;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * {@code mirror-catchup}: how fast the PostgreSQL mirror stores a journal (what catching up after an
 * outage costs), against {@code COPY ... FROM STDIN} of the same rows into the same table shape
 * (same unique key, same BRIN index), committing every batch as the mirror does. Each round uses fresh
 * schemas, dropped after.
 */
public final class MirrorCatchUp {
    private MirrorCatchUp() {
    }

    record Options(String url, long ticks, int symbols, int rounds, int batch) {
    }

    static void run(Options o, PrintWriter out) throws Exception {
        Path dir = Files.createTempDirectory("tickstore-mirror-catchup");
        PostgresUrl url = PostgresUrl.parse(o.url());
        try {
            DataSet data = DataSet.of(42, o.ticks(), o.symbols());
            long last = WarmCatchUp.writeJournal(data, dir.resolve("journal"));
            out.printf(Locale.ROOT, "journaled %,d ticks (%d symbols, seed 42)%n", o.ticks(), o.symbols());
            List<Double> mirror = new ArrayList<>();
            List<Double> copy = new ArrayList<>();
            for (int r = 1; r <= o.rounds(); r++) {
                String schema = "mirror_bench_" + Long.toHexString(System.nanoTime());
                double m;
                double c;
                try {
                    m = mirrorRate(dir.resolve("journal"), last, o, schema);
                    c = copyRate(data, o, url, schema + "_copy");
                } finally {
                    try (Connection conn = url.jdbc(null); Statement s = conn.createStatement()) {
                        s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                        s.execute("DROP SCHEMA IF EXISTS " + schema + "_copy CASCADE");
                    }
                }
                mirror.add(m);
                copy.add(c);
                out.printf(Locale.ROOT, "round %d: mirror %,.0f rows/s, COPY %,.0f rows/s, ratio %.2f%n", r, m, c, m / c);
                out.flush();
            }
            double mm = WarmCatchUp.median(mirror);
            double mc = WarmCatchUp.median(copy);
            out.printf(Locale.ROOT, "median of %d rounds: mirror %,.0f rows/s, COPY %,.0f rows/s; mirror/COPY: %.2f%n",
                    o.rounds(), mm, mc, mm / mc);
        } finally {
            WarmCatchUp.deleteTree(dir);
        }
    }

    private static double mirrorRate(Path journalDir, long last, Options o, String schema) throws Exception {
        MirrorConfig config = MirrorConfig.none().withUrl(o.url()).withSchema(schema).withMaxBatch(o.batch());
        try (Journal journal = Journal.open(journalDir, JournalRollCycle.DAILY)) {
            PostgresMirrorSink sink = new PostgresMirrorSink(config, new PortfolioConfig(BigDecimal.ZERO, 0),
                    new SimpleMeterRegistry());
            long start = System.nanoTime();
            try (SinkRunner runner = new SinkRunner(sink, new SinkOptions(o.batch(), 0, true, Long.MAX_VALUE), journal,
                    new SimpleMeterRegistry())) {
                runner.start();
                if (!runner.awaitApplied(last, 1, TimeUnit.HOURS)) {
                    throw new IllegalStateException("the mirror did not reach the journal's end: " + runner.status());
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            sink.close();
            return o.ticks() / seconds;
        }
    }

    /** The same rows as CSV through COPY, a transaction per batch; rows/s. */
    private static double copyRate(DataSet data, Options o, PostgresUrl url, String schema) throws Exception {
        try (Connection c = url.jdbc(null)) {
            MirrorSchema.migrate(c, schema);
            c.setSchema(schema);
            c.setAutoCommit(false);
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            TickGenerator generator = new TickGenerator(data);
            TickRow row = new TickRow();
            String exchange = data.exchange();
            StringBuilder csv = new StringBuilder(1 << 20);
            long n = 0;
            long start = System.nanoTime();
            while (generator.next(row)) {
                csv.append(exchange).append(',').append(data.symbol(row.symbol)).append(',')
                        .append(Instant.ofEpochSecond(Math.floorDiv(row.timestamp, 1_000_000L),
                                Math.floorMod(row.timestamp, 1_000_000L) * 1_000L)).append(',');
                decimal(csv, row.bidPrice).append(',');
                decimal(csv, row.askPrice).append(',');
                decimal(csv, row.bidSize).append(',');
                decimal(csv, row.askSize).append(',');
                decimal(csv, row.lastPrice).append(',');
                decimal(csv, row.lastSize).append(",,").append(row.sequence).append(",,,").append(n).append('\n');
                if (++n % o.batch() == 0) {
                    flush(copy, csv, c);
                }
            }
            flush(copy, csv, c);
            return n / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static void flush(CopyManager copy, StringBuilder csv, Connection c) throws Exception {
        if (csv.length() > 0) {
            copy.copyIn("COPY market_ticks FROM STDIN (FORMAT csv)", new StringReader(csv.toString()));
            c.commit();
            csv.setLength(0);
        }
    }

    private static StringBuilder decimal(StringBuilder out, long v) {
        if (v != Decimal8.NULL) {
            Decimal8.format(v, out);
        }
        return out;
    }
}

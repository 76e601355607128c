package io.tickstore.bench.mirror;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstore.bench.compare.DataSet;
import io.tickstore.bench.compare.TickGenerator;
import io.tickstore.bench.compare.TickRow;
import io.tickstore.bench.warm.WarmCatchUp;
import io.tickstore.config.JournalRollCycle;
import io.tickstore.config.MirrorConfig;
import io.tickstore.config.PortfolioConfig;
import io.tickstore.lifecycle.mirror.PostgresMirrorSink;
import io.tickstore.lifecycle.mirror.PostgresUrl;
import io.tickstore.standins.CuttableProxy;
import io.tickstore.store.journal.Journal;
import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.model.MessageType;
import io.tickstore.store.sink.SinkRunner;
import io.vertx.pgclient.PgConnectOptions;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code mirror-catchup --outage S}: the catch-up after an outage. The mirror sink, run by its
 * {@code SinkRunner} as in the server, tails a journal through a TCP proxy in front of PostgreSQL; the
 * proxy is cut, the compare data is journaled at {@code rate} ticks/s for {@code S} seconds (paced, as
 * acks would be; the mirror's breaker opens meanwhile), then the proxy is restored and the run times
 * until the mirror's applied index reaches the journal's last index. That time includes the breaker's
 * wait before its trial call (10 s) and the runner's backoff, as after a real outage.
 */
final class MirrorOutage {
    private MirrorOutage() {
    }

    record Options(String url, int outageSeconds, int rate, int symbols, int batch) {
    }

    static void run(Options o, PrintWriter out) throws Exception {
        Path dir = Files.createTempDirectory("tickstore-mirror-outage");
        PostgresUrl target = PostgresUrl.parse(o.url());
        PgConnectOptions t = target.connectOptions(null);
        String schema = "mirror_outage_" + Long.toHexString(System.nanoTime());
        long ticks = (long) o.outageSeconds() * o.rate();
        DataSet data = DataSet.of(42, ticks, o.symbols());
        try (CuttableProxy proxy = new CuttableProxy(t.getPort());
             Journal journal = Journal.open(dir.resolve("journal"), JournalRollCycle.DAILY)) {
            String viaProxy = "postgresql://" + t.getUser() + "@127.0.0.1:" + proxy.port() + "/" + t.getDatabase();
            MirrorConfig config = MirrorConfig.none().withUrl(viaProxy).withSchema(schema).withMaxBatch(o.batch());
            PostgresMirrorSink sink = new PostgresMirrorSink(config, new PortfolioConfig(BigDecimal.ZERO, 0),
                    new SimpleMeterRegistry());
            try (SinkRunner runner = new SinkRunner(sink, PostgresMirrorSink.options(config), journal,
                    new SimpleMeterRegistry())) {
                runner.start();
                proxy.cut();
                out.printf(Locale.ROOT, "proxy cut; journaling %,d ticks at %,d ticks/s (%d symbols, seed 42)%n", ticks,
                        o.rate(), o.symbols());
                out.flush();
                long start = System.nanoTime();
                long last = journalPaced(data, journal, o.rate(), start);
                double loadSeconds = (System.nanoTime() - start) / 1e9;
                String breaker = sink.breakerState();
                long appliedAtEnd = sink.appliedIndex();
                proxy.restore();
                long restored = System.nanoTime();
                out.printf(Locale.ROOT, "journaled in %.1f s (%,.0f ticks/s); mirror breaker %s, applied index %d of %d;"
                        + " proxy restored%n", loadSeconds, ticks / loadSeconds, breaker, appliedAtEnd, last);
                out.flush();
                if (!runner.awaitApplied(last, 1, TimeUnit.HOURS)) {
                    throw new IllegalStateException("the mirror did not catch up: " + runner.status());
                }
                double catchUp = (System.nanoTime() - restored) / 1e9;
                out.printf(Locale.ROOT, "caught up %.1f s after the outage ended: %,d rows, %,.0f rows/s including the "
                        + "breaker's wait%n", catchUp, ticks, ticks / catchUp);
            } finally {
                sink.close();
            }
        } finally {
            try (Connection c = target.jdbc(null); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
            WarmCatchUp.deleteTree(dir);
        }
    }

    /** Journals the data at {@code rate} messages/s from {@code start}; the last index. */
    private static long journalPaced(DataSet data, Journal journal, int rate, long start) {
        TickGenerator generator = new TickGenerator(data);
        TickRow row = new TickRow();
        IngestMessage m = new IngestMessage();
        String[] symbols = new String[data.symbols()];
        for (int s = 0; s < symbols.length; s++) {
            symbols[s] = data.symbol(s);
        }
        long last = Journal.NONE;
        long n = 0;
        while (generator.next(row)) {
            long due = start + n * 1_000_000_000L / rate;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            m.clear();
            m.type = MessageType.TICK;
            WarmCatchUp.fill(m, row, data.exchange(), symbols[row.symbol]);
            last = journal.append(m);
            n++;
        }
        return last;
    }
}

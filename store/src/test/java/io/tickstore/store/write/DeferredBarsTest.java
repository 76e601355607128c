package io.tickstore.store.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstore.config.JournalRollCycle;
import io.tickstore.config.PortfolioConfig;
import io.tickstore.store.SampleMessages;
import io.tickstore.store.journal.Journal;
import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.model.MessageType;
import io.tickstore.store.schema.SchemaMigrator;
import io.tickstore.store.sink.SinkOptions;
import io.tickstore.store.sink.SinkRunner;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DuckDB sink writes bars less often than rows ({@link DuckDbApplier#commitBatch}): whenever the
 * bars are written, and after a crash between rows and bars once the applier is reopened, {@code
 * ohlcv_bars} is exactly what writing them with every commit gives, and {@code bars_applied} names the
 * messages they hold.
 */
class DeferredBarsTest {
    private static final PortfolioConfig PORTFOLIO = new PortfolioConfig(BigDecimal.ZERO, 0);
    private static final String BARS = "SELECT exchange, symbol, timeframe, epoch_us(bucket_start), open, high, low, "
            + "close, volume, trade_count, price_volume, epoch_us(open_time), open_sequence, open_journal_index, "
            + "epoch_us(close_time), close_sequence, close_journal_index FROM ohlcv_bars ORDER BY 1, 2, 3, 4";

    @TempDir
    Path dir;

    private int references;

    /**
     * Message {@code i} (1-based, its journal index too): two feeds, 97 s apart (the messages span
     * about a day and a half, so bars of every timeframe open and complete), every fifth a quote only,
     * every seventeenth a late trade about an hour and a half back (into a bar already written).
     */
    private static IngestMessage message(long i) {
        IngestMessage m = new IngestMessage();
        m.type = MessageType.TICK;
        m.tick.exchange = i % 2 == 0 ? "NASDAQ" : "NYSE";
        m.tick.symbol = i % 2 == 0 ? "AAPL" : "IBM";
        long step = i % 17 == 0 ? Math.max(1, i - 60) : i;
        m.tick.timestamp = SampleMessages.T0 + step * 97_000_000L + i % 3;
        m.tick.sequenceNumber = i;
        m.tick.bidPrice = Decimal8.parse("99.5") + i;
        m.tick.askPrice = Decimal8.parse("100.5") + i;
        if (i % 5 != 0) {
            m.tick.lastPrice = Decimal8.parse("100") + (i * 37 % 101) * 1_000_000L + 1;
            m.tick.lastSize = (1 + i % 5) * Decimal8.parse("0.25");
        }
        return m;
    }

    private DuckDBConnection open(String name) throws SQLException {
        DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection(
                "jdbc:duckdb:" + dir.resolve(name).toAbsolutePath());
        SchemaMigrator.migrate(c);
        return c;
    }

    /** The bars of messages 1..last written with every commit of {@code perCommit} messages. */
    private List<String> reference(long last, int perCommit) throws SQLException {
        try (DuckDBConnection c = open("reference-" + (++references) + ".duckdb");
             DuckDbApplier applier = new DuckDbApplier(c, PORTFOLIO)) {
            for (long i = 1; i <= last; i++) {
                applier.apply(message(i), i);
                if (i % perCommit == 0) {
                    applier.commit();
                }
            }
            applier.commit();
            return rows(c, BARS);
        }
    }

    private static List<String> rows(DuckDBConnection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int col = 1; col <= n; col++) {
                    b.append(rs.getString(col)).append('|');
                }
                out.add(b.toString());
            }
        }
        return out;
    }

    private static long single(DuckDBConnection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getLong(1);
        }
    }

    private static long barsApplied(DuckDBConnection c) throws SQLException {
        return single(c, "SELECT applied_index FROM bars_applied WHERE id = 1");
    }

    private static long rowsApplied(DuckDBConnection c) throws SQLException {
        return single(c, "SELECT applied_index FROM journal_applied WHERE id = 1");
    }

    @Test
    void rowsCommitEveryBatchAndBarsOnceTheirBatchIsFull() throws SQLException {
        try (DuckDBConnection c = open("t.duckdb"); DuckDbApplier applier = new DuckDbApplier(c, PORTFOLIO, 1000)) {
            long i = 1;
            for (int batch = 1; batch <= 3; batch++) {
                for (int n = 0; n < 300; n++, i++) {
                    applier.apply(message(i), i);
                }
                applier.commitBatch(false);
                assertEquals(batch * 300L, single(c, "SELECT count(*) FROM market_ticks"), "rows every batch");
                assertEquals(batch * 300L, rowsApplied(c));
                assertEquals(batch * 300L, applier.rowsAppliedIndex());
                assertEquals(0, single(c, "SELECT count(*) FROM ohlcv_bars"), "no bars before 1000 messages");
                assertEquals(Journal.NONE, barsApplied(c));
                assertEquals(Journal.NONE, applier.appliedIndex(), "the store holds no message whole yet");
            }
            for (int n = 0; n < 300; n++, i++) {
                applier.apply(message(i), i);
            }
            applier.commitBatch(false); // 1,200 unwritten: the bars go with these rows
            assertEquals(1200, barsApplied(c));
            assertEquals(1200, applier.appliedIndex());
            assertEquals(reference(1200, 300), rows(c, BARS));
            assertTrue(rows(c, BARS).size() > 100, "bars of five timeframes: " + rows(c, BARS).size());
        }
    }

    @Test
    void aBatchThatCaughtUpWritesItsBarsAndWriteBarsWritesWhatWasLeftOut() throws SQLException {
        try (DuckDBConnection c = open("t.duckdb"); DuckDbApplier applier = new DuckDbApplier(c, PORTFOLIO, 1_000_000)) {
            for (long i = 1; i <= 250; i++) {
                applier.apply(message(i), i);
            }
            applier.commitBatch(true);
            assertEquals(250, barsApplied(c));
            assertEquals(reference(250, 250), rows(c, BARS));

            for (long i = 251; i <= 700; i++) {
                applier.apply(message(i), i);
                if (i % 150 == 100) {
                    applier.commitBatch(false);
                }
            }
            applier.commitBatch(false);
            assertEquals(250, barsApplied(c));
            assertEquals(700, rowsApplied(c));
            assertNotEquals(reference(700, 100), rows(c, BARS), "the later bars are not written yet");
            applier.writeBars();
            assertEquals(700, barsApplied(c));
            assertEquals(700, applier.appliedIndex());
            assertEquals(reference(700, 100), rows(c, BARS));
            applier.writeBars(); // nothing left: no transaction, nothing changes
            assertEquals(reference(700, 100), rows(c, BARS));
        }
    }

    /**
     * A crash after rows were committed without their bars (the applier closed without writing them: it
     * rolls back nothing committed and the bars in memory are gone): a new applier rebuilds them from the
     * stored trade ticks, including trades into bars stored before, and goes on from there exactly, skipping
     * the messages whose rows it has when they come again.
     */
    @Test
    void aCrashBetweenRowsAndBarsIsMendedFromTheStoredTicksWhenReopened() throws SQLException {
        try (DuckDBConnection c = open("t.duckdb")) {
            long trades = 0;
            try (DuckDbApplier applier = new DuckDbApplier(c, PORTFOLIO, 1_000_000)) {
                for (long i = 1; i <= 400; i++) {
                    applier.apply(message(i), i);
                }
                applier.commitBatch(true);
                for (long i = 401; i <= 900; i++) {
                    applier.apply(message(i), i);
                    trades += message(i).tick.isTrade() ? 1 : 0;
                    if (i % 125 == 0) {
                        applier.commitBatch(false);
                    }
                }
                applier.commitBatch(false);
            }
            assertEquals(400, barsApplied(c));
            assertEquals(900, rowsApplied(c));
            try (DuckDbApplier reopened = new DuckDbApplier(c, PORTFOLIO, 1_000_000)) {
                assertEquals(trades, reopened.rebuiltTrades());
                assertEquals(900, reopened.appliedIndex());
                assertEquals(900, barsApplied(c));
                assertEquals(reference(900, 125), rows(c, BARS));
                // A runner that rewound to the bars' index hands 401..900 again: skipped, their rows are stored.
                for (long i = 401; i <= 1300; i++) {
                    reopened.apply(message(i), i);
                }
                reopened.commitBatch(true);
                assertEquals(1300, single(c, "SELECT count(*) FROM market_ticks"), "no row twice");
                assertEquals(1300, single(c, "SELECT count(DISTINCT journal_index) FROM market_ticks"));
                assertEquals(reference(1300, 125), rows(c, BARS));
            }
            try (DuckDbApplier again = new DuckDbApplier(c, PORTFOLIO, 1_000_000)) {
                assertEquals(0, again.rebuiltTrades(), "nothing missing: nothing rebuilt");
            }
        }
    }

    @Test
    void barsAheadOfTheRowsAreRefusedNamingBothIndexes() throws SQLException {
        try (DuckDBConnection c = open("t.duckdb")) {
            try (Statement s = c.createStatement()) {
                s.execute("UPDATE bars_applied SET applied_index = 5");
            }
            SQLException e = assertThrows(SQLException.class, () -> new DuckDbApplier(c, PORTFOLIO, 10));
            assertTrue(e.getMessage().contains("bars_applied.applied_index 5 is after journal_applied.applied_index -1"),
                    e.getMessage());
        }
    }

    /**
     * The sink run by its runner over a journal, in transactions of 64 messages and bars every 10,000:
     * the last batch reaches the journal's end and takes the bars with it, so the sink's applied index
     * (rows and bars) reaches the journal's last message without waiting for idleness.
     */
    @Test
    void theSinkWritesBarsWhenItCatchesUpWithTheJournal() throws Exception {
        long last;
        try (Journal journal = Journal.open(dir.resolve("journal"), JournalRollCycle.DAILY)) {
            last = Journal.NONE;
            for (long i = 1; i <= 1000; i++) {
                last = journal.append(message(i));
            }
        }
        try (Journal journal = Journal.open(dir.resolve("journal"), JournalRollCycle.DAILY);
             DuckDBConnection c = open("t.duckdb")) {
            DuckDbSink sink = new DuckDbSink(c, PORTFOLIO, 10_000);
            try (SinkRunner runner = new SinkRunner(sink, new SinkOptions(64, 0, true, Long.MAX_VALUE), journal,
                    new SimpleMeterRegistry())) {
                runner.start();
                assertTrue(runner.awaitApplied(last, 30, TimeUnit.SECONDS), runner.status().toString());
            }
            sink.close();
            assertEquals(last, barsApplied(c));
            assertEquals(last, rowsApplied(c));
            // The journal's indexes are not 1..1000: compare with the reference by content, less the indexes.
            assertEquals(withoutIndexes(reference(1000, 64)), withoutIndexes(rows(c, BARS)));
        }
    }

    /** Bar rows less their open and close journal index (columns 14 and 17). */
    private static List<String> withoutIndexes(List<String> bars) {
        List<String> out = new ArrayList<>();
        for (String b : bars) {
            String[] f = b.split("\\|", -1);
            f[13] = "";
            f[16] = "";
            out.add(String.join("|", f));
        }
        return out;
    }
}

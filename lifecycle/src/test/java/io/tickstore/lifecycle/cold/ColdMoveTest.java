package io.tickstore.lifecycle.cold;

import static io.tickstore.lifecycle.cold.ColdFixture.DAY;
import static io.tickstore.lifecycle.cold.ColdFixture.MARCH_1;
import static io.tickstore.lifecycle.cold.ColdFixture.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstore.config.TickstoreConfig;
import io.tickstore.store.TickStore;
import io.tickstore.store.bars.BarState;
import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.model.TickRecord;
import io.tickstore.store.ticks.TickHistory;
import io.tickstore.store.read.TiersAnswered;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Warm to cold moves on a real store: what moves, the files, the manifest, and reads that span tiers. */
final class ColdMoveTest {
    private static final List<String> EXCHANGES = List.of("XNAS", "BATS/EU 'x'");
    private static final List<String> SYMBOLS = List.of("AAPL", "MSFT", "ZZZ");
    /** Wall clock of the passes: well after the data, so every day is sealed. */
    private static final Clock LATER = Clock.fixed(Instant.parse("2024-03-20T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void sealedDaysOlderThanWarmDaysMoveAndEveryReadAnswersAsBefore() throws Exception {
        TickstoreConfig config = ColdFixture.config(dir, 2);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TickStore store = ColdFixture.open(config, registry); Connection c = store.connect()) {
            List<IngestMessage> ticks = ColdFixture.ticks(EXCHANGES, SYMBOLS, 5, 300, 42);
            ColdFixture.ingest(store, ticks);
            String before = answers(store);

            LifecyclePass pass = new LifecyclePass(c, config.lifecycle(), config.lifecycle().coldDir(dir), LATER,
                    new MoveMetrics(registry));
            LifecyclePass.Result r = pass.run();

            // 5 days, the newest 2 stay warm: 3 days x 2 exchanges move.
            assertEquals(List.of(), r.failed());
            assertEquals(6, r.moved().size());
            assertEquals(0, count(c, "SELECT count(*) FROM market_ticks WHERE timestamp < TIMESTAMP '2024-03-04'"));
            assertEquals(2 * 3 * 2 * 300, count(c, "SELECT count(*) FROM market_ticks"));
            assertEquals(6, count(c, "SELECT count(*) FROM cold_partitions"));
            assertEquals(ticks.size() - 2 * 3 * 2 * 300, count(c, "SELECT sum(rows) FROM cold_partitions"));
            Path file = dir.resolve("cold/market_ticks/exchange=BATS%2FEU%20%27x%27/date=2024-03-02/v1.parquet");
            assertTrue(Files.isRegularFile(file), file + " exists");
            assertEquals(before, answers(store), "every read answers exactly as before the move");
            assertEquals(6.0, registry.get("tickstore.lifecycle.partitions.moved").counter().count());
            assertEquals(ticks.size() - 2 * 3 * 2 * 300.0, registry.get("tickstore.lifecycle.moved.rows").counter().count());

            // A second pass has nothing to do.
            assertEquals(0, pass.run().moved().size());
        }
    }

    /**
     * The stored bars of the standard timeframes, read before and after a move by the same running store
     * (its reader connections keep their statements): a moved day's bars are built from its cold ticks,
     * exactly as DuckDB held them. Memory holds each series' latest bar only (bar memory 0 days, and the
     * store reopened after the ingest), so every read goes through the tiers. DuckDB 1.5 fixes a kept
     * statement's plan by the table statistics it was prepared under: the cold tier's manifest read while
     * it was empty answered "no cold days" for good, and those days' bars came back empty after a move.
     */
    @Test
    void standardBarsOfMovedDaysAreBuiltFromColdTicksByReadersThatReadBeforeTheMove() throws Exception {
        TickstoreConfig d = ColdFixture.config(dir, 2);
        TickstoreConfig config = d.withQuery(d.query().withBarMemoryDays(0));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TickStore store = ColdFixture.open(config, registry)) {
            ColdFixture.ingest(store, ColdFixture.ticks(EXCHANGES, SYMBOLS, 5, 300, 42));
        }
        try (TickStore store = ColdFixture.open(config, registry); Connection c = store.connect()) {
            String before = standardBars(store);
            assertTrue(before.contains("bar 1m "), "the read found bars");
            LifecyclePass.Result r = new LifecyclePass(c, config.lifecycle(), config.lifecycle().coldDir(dir), LATER,
                    new MoveMetrics(registry)).run();
            assertEquals(6, r.moved().size());
            assertEquals(0, count(c, "SELECT count(*) FROM ohlcv_bars WHERE bucket_start < TIMESTAMP '2024-03-04'"),
                    "the moved days' bars left DuckDB with their ticks");
            assertEquals(before, standardBars(store), "every bar answers exactly as before the move");
        }
    }

    /** Every standard timeframe's bars of every feed over the whole range, read several times, as text. */
    private static String standardBars(TickStore store) throws Exception {
        StringBuilder out = new StringBuilder();
        io.tickstore.store.bars.BarHistory.Bars bars = new io.tickstore.store.bars.BarHistory.Bars();
        for (String exchange : EXCHANGES) {
            for (String symbol : SYMBOLS) {
                for (io.tickstore.store.bars.Timeframe tf : io.tickstore.store.bars.Timeframe.STANDARD) {
                    // Several reads each: every reader connection of the pool has read before the move.
                    for (int round = 0; round < 4; round++) {
                        store.read().bars().stored(exchange, symbol, tf, MARCH_1 - DAY, MARCH_1 + 10 * DAY, 100_000,
                                bars, new TiersAnswered());
                    }
                    for (int i = 0; i < bars.size; i++) {
                        out.append("bar ").append(tf.label()).append(' ').append(exchange).append(' ').append(symbol)
                                .append(' ').append(bars.bucket[i]).append(' ').append(bars.open[i]).append(' ')
                                .append(bars.high[i]).append(' ').append(bars.low[i]).append(' ').append(bars.close[i])
                                .append(' ').append(bars.volumeHigh[i]).append(' ').append(bars.volumeLow[i]).append(' ')
                                .append(bars.priceVolumeHigh[i]).append(' ').append(bars.priceVolumeLow[i]).append(' ')
                                .append(bars.tradeCount[i]).append('\n');
                    }
                }
            }
        }
        return out.toString();
    }

    @Test
    void aLateRowForAMovedPartitionIsReadAtOnceAndMergedIntoTheNextVersion() throws Exception {
        TickstoreConfig config = ColdFixture.config(dir, 1);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TickStore store = ColdFixture.open(config, registry); Connection c = store.connect()) {
            ColdFixture.ingest(store, ColdFixture.ticks(List.of("XNAS"), SYMBOLS, 3, 100, 7));
            LifecyclePass pass = new LifecyclePass(c, config.lifecycle(), config.lifecycle().coldDir(dir), LATER,
                    new MoveMetrics(registry));
            assertEquals(2, pass.run().moved().size());

            // A late tick for March 1 (already cold), with a sequence number the feed has not seen.
            IngestMessage late = ColdFixture.tick("XNAS", "AAPL", MARCH_1 + 5_000_000L, 1_000_000, new Random(1));
            ColdFixture.ingest(store, List.of(late));
            String withLate = answers(store);
            assertTrue(withLate.contains(Long.toString(MARCH_1 + 5_000_000L)), "the late tick is read at once (warm)");

            LifecyclePass.Result r = pass.run();
            assertEquals(1, r.moved().size());
            PartitionMover.Moved m = r.moved().get(0);
            assertEquals(LocalDate.parse("2024-03-01"), m.partition().day());
            assertEquals(2, m.version());
            assertEquals(1, m.lateRows());
            assertEquals(3 * 100 + 1, m.rows());
            assertEquals(withLate, answers(store), "answers unchanged by the rewrite");
            assertEquals(1.0, registry.get("tickstore.lifecycle.late.rows").counter().count());
            assertEquals(1, count(c, "SELECT count(*) FROM cold_files_retired"));
            Path partition = dir.resolve("cold/market_ticks/exchange=XNAS/date=2024-03-01");
            assertTrue(Files.exists(partition.resolve("v1.parquet")), "v1 kept a while for readers of older snapshots");

            // Start-up's first pass deletes replaced files: no snapshot can name them any more.
            LifecyclePass restarted = new LifecyclePass(c, config.lifecycle(), config.lifecycle().coldDir(dir), LATER,
                    new MoveMetrics(new SimpleMeterRegistry()));
            restarted.run();
            assertFalse(Files.exists(partition.resolve("v1.parquet")));
            assertTrue(Files.exists(partition.resolve("v2.parquet")));
            assertEquals(0, count(c, "SELECT count(*) FROM cold_files_retired"));
            assertEquals(withLate, answers(store));
        }
    }

    @Test
    void filesOfMovesThatNeverCommittedAreDeletedAndTheManifestIsTheTruth() throws Exception {
        TickstoreConfig config = ColdFixture.config(dir, 1);
        try (TickStore store = ColdFixture.open(config, new SimpleMeterRegistry()); Connection c = store.connect()) {
            ColdFixture.ingest(store, ColdFixture.ticks(List.of("XNAS"), SYMBOLS, 2, 50, 3));
            Path partition = Files.createDirectories(dir.resolve("cold/market_ticks/exchange=XNAS/date=2024-03-01"));
            Files.writeString(partition.resolve("v1.parquet.tmp"), "half written");
            Files.writeString(partition.resolve("v1.parquet"), "renamed, never committed");
            Files.writeString(partition.resolve("notes.txt"), "not ours");
            String before = answers(store);

            LifecyclePass pass = new LifecyclePass(c, config.lifecycle(), config.lifecycle().coldDir(dir), LATER,
                    new MoveMetrics(new SimpleMeterRegistry()));
            assertEquals(1, pass.run().moved().size());

            try (Stream<Path> files = Files.list(partition)) {
                assertEquals(List.of("notes.txt", "v1.parquet"), files.map(p -> p.getFileName().toString()).sorted().toList());
            }
            assertEquals(150, count(c, "SELECT count(*) FROM read_parquet('" + partition.resolve("v1.parquet") + "')"));
            assertEquals(before, answers(store));
        }
    }

    @Test
    void theColdTierIsAHivePartitionedParquetLake() throws Exception {
        TickstoreConfig config = ColdFixture.config(dir, 1);
        try (TickStore store = ColdFixture.open(config, new SimpleMeterRegistry()); Connection c = store.connect()) {
            List<IngestMessage> ticks = ColdFixture.ticks(EXCHANGES, SYMBOLS, 3, 40, 9);
            ColdFixture.ingest(store, ticks);
            String warmSum = ColdFixture.text(c, "SELECT sum(bid_price)::VARCHAR FROM market_ticks "
                    + "WHERE timestamp < TIMESTAMP '2024-03-03'");
            new LifecyclePass(c, config.lifecycle(), config.lifecycle().coldDir(dir), LATER,
                    new MoveMetrics(new SimpleMeterRegistry())).run();

            String lake = "read_parquet('" + dir.resolve("cold") + "/market_ticks/*/*/*.parquet', hive_partitioning = true)";
            assertEquals(2 * 3 * 2 * 40, count(c, "SELECT count(*) FROM " + lake));
            assertEquals(3 * 40, count(c, "SELECT count(*) FROM " + lake + " WHERE exchange = 'BATS/EU ''x''' "
                    + "AND date = '2024-03-02'"));
            assertEquals(warmSum, ColdFixture.text(c, "SELECT sum(bid_price)::VARCHAR FROM " + lake));
            // Exact types: DECIMAL(18,8) as INT64 scale 8, timestamps as UTC microseconds.
            List<String> types = new ArrayList<>();
            try (var s = c.createStatement(); var rs = s.executeQuery("SELECT name, type, logical_type FROM parquet_schema('"
                    + dir.resolve("cold/market_ticks/exchange=XNAS/date=2024-03-01/v1.parquet") + "') WHERE name IN "
                    + "('timestamp', 'bid_price')")) {
                while (rs.next()) {
                    types.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
                }
            }
            assertTrue(types.get(0).matches("timestamp INT64 .*isAdjustedToUTC=1.*MICROS=MicroSeconds.*"), types.get(0));
            assertTrue(types.get(1).matches("bid_price INT64 DecimalType\\(scale=8, precision=18\\)"), types.get(1));
            // Sorted by symbol, timestamp, sequence_number.
            assertEquals(0, count(c, "SELECT count(*) FROM (SELECT symbol, timestamp, sequence_number, lag(symbol) OVER () ls, "
                    + "lag(timestamp) OVER () lt, lag(sequence_number) OVER () lq FROM read_parquet('"
                    + dir.resolve("cold/market_ticks/exchange=XNAS/date=2024-03-01/v1.parquet") + "')) WHERE ls > symbol "
                    + "OR (ls = symbol AND (lt > timestamp OR (lt = timestamp AND lq > sequence_number)))"));
        }
    }

    /** Every tick and ad-hoc bar answer of every feed over the whole range, as text. */
    static String answers(TickStore store) throws Exception {
        StringBuilder out = new StringBuilder();
        TickRecord t = new TickRecord();
        for (String exchange : List.of("XNAS", "BATS/EU 'x'")) {
            for (String symbol : SYMBOLS) {
                TickHistory.Ticks ticks = new TickHistory.Ticks();
                store.read().ticks().read(exchange, symbol, MARCH_1 - DAY, MARCH_1 + 10 * DAY, Long.MIN_VALUE,
                        Long.MIN_VALUE, 100_000, ticks, new TiersAnswered());
                for (int i = 0; i < ticks.size; i++) {
                    ticks.copyTo(i, t);
                    out.append(exchange).append('|').append(symbol).append('|').append(t.timestamp).append('|')
                            .append(t.sequenceNumber).append('|').append(t.bidPrice).append('|').append(t.askPrice)
                            .append('|').append(t.bidSize).append('|').append(t.askSize).append('|').append(t.lastPrice)
                            .append('|').append(t.lastSize).append('|').append(t.volume).append('|').append(t.conditions)
                            .append('|').append(t.tape).append('\n');
                }
                // A middle page too: the cursor across the tier boundary.
                store.read().ticks().read(exchange, symbol, MARCH_1 + DAY / 2, MARCH_1 + 4 * DAY, MARCH_1 + DAY, 0, 7,
                        ticks, new TiersAnswered());
                out.append("page ").append(ticks.size).append(' ').append(ticks.size > 0 ? ticks.timestamp(0) : -1)
                        .append('\n');
                for (long micros : new long[] {3_600_000_000L, 420_000_000L}) {
                    for (BarState b : store.read().bars().fromTrades(exchange, symbol, micros, MARCH_1 - DAY,
                            MARCH_1 + 10 * DAY, 10_000, new TiersAnswered())) {
                        out.append("bar ").append(micros).append(' ').append(b.bucketStart).append(' ').append(b.open)
                                .append(' ').append(b.high).append(' ').append(b.low).append(' ').append(b.close)
                                .append(' ').append(b.volume).append(' ').append(b.priceVolume).append(' ')
                                .append(b.tradeCount).append(' ').append(b.openTime).append(' ').append(b.closeTime)
                                .append('\n');
                    }
                }
            }
        }
        return out.toString();
    }
}

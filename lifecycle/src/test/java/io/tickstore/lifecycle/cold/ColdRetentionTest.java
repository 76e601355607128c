package io.tickstore.lifecycle.cold;

import static io.tickstore.lifecycle.cold.ColdFixture.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstore.config.TickstoreConfig;
import io.tickstore.store.TickStore;
import io.tickstore.store.model.EpochMicros;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** lifecycle.cold_retention_days: whole cold partitions, counted from min(wall clock, newest data). */
final class ColdRetentionTest {
    /** Noon of the data's last day: March 1-4 are sealed, March 5 is today. */
    private static final Clock MARCH_5_NOON = Clock.fixed(Instant.parse("2024-03-05T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void aTickStampedInTheFarFutureDeletesNothingAndOldPartitionsGoWhole() throws Exception {
        TickstoreConfig config = ColdFixture.config(dir, 1);
        try (TickStore store = ColdFixture.open(config, new SimpleMeterRegistry()); Connection c = store.connect()) {
            ColdFixture.ingest(store, ColdFixture.ticks(List.of("XNAS"), List.of("AAPL", "MSFT"), 5, 100, 5));
            LifecyclePass keepFive = new LifecyclePass(c, config.lifecycle().withColdRetentionDays(5),
                    config.lifecycle().coldDir(dir), MARCH_5_NOON, new MoveMetrics(new SimpleMeterRegistry()));
            LifecyclePass.Result first = keepFive.run();
            assertEquals(4, first.moved().size());
            assertEquals(List.of(), first.dropped());

            // One tick stamped 2099-12-31: the reference stays the wall clock, nothing more is due.
            ColdFixture.ingest(store, List.of(ColdFixture.tick("XNAS", "AAPL",
                    EpochMicros.parseIso("2099-12-31T23:59:59Z"), 1_000_000, new Random(2))));
            LifecyclePass.Result future = keepFive.run();
            assertEquals(List.of(), future.dropped());
            assertEquals(List.of(), future.moved());
            assertEquals(4, count(c, "SELECT count(*) FROM cold_partitions"));

            // Three days: March 1 and 2 go, whole, manifest first; their files once no snapshot can name them.
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            LifecyclePass keepThree = new LifecyclePass(c, config.lifecycle().withColdRetentionDays(3),
                    config.lifecycle().coldDir(dir), MARCH_5_NOON, new MoveMetrics(registry));
            LifecyclePass.Result r = keepThree.run();
            assertEquals(List.of(LocalDate.parse("2024-03-01"), LocalDate.parse("2024-03-02")),
                    r.dropped().stream().map(Partition::day).toList());
            assertEquals(2, count(c, "SELECT count(*) FROM cold_partitions"));
            assertEquals(2.0, registry.get("tickstore.lifecycle.partitions.dropped").counter().count());
            assertEquals(0, count(c, "SELECT count(*) FROM market_ticks WHERE timestamp < TIMESTAMP '2024-03-03'"));
            String answers = ColdMoveTest.answers(store);
            assertFalse(answers.contains("|" + ColdFixture.MARCH_1 + "|"), "nothing of March 1 is read");
            assertTrue(answers.contains("XNAS|AAPL|"), "March 3 on still is");
            Path march1 = dir.resolve("cold/market_ticks/exchange=XNAS/date=2024-03-01/v1.parquet");
            assertTrue(Files.exists(march1), "kept a while for older snapshots");
            new LifecyclePass(c, config.lifecycle().withColdRetentionDays(3), config.lifecycle().coldDir(dir),
                    MARCH_5_NOON, new MoveMetrics(new SimpleMeterRegistry())).run(); // as after a restart
            assertFalse(Files.exists(march1));

            // A late tick for a dropped day starts the partition again with a fresh version name.
            ColdFixture.ingest(store, List.of(ColdFixture.tick("XNAS", "MSFT", ColdFixture.MARCH_1 + 2 * ColdFixture.DAY
                    + 1, 2_000_000, new Random(3))));
            LifecyclePass.Result again = new LifecyclePass(c, config.lifecycle(), config.lifecycle().coldDir(dir),
                    MARCH_5_NOON, new MoveMetrics(new SimpleMeterRegistry())).run();
            assertEquals(1, again.moved().size());
            assertEquals(2, again.moved().get(0).version(), "v1 of March 3 is retired, not reused");
        }
    }
}

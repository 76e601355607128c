package io.tickstore.lifecycle.cold;

import static io.tickstore.lifecycle.cold.ColdFixture.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstore.config.S3Config;
import io.tickstore.config.TickstoreConfig;
import io.tickstore.lifecycle.s3.S3Tier;
import io.tickstore.standins.S3ProxyServer;
import io.tickstore.store.TickStore;
import io.tickstore.store.cold.ColdObjectUnavailableException;
import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.model.EpochMicros;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cold tier's S3 copy against a real S3-compatible server (s3proxy, in this JVM). */
final class S3TierTest {
    private static final List<String> EXCHANGES = List.of("XNAS", "BATS/EU 'x'");
    private static final List<String> SYMBOLS = List.of("AAPL", "MSFT", "ZZZ");
    private static final Clock LATER = Clock.fixed(Instant.parse("2024-03-20T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;
    @TempDir
    Path objects;

    private static TickstoreConfig config(Path dir, S3ProxyServer s3, int localColdDays, int retentionDays) {
        TickstoreConfig c = ColdFixture.config(dir, 2);
        S3Config s3Config = S3Config.none().withEndpoint(s3.endpoint()).withBucket(S3ProxyServer.BUCKET)
                .withCredentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY).withLocalColdDays(localColdDays)
                .withRetentionDays(retentionDays);
        return c.withLifecycle(c.lifecycle().withS3(s3Config));
    }

    private static S3Tier tier(TickstoreConfig config, SimpleMeterRegistry registry) {
        return S3Tier.open(config.lifecycle().s3(), config.lifecycle().coldDir(config.dataDir()), Duration.ofMillis(300),
                registry);
    }

    @Test
    void uploadedVerifiedAndDroppedLocallyPartitionsAnswerExactlyAsBefore() throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start(objects)) {
            TickstoreConfig config = config(dir, s3, 0, 0);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            try (S3Tier tier = tier(config, registry);
                 TickStore store = TickStore.open(config, registry, tier.cache()); Connection c = store.connect()) {
                ColdFixture.ingest(store, ColdFixture.ticks(EXCHANGES, SYMBOLS, 5, 300, 42));
                String before = ColdMoveTest.answers(store);

                LifecyclePass pass = new LifecyclePass(c, config.lifecycle(), config.lifecycle().coldDir(dir), LATER,
                        new MoveMetrics(registry), tier);
                LifecyclePass.Result r = pass.run();
                assertEquals(6, r.moved().size());
                assertFalse(pass.lastS3().paused(), String.valueOf(pass.lastS3().failure()));
                assertEquals(6, pass.lastS3().uploaded().size());
                assertEquals(6, pass.lastS3().localDropped().size());

                // Every partition in one state, s3-only; the objects hold exactly the files' bytes.
                assertEquals(6, count(c, "SELECT count(*) FROM cold_objects WHERE state = 's3-only'"));
                assertEquals(0, count(c, "SELECT count(*) FROM cold_partitions p LEFT JOIN cold_objects o "
                        + "ON o.path = p.path WHERE o.path IS NULL"));
                List<String> keys = s3.keys();
                assertEquals(6, keys.size());
                String key = "tickstore/market_ticks/exchange=XNAS/date=2024-03-01/v1.parquet";
                assertTrue(keys.contains(key), keys.toString());
                assertEquals(count(c, "SELECT bytes FROM cold_objects WHERE object_key = '" + key + "'"), s3.size(key));
                Path local = dir.resolve("cold/market_ticks/exchange=XNAS/date=2024-03-01/v1.parquet");
                assertFalse(Files.exists(local), "the local copy is dropped (local_cold_days = 0)");

                // Reads fetch the S3-only partitions into the cache and answer exactly as before.
                assertEquals(before, ColdMoveTest.answers(store));
                assertEquals(6.0, registry.get("tickstore.lifecycle.s3.cache.misses").counter().count());
                assertTrue(registry.get("tickstore.lifecycle.s3.cache.hits").counter().count() > 0);
                assertTrue(Files.exists(dir.resolve("cold/.s3-cache/market_ticks/exchange=XNAS/date=2024-03-01/v1.parquet")));
                assertEquals(6.0, registry.get("tickstore.lifecycle.s3.uploads").counter().count());
                assertEquals(6.0, registry.get("tickstore.lifecycle.s3.partitions").tag("state", "s3-only").gauge().value());

                // A late tick for an S3-only day: its next version merges the object's rows, the old object goes.
                IngestMessage late = ColdFixture.tick("XNAS", "AAPL", ColdFixture.MARCH_1 + 5_000_000L, 1_000_000,
                        new Random(1));
                ColdFixture.ingest(store, List.of(late));
                String withLate = ColdMoveTest.answers(store);
                assertEquals(1, pass.run().moved().size());
                pass.run(); // the replaced v1's object is deleted by the next pass
                assertFalse(s3.keys().contains(key), "the replaced version's object is deleted");
                assertTrue(s3.keys().contains(key.replace("v1", "v2")));
                assertEquals(6, s3.keys().size());
                assertEquals(withLate, ColdMoveTest.answers(store));
            }
        }
    }

    @Test
    void anOutagePausesUploadsLocalReadsGoOnAndUploadsCompleteWhenS3Returns() throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start(objects)) {
            TickstoreConfig config = config(dir, s3, 30, 0);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            try (S3Tier tier = tier(config, registry);
                 TickStore store = TickStore.open(config, registry, tier.cache()); Connection c = store.connect()) {
                ColdFixture.ingest(store, ColdFixture.ticks(EXCHANGES, SYMBOLS, 5, 200, 8));
                String before = ColdMoveTest.answers(store);
                // A multipart upload an interrupted uploader left behind.
                try (var client = software.amazon.awssdk.services.s3.S3Client.builder()
                        .endpointOverride(java.net.URI.create(s3.endpoint())).forcePathStyle(true)
                        .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                        .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                                software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                                        S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)))
                        .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
                        .responseChecksumValidation(software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED)
                        .build()) {
                    client.createMultipartUpload(b -> b.bucket(S3ProxyServer.BUCKET)
                            .key("tickstore/market_ticks/exchange=XNAS/date=2024-03-01/v1.parquet"));
                    s3.stop();

                    LifecyclePass pass = new LifecyclePass(c, config.lifecycle(), config.lifecycle().coldDir(dir), LATER,
                            new MoveMetrics(registry), tier);
                    assertEquals(6, pass.run().moved().size(), "moves to the local cold tier go on");
                    assertTrue(pass.lastS3().paused());
                    pass.run();
                    pass.run();
                    assertEquals(CircuitBreaker.State.OPEN, tier.bucket().state(), "the breaker opened");
                    assertEquals(1.0, registry.get("resilience4j.circuitbreaker.state").tag("name", "s3")
                            .tag("state", "open").gauge().value());
                    assertEquals(0, count(c, "SELECT count(*) FROM cold_objects"), "nothing counts as uploaded");
                    assertEquals(before, ColdMoveTest.answers(store), "local reads are unaffected");
                    assertTrue(registry.get("tickstore.lifecycle.s3.failures").counter().count() >= 3);

                    s3.restart();
                    Thread.sleep(400); // the breaker's open wait
                    long deadline = System.nanoTime() + 20_000_000_000L;
                    while (count(c, "SELECT count(*) FROM cold_objects") < 6) {
                        assertTrue(System.nanoTime() < deadline, "uploads did not complete after S3 returned");
                        pass.run();
                        Thread.sleep(200);
                    }
                    assertEquals(6, count(c, "SELECT count(*) FROM cold_objects WHERE state = 'uploaded'"));
                    assertEquals(6, s3.keys().size());
                    assertEquals(List.of(), client.listMultipartUploads(b -> b.bucket(S3ProxyServer.BUCKET)).uploads(),
                            "no incomplete multipart upload is left");
                    assertEquals(before, ColdMoveTest.answers(store));
                }
            }
        }
    }

    @Test
    void aReadNeedingAnS3OnlyPartitionWhileS3IsDownNamesTheObject() throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start(objects)) {
            TickstoreConfig config = config(dir, s3, 0, 0);
            String before;
            try (S3Tier tier = tier(config, new SimpleMeterRegistry());
                 TickStore store = TickStore.open(config, new SimpleMeterRegistry(), tier.cache());
                 Connection c = store.connect()) {
                ColdFixture.ingest(store, ColdFixture.ticks(List.of("XNAS"), SYMBOLS, 4, 100, 4));
                before = ColdMoveTest.answers(store);
                new LifecyclePass(c, config.lifecycle(), config.lifecycle().coldDir(dir), LATER,
                        new MoveMetrics(new SimpleMeterRegistry()), tier).run();
                assertEquals(2, count(c, "SELECT count(*) FROM cold_objects WHERE state = 's3-only'"));
            }
            s3.stop();
            // A restart with an empty cache, S3 down: reads of the warm days answer, reads of S3-only days fail
            // naming the object.
            try (S3Tier tier = tier(config, new SimpleMeterRegistry());
                 TickStore store = TickStore.open(config, new SimpleMeterRegistry(), tier.cache())) {
                io.tickstore.store.ticks.TickHistory.Ticks ticks = new io.tickstore.store.ticks.TickHistory.Ticks();
                store.read().ticks().read("XNAS", "AAPL", ColdFixture.MARCH_1 + 3 * ColdFixture.DAY,
                        ColdFixture.MARCH_1 + 4 * ColdFixture.DAY, Long.MIN_VALUE, Long.MIN_VALUE, 1000, ticks);
                assertEquals(100, ticks.size, "a warm day is read as usual");
                ColdObjectUnavailableException e = assertThrows(ColdObjectUnavailableException.class,
                        () -> store.read().ticks().read("XNAS", "AAPL", ColdFixture.MARCH_1,
                                ColdFixture.MARCH_1 + ColdFixture.DAY, Long.MIN_VALUE, Long.MIN_VALUE, 1000, ticks));
                assertTrue(e.getMessage().contains("tickstore/market_ticks/exchange=XNAS/date=2024-03-01/v1.parquet"),
                        e.getMessage());
                s3.restart();
                Thread.sleep(400);
                assertEquals(before, ColdMoveTest.answers(store), "answers as before once S3 is back");
            }
        }
    }

    @Test
    void s3RetentionCountsFromTheEarlierOfWallClockAndNewestDataSoAFarFutureTickDeletesNothing() throws Exception {
        Clock march6Noon = Clock.fixed(Instant.parse("2024-03-06T12:00:00Z"), ZoneOffset.UTC);
        try (S3ProxyServer s3 = S3ProxyServer.start(objects)) {
            TickstoreConfig config = config(dir, s3, 30, 3);
            try (S3Tier tier = tier(config, new SimpleMeterRegistry());
                 TickStore store = TickStore.open(config, new SimpleMeterRegistry(), tier.cache());
                 Connection c = store.connect()) {
                ColdFixture.ingest(store, ColdFixture.ticks(List.of("XNAS"), List.of("AAPL"), 5, 50, 6));
                ColdFixture.ingest(store, List.of(ColdFixture.tick("XNAS", "AAPL",
                        EpochMicros.parseIso("2099-12-31T23:59:59Z"), 1_000_000, new Random(2))));
                LifecyclePass pass = new LifecyclePass(c, config.lifecycle(), config.lifecycle().coldDir(dir),
                        march6Noon, new MoveMetrics(new SimpleMeterRegistry()), tier);
                pass.run();
                // Reference March 6 (not 2100): March 1..4 moved and uploaded; 3 days kept back from March 6 drops
                // March 1, 2 and 3 from S3, and only them.
                assertEquals(List.of(LocalDate.parse("2024-03-01"), LocalDate.parse("2024-03-02"),
                        LocalDate.parse("2024-03-03")), pass.lastS3().dropped().stream().map(Partition::day).toList());
                assertEquals(List.of("tickstore/market_ticks/exchange=XNAS/date=2024-03-04/v1.parquet"), s3.keys());
                assertEquals(1, count(c, "SELECT count(*) FROM cold_partitions"));
                assertEquals(1, count(c, "SELECT count(*) FROM cold_objects"));
                assertEquals(1, count(c, "SELECT count(*) FROM market_ticks WHERE timestamp > TIMESTAMP '2099-01-01'"));
            }
        }
    }
}

package io.tickstore.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

final class TickstoreConfigTest {

    @Test
    void withersChangeOnlyTheirPart() {
        TickstoreConfig defaults = TickstoreConfig.defaults();

        TickstoreConfig variant = defaults
                .withDataDir(Path.of("/tmp/x"))
                .withHttp(defaults.http().withPort(0).withHost("0.0.0.0").withEventLoops(2))
                .withJournal(defaults.journal().withRollCycle(JournalRollCycle.HOURLY))
                .withPipeline(defaults.pipeline().withRingSize(1024).withWaitStrategy(WaitStrategyKind.SLEEPING))
                .withHot(defaults.hot().withMaxUnstoredMb(3))
                .withWarm(defaults.warm().withMaxBatch(10).withCommitIntervalMillis(1).withCheckpointThresholdMb(2)
                        .withMaxLagMessages(4))
                .withDedupe(defaults.dedupe().withSnapshotIntervalSeconds(9))
                .withIngest(defaults.ingest().withMaxFrameBytes(4096).withMaxMessagesPerFrame(3).withMaxConnections(2))
                .withQuery(defaults.query().withReaderPoolSize(1).withDefaultLimit(5).withMaxLimit(6)
                        .withTimeoutMillis(100))
                .withPortfolio(defaults.portfolio().withStartingCash(java.math.BigDecimal.TEN)
                        .withSnapshotIntervalSeconds(7))
                .withMirror(defaults.mirror().withUrl("postgresql://postgres@127.0.0.1:5432/test").withSchema("m1")
                        .withMaxLagMb(8).withMaxBatch(11))
                .withLifecycle(defaults.lifecycle().withEnabled(true).withSealGraceMinutes(5).withWarmDays(2)
                        .withColdDir(Path.of("/tmp/c")).withIntervalSeconds(30).withRowGroupRows(2048).withColdRetentionDays(400));

        assertEquals(new TickstoreConfig(
                new HttpConfig("0.0.0.0", 0, 2),
                Path.of("/tmp/x"),
                new JournalConfig(JournalRollCycle.HOURLY),
                new PipelineConfig(1024, WaitStrategyKind.SLEEPING),
                new HotConfig(3),
                new WarmConfig(10, 1, 2, 4),
                new DedupeConfig(9),
                new IngestConfig(4096, 3, 2),
                new QueryConfig(1, 5, 6, 100),
                new PortfolioConfig(java.math.BigDecimal.TEN, 7),
                AuthConfig.none(),
                LimitsConfig.defaults(),
                new MirrorConfig("postgresql://postgres@127.0.0.1:5432/test", "m1", 8, 11, false),
                new LifecycleConfig(true, 5, 2, Path.of("/tmp/c"), 30, 2048, 400)), variant);

        assertEquals(MirrorConfig.none(), defaults.mirror(), "no mirror unless a URL is given");
        assertEquals(8L * 1024 * 1024 / MirrorConfig.JOURNAL_BYTES_PER_MESSAGE, variant.mirror().maxLagMessages());
        assertNotEquals(defaults, variant);
        assertEquals(TickstoreConfig.defaults(), defaults, "withers leave the original alone");
    }

    @Test
    void componentsAreNotNull() {
        TickstoreConfig defaults = TickstoreConfig.defaults();
        assertThrows(NullPointerException.class, () -> defaults.withDataDir(null));
        assertThrows(NullPointerException.class, () -> defaults.http().withHost(null));
        assertThrows(NullPointerException.class, () -> defaults.pipeline().withWaitStrategy(null));
    }

    @Test
    void configValuesOfEnums() {
        assertEquals("hourly", JournalRollCycle.HOURLY.configValue());
        assertEquals("daily", JournalRollCycle.DAILY.configValue());
        assertEquals("blocking", WaitStrategyKind.BLOCKING.configValue());
        assertEquals("yielding", WaitStrategyKind.YIELDING.configValue());
    }
}

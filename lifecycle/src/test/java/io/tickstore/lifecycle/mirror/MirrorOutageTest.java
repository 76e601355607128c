package io.tickstore.lifecycle.mirror;

import static io.tickstore.lifecycle.mirror.MirrorFixture.publish;
import static io.tickstore.lifecycle.mirror.MirrorFixture.ticks;
import static io.tickstore.lifecycle.mirror.MirrorFixture.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstore.config.MirrorConfig;
import io.tickstore.standins.CuttableProxy;
import io.tickstore.store.TickStore;
import io.tickstore.store.sink.SinkRunner;
import io.tickstore.store.sink.SinkState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL unreachable (a proxy the test cuts; the real server is never touched): acks and DuckDB go
 * on, the breaker opens, and when PostgreSQL is back the mirror catches up with nothing lost or
 * doubled. Past its lag bound the mirror is marked failed and ingest still goes on.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MirrorOutageTest {
    @TempDir
    Path dir;
    private MirrorFixture pg;
    private CuttableProxy proxy;

    @BeforeEach
    void setUp() throws Exception {
        pg = new MirrorFixture();
        proxy = new CuttableProxy(5432);
    }

    @AfterEach
    void tearDown() throws Exception {
        proxy.close();
        pg.close();
    }

    private MirrorConfig throughProxy() {
        return pg.config().withUrl("postgresql://postgres@127.0.0.1:" + proxy.port() + "/test");
    }

    private static double breakerOpen(SimpleMeterRegistry registry) {
        return registry.get("resilience4j.circuitbreaker.state").tag("name", "postgres").tag("state", "open")
                .gauge().value();
    }

    @Test
    void anOutageCostsTheMirrorOnlyLagAndItCatchesUpExactlyOnce() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TickStore store = TickStore.open(pg.storeConfig(dir), registry)) {
            PostgresMirrorSink sink = new PostgresMirrorSink(throughProxy(), pg.storeConfig(dir).portfolio(), registry,
                    Duration.ofMillis(500));
            SinkRunner runner = store.addSink(sink, PostgresMirrorSink.options(throughProxy()));
            publish(store, ticks("NASDAQ", "AAPL", 1, 200));
            until(() -> sink.appliedIndex() == store.journal().lastIndex(), () -> "the mirror to apply", 30);

            proxy.cut();
            for (int f = 0; f < 20; f++) {
                publish(store, ticks("NASDAQ", "AAPL", 201 + f * 100L, 100)); // each acked, as without a mirror
            }
            until(() -> store.warm().sink().appliedIndex() == store.journal().lastIndex(),
                    () -> "DuckDB to store everything while PostgreSQL is away", 30);
            until(() -> breakerOpen(registry) == 1.0, () -> "the breaker to open", 30);
            until(() -> runner.state() == SinkState.RETRYING, () -> "the runner to retry", 30);
            assertTrue(runner.lagMessages() >= 2_000, "lag " + runner.lagMessages());
            assertNull(store.pipeline().heldBy(), "an optional sink never holds ingest back");
            assertTrue(registry.get("tickstore.mirror.errors").counter().count() > 0);

            proxy.restore();
            until(() -> sink.appliedIndex() == store.journal().lastIndex(), () -> "the mirror to catch up", 60);
            assertEquals(SinkState.RUNNING, runner.state());
            assertEquals(2_200, pg.pgLong("SELECT count(*) FROM market_ticks"));
            assertEquals(2_200, pg.pgLong("SELECT count(DISTINCT sequence_number) FROM market_ticks"));
            assertEquals(MirrorFixture.duckText(store, "SELECT sum(last_price) || ' ' || sum(last_size) FROM market_ticks"),
                    pg.pgText("SELECT sum(last_price) || ' ' || sum(last_size) FROM market_ticks"));
            until(() -> breakerOpen(registry) == 0.0, () -> "the breaker to close", 10);
        }
    }

    @Test
    void pastItsLagBoundTheMirrorIsMarkedFailedAndIngestGoesOn() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MirrorConfig config = throughProxy().withMaxLagMb(1); // 8192 messages
        try (TickStore store = TickStore.open(pg.storeConfig(dir), registry)) {
            proxy.cut();
            PostgresMirrorSink sink = new PostgresMirrorSink(config, pg.storeConfig(dir).portfolio(), registry,
                    Duration.ofMillis(500));
            SinkRunner runner = store.addSink(sink, PostgresMirrorSink.options(config));
            for (int f = 0; f < 10; f++) {
                publish(store, ticks("NASDAQ", "AAPL", 1 + f * 1_000L, 1_000));
            }
            until(() -> runner.state() == SinkState.FAILED, () -> "the mirror to be marked failed", 30);
            assertTrue(runner.status().reason().contains("messages behind the journal (bound 8192)"),
                    runner.status().reason());
            publish(store, ticks("NASDAQ", "AAPL", 10_001, 1_000)); // ingest goes on
            assertNull(store.pipeline().heldBy());
            assertEquals(SinkState.FAILED, store.sinks().stream().filter(s -> s.name().equals("postgres"))
                    .findFirst().orElseThrow().state());
        }
    }

    @Test
    void aShutdownDoesNotWaitForAMirrorWhosePostgresIsDown() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TickStore store = TickStore.open(pg.storeConfig(dir), registry);
        SinkRunner runner;
        try {
            proxy.cut();
            PostgresMirrorSink sink = new PostgresMirrorSink(throughProxy(), pg.storeConfig(dir).portfolio(), registry,
                    Duration.ofMillis(500));
            runner = store.addSink(sink, PostgresMirrorSink.options(throughProxy()));
            publish(store, ticks("NASDAQ", "AAPL", 1, 100));
            until(() -> runner.state() == SinkState.RETRYING, () -> "the mirror to retry", 30);
        } finally {
            long start = System.nanoTime();
            store.close();
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            assertTrue(seconds < 30, "close took " + seconds + " s");
        }
        assertEquals(SinkState.STOPPED, runner.state());
    }
}

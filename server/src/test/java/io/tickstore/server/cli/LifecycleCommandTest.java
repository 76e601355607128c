package io.tickstore.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstore.config.ConfigLoader;
import io.tickstore.config.TickstoreConfig;
import io.tickstore.store.TickStore;
import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.model.MessageType;
import io.tickstore.store.pipeline.FrameCompletion;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code tickstore lifecycle}: lists, then moves, what is due on a stopped server's data. */
class LifecycleCommandTest {
    private static final long MARCH_1 = 1_709_251_200_000_000L;
    private static final long DAY = 86_400_000_000L;

    @TempDir
    Path dir;

    @Test
    void dryRunListsAndARunMovesWithAnExitCodeOfZero() throws Exception {
        Path data = dir.resolve("data");
        Path config = dir.resolve("tickstore.properties");
        Files.writeString(config, "data.dir = " + data + "\nlifecycle.warm_days = 1\nportfolio.snapshot_interval_s = 0\n");
        TickstoreConfig loaded = ConfigLoader.load(config, Map.of());
        try (TickStore store = TickStore.open(loaded, new SimpleMeterRegistry())) {
            IngestMessage[] ticks = new IngestMessage[3 * 10];
            for (int i = 0; i < ticks.length; i++) {
                IngestMessage m = new IngestMessage();
                m.type = MessageType.TICK;
                m.tick.exchange = "XNAS";
                m.tick.symbol = "AAPL";
                m.tick.timestamp = MARCH_1 + (i / 10) * DAY + i * 1_000_000L;
                m.tick.sequenceNumber = i + 1;
                m.tick.bidPrice = 100_00000000L + i;
                ticks[i] = m;
            }
            assertTrue(store.pipeline().tryPublish(ticks, ticks.length, new FrameCompletion() {
                @Override
                public void journaled(int accepted, int duplicates, long journalIndex) {
                }

                @Override
                public void rejected(MessageType type, String error) {
                }

                @Override
                public void failed(String reason) {
                }
            }));
            while (!store.pipeline().drained()) {
                Thread.sleep(5);
            }
            assertTrue(store.awaitStored(30, TimeUnit.SECONDS));
        }

        StringWriter out = new StringWriter();
        assertEquals(0, run(out, "lifecycle", "--config", config.toString(), "--dry-run"));
        assertTrue(out.toString().contains("would move market_ticks/XNAS/2024-03-01\nwould move market_ticks/XNAS/2024-03-02\n"),
                out.toString());
        assertTrue(out.toString().contains("2 partitions would move"), out.toString());
        assertTrue(!Files.exists(data.resolve("cold/market_ticks")), "a dry run changes nothing");

        out = new StringWriter();
        assertEquals(0, run(out, "lifecycle", "--config", config.toString()));
        assertTrue(out.toString().contains("2 partitions moved (20 rows"), out.toString());
        assertTrue(Files.isRegularFile(data.resolve("cold/market_ticks/exchange=XNAS/date=2024-03-02/v1.parquet")));

        out = new StringWriter();
        assertEquals(0, run(out, "lifecycle", "--config", config.toString()));
        assertTrue(out.toString().contains("0 partitions moved"), out.toString());
    }

    private static int run(StringWriter out, String... args) {
        CommandLine cli = TickstoreCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }
}

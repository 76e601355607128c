package io.tickstore.store;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstore.config.PipelineConfig;
import io.tickstore.config.TickstoreConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;

/** Opens real stores on temporary directories with the default configuration, a small ring if asked. */
public final class StoreFixture {
    private StoreFixture() {
    }

    public static TickStore open(Path dir) throws SQLException, IOException {
        return open(config(dir), new SimpleMeterRegistry());
    }

    public static TickStore open(Path dir, PipelineConfig pipeline) throws SQLException, IOException {
        return open(dir, pipeline, new SimpleMeterRegistry());
    }

    public static TickStore open(Path dir, PipelineConfig pipeline, MeterRegistry registry)
            throws SQLException, IOException {
        return open(config(dir).withPipeline(pipeline), registry);
    }

    public static TickStore open(TickstoreConfig config, MeterRegistry registry) throws SQLException, IOException {
        return TickStore.open(config, registry);
    }

    /**
     * The defaults, with data in {@code dir} and no scheduled portfolio snapshots (their marks would add
     * journal messages at a wall-clock boundary in the middle of a test; tests of snapshots set an interval).
     */
    public static TickstoreConfig config(Path dir) {
        TickstoreConfig defaults = TickstoreConfig.defaults();
        return defaults.withDataDir(dir).withPortfolio(defaults.portfolio().withSnapshotIntervalSeconds(0));
    }

    public static PipelineConfig pipeline(int ringSize) {
        return TickstoreConfig.defaults().pipeline().withRingSize(ringSize);
    }

    /**
     * Waits until every published message has been journaled, made queryable by the hot tier and stored
     * in DuckDB (what the tests read back), and the bar memory has its stored bars back after a restart.
     * The deduplication snapshot follows at its own pace.
     */
    public static void awaitDrained(TickStore store) {
        try {
            store.awaitBarPreload(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while the bars loaded", e);
        }
        Eventually.until(() -> store.pipeline().health().failed()
                        || (store.pipeline().drained() && store.warm().awaitApplied(store.journal().lastIndex(), 0,
                        java.util.concurrent.TimeUnit.SECONDS)),
                () -> "the pipeline to drain (hot " + store.pipeline().hotAppliedIndex() + ", journal "
                        + store.pipeline().lastJournalIndex() + ", sinks " + store.sinks() + ")");
    }

    /** A single number from a query on a reader connection. */
    public static long count(TickStore store, String sql) throws SQLException {
        return store.readers().read(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    public static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

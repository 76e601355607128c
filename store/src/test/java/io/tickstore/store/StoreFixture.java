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
        return open(dir, TickstoreConfig.defaults().pipeline());
    }

    public static TickStore open(Path dir, PipelineConfig pipeline) throws SQLException, IOException {
        return open(dir, pipeline, new SimpleMeterRegistry());
    }

    public static TickStore open(Path dir, PipelineConfig pipeline, MeterRegistry registry)
            throws SQLException, IOException {
        TickstoreConfig c = TickstoreConfig.defaults();
        return TickStore.open(dir, c.journal(), pipeline, c.query(), registry);
    }

    public static PipelineConfig pipeline(int ringSize, int writerMaxBatch) {
        return TickstoreConfig.defaults().pipeline().withRingSize(ringSize).withWriterMaxBatch(writerMaxBatch);
    }

    /** Waits until every published message has been journaled and committed to DuckDB. */
    public static void awaitDrained(TickStore store) {
        Eventually.until(() -> store.pipeline().drained() || store.pipeline().health().failed(),
                () -> "the pipeline to drain (applied " + store.pipeline().appliedIndex() + ", journal "
                        + store.pipeline().lastJournalIndex() + ")");
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

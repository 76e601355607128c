package io.tickstore.store.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstore.store.SampleMessages;
import io.tickstore.store.schema.SchemaMigrator;
import io.tickstore.store.write.DuckDbApplier;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the store writer commits, driven event by event against a real DuckDB file: at the end of a
 * batch once the commit interval has passed, but while it is behind the journal only once the
 * backlog interval has passed too; always at the batch limit.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StoreWriterBatchingTest {
    // Long enough that the first event (which also begins the DuckDB transaction) never outlasts it on a slow machine.
    private static final long INTERVAL = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long BACKLOG = 100;

    @TempDir
    Path dir;
    private DuckDBConnection connection;
    private DuckDbApplier applier;
    private SimpleMeterRegistry registry;
    /** What the journaller has passed, as the writer sees it. */
    private final AtomicLong journaled = new AtomicLong();
    private long sequence;

    @BeforeEach
    void open() throws Exception {
        connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("t.duckdb"));
        SchemaMigrator.migrate(connection);
        applier = new DuckDbApplier(connection);
        registry = new SimpleMeterRegistry();
    }

    @AfterEach
    void close() throws Exception {
        applier.close();
        connection.close();
    }

    private StoreWriter writer(long backlogInterval, int maxBatch) {
        return writer(backlogInterval, maxBatch, Integer.MAX_VALUE);
    }

    private StoreWriter writer(long backlogInterval, int maxBatch, int largeBatch) {
        return new StoreWriter(applier, maxBatch, INTERVAL, backlogInterval, BACKLOG, largeBatch, journaled::get,
                new PipelineHealth(), new AtomicLong(), registry);
    }

    /** Applies one tick; {@code behind} journaled messages wait after it. */
    private void event(StoreWriter w, boolean endOfBatch, long behind) {
        IngestEvent e = new IngestEvent();
        e.message.copyFrom(SampleMessages.tick("X", "S", sequence + 1));
        e.accepted = true;
        e.journalIndex = sequence;
        journaled.set(sequence + behind);
        w.onEvent(e, sequence, endOfBatch);
        sequence++;
    }

    private long commits() {
        return registry.get("tickstore.writer.commit").timer().count();
    }

    private static void pause() throws InterruptedException {
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(INTERVAL) + 2);
    }

    @Test
    void caughtUpItCommitsOnceTheIntervalHasPassed() throws Exception {
        StoreWriter w = writer(TimeUnit.SECONDS.toNanos(60), 1_000);
        event(w, true, 0);
        assertEquals(0, commits(), "the interval has not passed since the first pending message");
        pause();
        event(w, false, 0);
        assertEquals(0, commits(), "not at the end of a batch");
        event(w, true, 0);
        assertEquals(1, commits());
        assertEquals(2, applier.appliedIndex(), "the last applied message's journal index");
    }

    @Test
    void behindItWaitsForTheBacklogIntervalUnlessItCatchesUp() throws Exception {
        StoreWriter w = writer(TimeUnit.SECONDS.toNanos(60), 1_000);
        event(w, true, BACKLOG + 1);
        pause();
        event(w, true, BACKLOG + 1);
        assertEquals(0, commits(), "behind by more than the backlog: no commit at the commit interval");
        event(w, true, BACKLOG);
        assertEquals(1, commits(), "caught up to within the backlog: commits");
    }

    @Test
    void behindItCommitsOnceTheBacklogIntervalHasPassed() throws Exception {
        StoreWriter w = writer(INTERVAL * 3, 1_000);
        event(w, true, 10_000);
        pause();
        event(w, true, 10_000);
        assertEquals(0, commits());
        pause();
        pause();
        event(w, true, 10_000);
        assertEquals(1, commits(), "the backlog interval passed");
    }

    @Test
    void aLargePendingBatchWaitsForTheBacklogIntervalEvenCaughtUp() throws Exception {
        StoreWriter w = writer(TimeUnit.SECONDS.toNanos(60), 1_000, 2);
        event(w, false, 0);
        pause();
        event(w, true, 0);
        assertEquals(1, commits(), "two pending is not more than the large batch");
        event(w, false, 0);
        event(w, false, 0);
        pause();
        event(w, true, 0);
        assertEquals(1, commits(), "three pending is a large batch: it waits although caught up");
    }

    @Test
    void theBatchLimitCommitsWhateverTheIntervals() throws Exception {
        StoreWriter w = writer(TimeUnit.SECONDS.toNanos(60), 3);
        event(w, false, 10_000);
        event(w, false, 10_000);
        assertEquals(0, commits());
        event(w, false, 10_000);
        assertEquals(1, commits(), "three pending: the limit");
    }
}

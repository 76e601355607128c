package io.tickstore.store.dedupe;

import io.tickstore.store.sink.JournalBatch;
import io.tickstore.store.sink.Sink;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink that keeps the deduplication snapshot ({@link DedupeSnapshot}) current: it tails the
 * journal on its own runner thread, applies every message to its own {@link DedupeState} in restore
 * mode, and writes a new snapshot when one is due — {@code intervalSeconds} after the last one, or
 * after {@code maxMessages} messages — and when it closes. The journaller never waits for it.
 *
 * <p>Its {@link #appliedIndex()} is the index of the last snapshot written: what a restart would
 * start from. Between snapshots it holds applied state in memory ahead of that index, which the
 * {@link Sink} contract allows because applying the journal after the index again is harmless (see
 * {@link DedupeState}): after a failed snapshot write the runner rewinds to the last snapshot and
 * this sink re-applies from there onto the state it holds.
 *
 * <p>When the journal goes quiet, the runner tells the sink it is idle after about a second and it
 * writes a snapshot then ({@link #idle()}), so an idle store has nothing to replay at its next start.
 */
public final class DedupeSnapshotSink implements Sink {
    public static final String NAME = "dedupe";
    private static final Logger LOG = LoggerFactory.getLogger(DedupeSnapshotSink.class);

    private final Path dataDir;
    private final DedupeState state;
    private final long intervalNanos;
    private final long maxMessages;
    private volatile long appliedIndex;
    private long messagesSinceSnapshot;
    private long lastSnapshotNanos = System.nanoTime();

    /**
     * @param dataDir         the data directory ({@link DedupeSnapshot#file} says where the snapshot goes)
     * @param state           the sink's own state, owned by it from now on: what
     *                        {@link DedupeSnapshot#load} or {@link DedupeFromDuckDb#migrate} returned, or a
     *                        {@link DedupeState#copy()} of it; its {@link DedupeState#snapshotIndex()} is
     *                        where the runner starts
     * @param intervalSeconds a snapshot is due this long after the last one (0: after every batch)
     * @param maxMessages     ... or after this many messages
     */
    public DedupeSnapshotSink(Path dataDir, DedupeState state, long intervalSeconds, long maxMessages) {
        if (intervalSeconds < 0) {
            throw new IllegalArgumentException("intervalSeconds < 0: " + intervalSeconds);
        }
        if (maxMessages < 1) {
            throw new IllegalArgumentException("maxMessages < 1: " + maxMessages);
        }
        this.dataDir = dataDir;
        this.state = state;
        this.intervalNanos = TimeUnit.SECONDS.toNanos(intervalSeconds);
        this.maxMessages = maxMessages;
        this.appliedIndex = state.snapshotIndex();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public long appliedIndex() {
        return appliedIndex;
    }

    @Override
    public void apply(JournalBatch batch) throws IOException {
        while (batch.next()) {
            state.apply(batch.index(), batch.message());
            messagesSinceSnapshot++;
        }
        if (messagesSinceSnapshot >= maxMessages || System.nanoTime() - lastSnapshotNanos >= intervalNanos) {
            snapshotNow();
        }
    }

    /**
     * Writes a snapshot of what is applied now, unless the last one already holds it. Runner thread,
     * or after the runner stopped.
     */
    public void snapshotNow() throws IOException {
        if (state.journalIndex() != state.snapshotIndex()) {
            long start = System.nanoTime();
            DedupeSnapshot.write(dataDir, state);
            LOG.debug("deduplication snapshot at journal index {} written in {} ms ({} feeds, {} trade ids, {} orders)",
                    state.journalIndex(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
                    state.deduplicator().feedCount(), state.deduplicator().tradeIdCount(), state.orders().size());
        }
        appliedIndex = state.snapshotIndex();
        messagesSinceSnapshot = 0;
        lastSnapshotNanos = System.nanoTime();
    }

    /** Caught up and idle: the snapshot holds everything applied, so a restart replays nothing. */
    @Override
    public void idle() throws IOException {
        snapshotNow();
    }

    /** Writes the last snapshot (clean shutdown); called once the runner has stopped. */
    @Override
    public void close() throws IOException {
        snapshotNow();
    }
}

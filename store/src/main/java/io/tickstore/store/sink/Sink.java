package io.tickstore.store.sink;

import io.tickstore.store.journal.Journal;

/**
 * A consumer that stores the journal's messages somewhere else (DuckDB, Parquet/S3, PostgreSQL, a
 * deduplication snapshot), tailing the journal at its own pace from its own durable applied index.
 * Its runner ({@link SinkRunner}) reads the journal, hands it batches, retries a batch that failed,
 * and measures its lag; adding a sink touches no hot-path code.
 *
 * <p>The contract that makes a kill -9 at any point lose nothing and apply nothing twice: a batch is
 * applied all or nothing, and the index of its last message becomes durable in the same step as what
 * the batch wrote. After a restart the runner resumes right after {@link #appliedIndex()}.
 *
 * <p>A sink may hold applied state in memory ahead of its durable {@link #appliedIndex()} (and make it
 * durable later, e.g. as a periodic snapshot), provided that applying the messages after that index
 * again, onto that state, ends in the same state as applying them once: the runner rewinds to
 * {@link #appliedIndex()} after a failed batch, and a restart starts there.
 */
public interface Sink extends AutoCloseable {
    /** Short and stable: the metrics tag, the name in {@code /ready} and in logs (e.g. {@code duckdb}). */
    String name();

    /**
     * The journal index of the last message this sink has durably applied, or {@link Journal#NONE}
     * before the first. Read from any thread.
     */
    long appliedIndex();

    /**
     * Applies every message of {@code batch} (iterate it with {@link JournalBatch#next()} until it
     * returns false) and makes them durable together with {@link JournalBatch#lastIndex()}. All or
     * nothing: when this throws, nothing of the batch may be durable and {@link #appliedIndex()} is
     * unchanged; the runner rewinds and retries. Called on the sink's runner thread only.
     */
    void apply(JournalBatch batch) throws Exception;

    /**
     * The sink has applied everything journaled and nothing new arrived for about a second: a sink that
     * makes its state durable lazily does it now (so an idle store has nothing left to replay).
     * Runner thread; an exception is handled like a failed batch.
     */
    default void idle() throws Exception {
    }

    /** Releases what the sink holds; called once its runner has stopped. */
    @Override
    default void close() throws Exception {
    }
}

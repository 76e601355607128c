package io.tickstore.bench.compare;

import java.util.List;

/**
 * One system under comparison. The harness calls, in order: {@link #start}, {@link #ingestWorkers}
 * (fed by {@link ParallelLoad}), {@link #awaitQueryable}, {@link #awaitStored}, then {@link #fetch} (timed) and
 * {@link #answer} (not timed) per query run, and finally {@link #close}, also after a failure.
 */
interface Target extends AutoCloseable {
    /** Short name for tables: {@code tickstore}, {@code QuestDB}, {@code PostgreSQL}. */
    String name();

    /** Starts the target (a process, or a connection and a fresh table) and waits until it serves. */
    void start() throws Exception;

    /** The version the running target reports, e.g. {@code QuestDB 9.3.4}; after {@link #start}. */
    String version();

    /** One worker per ingest connection; each writes the ticks it is given and waits for their acks in finish. */
    List<ParallelLoad.Worker> ingestWorkers(DataSet data, int connections) throws Exception;

    /** After every tick was acknowledged: waits until queries see all {@code ticks} of the data. */
    void awaitQueryable(DataSet data, long ticks) throws Exception;

    /**
     * After {@link #awaitQueryable}: for a target whose queries see data before it is in its database
     * (tickstore's hot tier, before its DuckDB sink), waits until it is there too and returns true; a
     * target for which queryable is stored returns false at once.
     */
    default boolean awaitStored(DataSet data, long ticks) throws Exception {
        return false;
    }

    /** Runs the query and receives the whole answer as text (an HTTP body, or every JDBC row). Timed. */
    Object fetch(Query q, DataSet data) throws Exception;

    /** Turns what {@link #fetch} received into the canonical {@link Answer}. Not timed. */
    Answer answer(Query q, DataSet data, Object fetched) throws Exception;

    /**
     * The tiers that answered the last {@link #fetch} (tickstore's {@code X-Tickstore-Tiers}, over every
     * page), or null for a target without tiers.
     */
    default String lastTiers() {
        return null;
    }

    /** Bytes the loaded ticks take in the target's storage, or -1 when not measured. After {@link #awaitStored}. */
    default long storedBytes() throws Exception {
        return -1;
    }

    /** One line per setup detail worth printing beside the figures (ingest unit, ack meaning, schema). */
    List<String> setup();

    /** Stops what {@link #start} started and deletes its files; never throws. */
    @Override
    void close();
}

package io.tickstore.store.dedupe;

import io.tickstore.store.journal.Journal;
import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.orders.OrderBook;

/**
 * What decides a duplicate, as of a journal index: the tick and trade {@link Deduplicator} and the
 * {@link OrderBook}. Built at start-up from the last {@link DedupeSnapshot} (or once from DuckDB, see
 * {@link DedupeFromDuckDb}), brought up to date by applying the journal after {@link #journalIndex()},
 * and kept by the {@link DedupeSnapshotSink} to write the next snapshot.
 *
 * <p><b>Applying in restore mode</b> ({@link #apply}) trusts what the journal holds (it was decided
 * when it was journaled): a tick's sequence number and a trade's id are added to sets, an order
 * message (which carries the order's whole new state, also the state a fill produced) replaces the
 * order's state, a portfolio snapshot mark carries nothing. Applying a stretch of the journal again
 * is therefore harmless: sets ignore what they hold, and an order ends in the state of its last
 * journaled message (the client_order_id map follows from the states alone, see
 * {@link OrderBook#restore}). So a state that has applied messages past a snapshot's index and then
 * re-applies them from that index on ends exactly where applying them once would have.
 *
 * <p>One thread at a time; the journaller's state and a sink's state are separate copies
 * ({@link #copy()}).
 */
public final class DedupeState {
    private final Deduplicator deduplicator;
    private final OrderBook orders;
    private long journalIndex;
    private long snapshotIndex;

    /** An empty state, before the first journal message. */
    public DedupeState(GapLog gapLog) {
        this(new Deduplicator(gapLog), new OrderBook(), Journal.NONE, Journal.NONE);
    }

    DedupeState(Deduplicator deduplicator, OrderBook orders, long journalIndex, long snapshotIndex) {
        this.deduplicator = deduplicator;
        this.orders = orders;
        this.journalIndex = journalIndex;
        this.snapshotIndex = snapshotIndex;
    }

    /** Ticks and trades; hand it to the journaller once the journal is applied. */
    public Deduplicator deduplicator() {
        return deduplicator;
    }

    /** Every order's state; hand it to the journaller once the journal is applied. */
    public OrderBook orders() {
        return orders;
    }

    /** The journal index of the last message applied ({@link Journal#NONE}: none). */
    public long journalIndex() {
        return journalIndex;
    }

    /**
     * The index of the snapshot file this state was loaded from or last written to
     * ({@link Journal#NONE}: none): what a restart would start from. At most {@link #journalIndex()}.
     */
    public long snapshotIndex() {
        return snapshotIndex;
    }

    void snapshotWritten() {
        snapshotIndex = journalIndex;
    }

    /**
     * Applies journal message {@code index} in restore mode (see the class comment). The message
     * may be one applied before (after a rewind): the state then covers up to {@code index} again.
     * Matches {@link Journal.Handler}, so {@code journal.replayAfter(state.journalIndex(), state::apply)}.
     */
    public void apply(long index, IngestMessage message) {
        switch (message.type) {
            case TICK, TRADE -> deduplicator.restore(message);
            case ORDER -> orders.restore(message.order);
            case PORTFOLIO_SNAPSHOT -> {
                // a mark for the writer; nothing to deduplicate
            }
        }
        journalIndex = index;
    }

    /**
     * An independent copy (it shares only the gap log, which restore mode never writes): start-up
     * gives one to the {@link DedupeSnapshotSink} and keeps the other for the journaller.
     */
    public DedupeState copy() {
        return new DedupeState(deduplicator.copy(), orders.copy(), journalIndex, snapshotIndex);
    }

    /**
     * Start-up check: replaying from {@link #journalIndex()} is exact only if the journal still holds
     * that message (trimming never deletes the cycle a sink's index lies in).
     *
     * @throws IllegalStateException naming both indexes when it does not
     */
    public void requireJournalFrom(Journal journal) {
        if (journalIndex == Journal.NONE) {
            return;
        }
        long first = journal.firstIndex();
        long last = journal.lastIndex();
        if (first == Journal.NONE || journalIndex < first || journalIndex > last) {
            throw new IllegalStateException("the deduplication state covers the journal up to index " + journalIndex
                    + " but the journal in " + journal.dir() + " holds " + (first == Journal.NONE ? "no message"
                    : "indexes " + first + " to " + last) + ": the journal was deleted, trimmed past the "
                    + "deduplication snapshot or replaced; restore it (or the data directory) before starting");
        }
    }
}

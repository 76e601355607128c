package io.tickstore.store.hot;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Rows the hot tier holds until DuckDB has stored the messages that made them: each with the journal
 * index of its message, in journal order. The hot applier adds, the DuckDB sink's progress releases
 * ({@link #release}), readers copy the rows after the index their DuckDB snapshot holds
 * ({@link #forEachAfter}): DuckDB's rows up to its applied index plus these after it are exactly the
 * messages applied, each once. Thread-safe (one monitor).
 *
 * @param <T> the row; never changed once added
 */
public final class UnstoredLog<T> {
    private final ArrayDeque<Entry<T>> entries = new ArrayDeque<>();

    /** A row and the journal index of the message that made it. */
    public record Entry<T>(long journalIndex, T row) {
    }

    /** Receives rows; called under the log's monitor, so it must only copy. */
    @FunctionalInterface
    public interface Visitor<T> {
        void visit(long journalIndex, T row);
    }

    /** Adds a row; journal indexes are added in increasing order. */
    public synchronized void add(long journalIndex, T row) {
        entries.addLast(new Entry<>(journalIndex, row));
    }

    /** Drops the rows whose message DuckDB has stored ({@code journalIndex <= storedIndex}). */
    public synchronized void release(long storedIndex) {
        Entry<T> head;
        while ((head = entries.peekFirst()) != null && head.journalIndex <= storedIndex) {
            entries.pollFirst();
        }
    }

    /** Hands every row of a message after {@code storedIndex} to {@code visitor}, in journal order. */
    public synchronized void forEachAfter(long storedIndex, Visitor<T> visitor) {
        Iterator<Entry<T>> it = entries.descendingIterator();
        // Rows after the index are at the tail: find where they start, then visit in order.
        int skip = entries.size();
        while (it.hasNext() && it.next().journalIndex > storedIndex) {
            skip--;
        }
        int i = 0;
        for (Entry<T> e : entries) {
            if (i++ >= skip) {
                visitor.visit(e.journalIndex, e.row);
            }
        }
    }

    public synchronized int size() {
        return entries.size();
    }

    public synchronized boolean isEmpty() {
        return entries.isEmpty();
    }
}

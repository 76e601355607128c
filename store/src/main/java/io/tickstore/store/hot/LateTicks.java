package io.tickstore.store.hot;

import io.tickstore.store.model.TickRecord;
import java.util.ArrayList;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ticks the hot tier could not fold into memory — before a feed's tick-memory or bar-memory horizon
 * (late ticks), or every tick when tick memory is off — kept per feed until DuckDB has stored them,
 * so a read of that range (DuckDB up to its applied index, plus these after it) misses nothing that
 * was journaled. Copies, never changed once added. Thread-safe.
 */
public final class LateTicks {
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, UnstoredLog<TickRecord>>> feeds =
            new ConcurrentHashMap<>();
    /** Every feed's log, for release; appended by the applier only. */
    private final ArrayList<UnstoredLog<TickRecord>> all = new ArrayList<>();

    /** Applier: keeps a copy of {@code t}. */
    public void add(TickRecord t, long journalIndex) {
        TickRecord copy = new TickRecord();
        copy.copyFrom(t);
        log(t.exchange, t.symbol).add(journalIndex, copy);
    }

    /** Drops the ticks DuckDB has stored. */
    public void release(long storedIndex) {
        UnstoredLog<TickRecord>[] logs;
        synchronized (all) {
            @SuppressWarnings("unchecked")
            UnstoredLog<TickRecord>[] copy = all.toArray(new UnstoredLog[0]);
            logs = copy;
        }
        for (UnstoredLog<TickRecord> l : logs) {
            l.release(storedIndex);
        }
    }

    /** Hands the feed's ticks journaled after {@code storedIndex} to {@code visitor}, in journal order. */
    public void forEachAfter(String exchange, String symbol, long storedIndex, UnstoredLog.Visitor<TickRecord> visitor) {
        ConcurrentHashMap<String, UnstoredLog<TickRecord>> bySymbol = feeds.get(exchange);
        UnstoredLog<TickRecord> log = bySymbol == null ? null : bySymbol.get(symbol);
        if (log != null) {
            log.forEachAfter(storedIndex, visitor);
        }
    }

    private UnstoredLog<TickRecord> log(String exchange, String symbol) {
        ConcurrentHashMap<String, UnstoredLog<TickRecord>> bySymbol =
                feeds.computeIfAbsent(exchange, e -> new ConcurrentHashMap<>());
        UnstoredLog<TickRecord> log = bySymbol.get(symbol);
        if (log == null) {
            log = new UnstoredLog<>();
            bySymbol.put(symbol, log);
            synchronized (all) {
                all.add(log);
            }
        }
        return log;
    }
}

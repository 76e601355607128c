package io.tickstore.store.model;

import java.util.HashMap;
import java.util.function.BiFunction;

/**
 * Values per (exchange, symbol), looked up without allocating a composite key: the hot paths
 * (journaller, writer) look up a feed for every message. Not thread-safe.
 */
public final class FeedMap<V> {
    private final HashMap<String, HashMap<String, V>> byExchange = new HashMap<>();
    private int size;

    public V get(String exchange, String symbol) {
        HashMap<String, V> bySymbol = byExchange.get(exchange);
        return bySymbol == null ? null : bySymbol.get(symbol);
    }

    /** The feed's value, created by {@code create(exchange, symbol)} on first use. */
    public V computeIfAbsent(String exchange, String symbol, BiFunction<String, String, V> create) {
        HashMap<String, V> bySymbol = byExchange.get(exchange);
        if (bySymbol == null) {
            bySymbol = new HashMap<>();
            byExchange.put(exchange, bySymbol);
        }
        V v = bySymbol.get(symbol);
        if (v == null) {
            v = create.apply(exchange, symbol);
            bySymbol.put(symbol, v);
            size++;
        }
        return v;
    }

    /** How many feeds have a value. */
    public int size() {
        return size;
    }

    /** Visits every feed's value, in no particular order; what {@code consumer} throws ends the visit. */
    public <E extends Exception> void forEach(FeedConsumer<? super V, E> consumer) throws E {
        for (var byExchangeEntry : byExchange.entrySet()) {
            String exchange = byExchangeEntry.getKey();
            for (var bySymbolEntry : byExchangeEntry.getValue().entrySet()) {
                consumer.accept(exchange, bySymbolEntry.getKey(), bySymbolEntry.getValue());
            }
        }
    }

    /** Receives one feed's value. */
    @FunctionalInterface
    public interface FeedConsumer<V, E extends Exception> {
        void accept(String exchange, String symbol, V value) throws E;
    }
}

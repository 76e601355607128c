package io.tickstore.store;

/**
 * How long each stage of opening the store took, for the start-up log line
 * ({@code database 412 ms, journal 30 ms, …, total 1,204 ms}): start-up time is a promise
 * (docs/durability.md), and this line says where it went when it is broken.
 */
final class OpenStages {
    private final long begin = System.nanoTime();
    private final StringBuilder text = new StringBuilder();
    private long last = begin;

    /** The stage that ends now (it began where the previous one ended). */
    void done(String stage) {
        long now = System.nanoTime();
        text.append(stage).append(' ').append((now - last) / 1_000_000).append(" ms, ");
        last = now;
    }

    @Override
    public String toString() {
        return text + "total " + (last - begin) / 1_000_000 + " ms";
    }
}

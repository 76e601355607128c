package io.tickstore.store.sink;

/**
 * Whether a sink holds its next batch back for now, asked by its runner before each batch (runner
 * thread). A sink that holds back falls behind the journal; it never loses anything: the journal keeps
 * what it still needs.
 */
@FunctionalInterface
public interface SinkYield {
    /** Never holds back. */
    SinkYield NEVER = () -> false;

    boolean holdBack();
}

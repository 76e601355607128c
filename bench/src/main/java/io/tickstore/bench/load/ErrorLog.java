package io.tickstore.bench.load;

import java.util.ArrayList;
import java.util.List;

/** Keeps the first few error replies and connection problems of a run, from any thread. */
final class ErrorLog {
    static final int KEPT = 5;

    private final List<String> errors = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    /** An error reply (or a reply that breaks the protocol). */
    synchronized void error(int connection, String text) {
        if (errors.size() < KEPT) {
            errors.add("connection " + connection + ": " + text);
        }
    }

    /** A connection closed or failed while the run needed it. */
    synchronized void problem(int connection, String text) {
        if (problems.size() < KEPT) {
            problems.add("connection " + connection + ": " + text);
        }
    }

    synchronized List<String> errors() {
        return List.copyOf(errors);
    }

    synchronized List<String> problems() {
        return List.copyOf(problems);
    }
}

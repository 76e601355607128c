package io.tickstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.tickstore.store.pipeline.FrameCompletion;
import java.util.ArrayList;
import java.util.List;

/**
 * Records what the pipeline tells each published frame, in the order it tells it. Each frame's
 * completion fails the test if it is told twice.
 */
public final class FrameOutcomes {
    /** One callback: {@code failed} is null for journaled(...), the reason otherwise. */
    public record Outcome(int frame, int accepted, int duplicates, long journalIndex, String failed, String thread) {
        public boolean journaled() {
            return failed == null;
        }

        /** The order rules refused the frame; {@link #failed} then holds "rejected: " + the error. */
        public boolean rejected() {
            return failed != null && failed.startsWith("rejected: ");
        }
    }

    private final List<Outcome> outcomes = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();

    /** The completion for frame number {@code frame}. */
    public FrameCompletion frame(int frame) {
        return new FrameCompletion() {
            private boolean told;

            @Override
            public void journaled(int accepted, int duplicates, long journalIndex) {
                record(new Outcome(frame, accepted, duplicates, journalIndex, null, Thread.currentThread().getName()));
            }

            @Override
            public void rejected(io.tickstore.store.model.MessageType type, String error) {
                record(new Outcome(frame, 0, 0, -1, "rejected: " + error, Thread.currentThread().getName()));
            }

            @Override
            public void failed(String reason) {
                record(new Outcome(frame, 0, 0, -1, reason, Thread.currentThread().getName()));
            }

            private void record(Outcome o) {
                synchronized (FrameOutcomes.this) {
                    if (told) {
                        errors.add("frame " + frame + " told twice: " + o);
                    }
                    told = true;
                    outcomes.add(o);
                }
            }
        };
    }

    public synchronized int size() {
        return outcomes.size();
    }

    public synchronized List<Outcome> all() {
        if (!errors.isEmpty()) {
            fail(String.join("; ", errors));
        }
        return List.copyOf(outcomes);
    }

    /** Waits until {@code n} frames have been told, then returns every outcome so far. */
    public List<Outcome> await(int n) {
        Eventually.until(() -> size() >= n, () -> "outcomes of " + n + " frames, have " + all());
        List<Outcome> all = all();
        assertEquals(n, all.size(), "outcomes: " + all);
        return all;
    }
}

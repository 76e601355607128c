package io.tickstore.store.dedupe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@link FeedSequences} against a plain sorted set: counting up (the pending run), gaps, older numbers,
 * re-sends, and frames rolled back in reverse (as {@link Deduplicator#rollbackFrame} does), in random
 * mixes; after every step {@code contains}, {@code highest} and the bitmap agree with the set.
 */
class FeedSequencesTest {
    @Test
    void agreesWithASortedSetUnderRandomAddsAndRollbacks() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int round = 0; round < 60; round++) {
            FeedSequences f = new FeedSequences();
            TreeSet<Long> model = new TreeSet<>();
            long next = random.nextInt(3);
            for (int frame = 0; frame < 40; frame++) {
                List<long[]> added = new ArrayList<>(); // {sequence, previous highest}
                int n = 1 + random.nextInt(20);
                for (int i = 0; i < n; i++) {
                    long s = switch (random.nextInt(10)) {
                        case 0 -> next + random.nextInt(50); // a gap
                        case 1 -> Math.max(0, next - 1 - random.nextInt(30)); // older, or a re-send
                        default -> next; // the next one
                    };
                    if (f.contains(s)) {
                        assertEquals(true, model.contains(s), "seed " + seed);
                        continue;
                    }
                    assertEquals(false, model.contains(s), "seed " + seed);
                    added.add(new long[] {s, f.highest});
                    f.add(s);
                    model.add(s);
                    next = Math.max(next, s + 1);
                    check(f, model, random, seed);
                }
                if (random.nextInt(4) == 0) { // the frame is refused: undo it, newest first
                    for (int i = added.size() - 1; i >= 0; i--) {
                        f.removeLatest(added.get(i)[0], added.get(i)[1]);
                        model.remove(added.get(i)[0]);
                        check(f, model, random, seed);
                    }
                    next = model.isEmpty() ? 0 : model.last() + 1;
                }
                if (random.nextInt(10) == 0) { // a snapshot reads the bitmap between frames
                    assertEquals(model.size(), f.seen().getLongCardinality(), "seed " + seed);
                }
            }
            FeedSequences copy = f.copy();
            for (long s = 0; s <= next + 1; s++) {
                assertEquals(model.contains(s), copy.contains(s), "copy, " + s + ", seed " + seed);
            }
        }
    }

    private static void check(FeedSequences f, TreeSet<Long> model, Random random, long seed) {
        assertEquals(model.isEmpty() ? FeedSequences.NONE : model.last(), f.highest, "highest, seed " + seed);
        long top = model.isEmpty() ? 5 : model.last() + 3;
        for (int i = 0; i < 8; i++) {
            long s = random.nextLong(top + 1);
            assertEquals(model.contains(s), f.contains(s), s + ", seed " + seed);
        }
    }
}

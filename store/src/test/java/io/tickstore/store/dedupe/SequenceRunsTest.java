package io.tickstore.store.dedupe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.longlong.PeekableLongIterator;
import org.roaringbitmap.longlong.Roaring64Bitmap;

class SequenceRunsTest {
    private final SequenceRuns runs = new SequenceRuns();

    /** The runs as "first..last" strings, found by SequenceRuns. */
    private List<String> runsOf(Roaring64Bitmap b) {
        List<String> out = new ArrayList<>();
        runs.forEach(b, (first, last) -> out.add(first + ".." + last));
        assertEquals(out.size(), runs.count(b), "count agrees with the walk");
        return out;
    }

    /** The same, value by value: the obvious way, to check the fast one against. */
    private static List<String> runsByValue(Roaring64Bitmap b) {
        List<String> out = new ArrayList<>();
        PeekableLongIterator it = b.getLongIterator();
        boolean open = false;
        long first = 0;
        long last = 0;
        while (it.hasNext()) {
            long v = it.next();
            if (open && v == last + 1) {
                last = v;
                continue;
            }
            if (open) {
                out.add(first + ".." + last);
            }
            open = true;
            first = v;
            last = v;
        }
        if (open) {
            out.add(first + ".." + last);
        }
        return out;
    }

    /** Like assertEquals, reporting the first difference rather than two huge lists. */
    private static void assertSameRuns(List<String> expected, List<String> actual, String what) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            assertEquals(expected.get(i), actual.get(i), what + ": run " + i);
        }
        assertEquals(expected.size(), actual.size(), what + ": run count");
    }

    @Test
    void anEmptyBitmapHasNoRuns() {
        assertEquals(List.of(), runsOf(new Roaring64Bitmap()));
    }

    @Test
    void aGapFreeFeedIsOneRunAcrossManyContainers() {
        Roaring64Bitmap b = new Roaring64Bitmap();
        for (long s = 1; s <= 1_000_000; s++) {
            b.addLong(s); // as the journaller adds them: bitmap containers, not run containers
        }
        assertEquals(List.of("1..1000000"), runsOf(b));
        b.runOptimize();
        assertEquals(List.of("1..1000000"), runsOf(b));
    }

    @Test
    void gapsSplitRunsAlsoAtContainerEdges() {
        Roaring64Bitmap b = new Roaring64Bitmap();
        b.addRange(0, 65_536);       // exactly container 0
        b.addRange(65_537, 131_072); // container 1 without its first value
        b.addLong(131_072);          // first of container 2: continues the run
        b.addLong(300_000);
        b.addLong(300_002);
        assertEquals(List.of("0..65535", "65537..131072", "300000..300000", "300002..300002"), runsOf(b));
    }

    @Test
    void runsCrossTheSignedBoundaryAndReachTheUnsignedTop() {
        Roaring64Bitmap b = new Roaring64Bitmap();
        b.addLong(0);
        b.addLong(5);
        b.addLong(Long.MAX_VALUE - 2);
        b.addLong(Long.MAX_VALUE - 1);
        b.addLong(Long.MAX_VALUE);
        b.addLong(Long.MIN_VALUE);      // unsigned, the value after Long.MAX_VALUE
        b.addLong(Long.MIN_VALUE + 1);
        b.addLong(-70_000);
        b.addLong(-3);
        b.addLong(-2);
        b.addLong(-1);                  // the largest unsigned value
        List<String> expected = List.of("0..0", "5..5", (Long.MAX_VALUE - 2) + ".." + (Long.MIN_VALUE + 1),
                "-70000..-70000", "-3..-1");
        assertEquals(expected, runsByValue(b), "the reference walk");
        assertEquals(expected, runsOf(b));
        b.runOptimize();
        assertEquals(expected, runsOf(b));
    }

    @Test
    void fullTopContainersAreOneRun() {
        Roaring64Bitmap b = new Roaring64Bitmap();
        b.addRange(Long.MAX_VALUE - 200_000, Long.MIN_VALUE + 200_000);
        b.addRange(-200_000, -1);
        b.addLong(-1);
        assertEquals(List.of((Long.MAX_VALUE - 200_000) + ".." + (Long.MIN_VALUE + 199_999), "-200000..-1"),
                runsOf(b));
    }

    @Test
    void randomBitmapsGiveTheSameRunsAsAValueByValueWalk() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int round = 0; round < 100; round++) {
            Roaring64Bitmap b = new Roaring64Bitmap();
            long base = switch (random.nextInt(4)) {
                case 0 -> 0;
                case 1 -> Long.MAX_VALUE - 150_000;
                case 2 -> -150_000;
                default -> random.nextLong();
            };
            int pieces = random.nextInt(30);
            for (int p = 0; p < pieces; p++) {
                long from = base + random.nextInt(300_000);
                switch (random.nextInt(3)) {
                    case 0 -> b.addLong(from);
                    case 1 -> {
                        int length = random.nextInt(100_000);
                        if (random.nextBoolean() && Long.compareUnsigned(from, from + length) < 0) {
                            b.addRange(from, from + length); // run containers
                        } else {
                            int step = 1 + random.nextInt(2); // bitmap containers, full or every other value
                            for (int k = 0; k < (step == 1 ? length : length / 20); k += step) {
                                b.addLong(from + k);
                            }
                        }
                    }
                    default -> {
                        for (int i = 0; i < 2000; i++) {
                            b.addLong(from + random.nextInt(70_000));
                        }
                    }
                }
            }
            if (random.nextBoolean()) {
                b.runOptimize();
            }
            assertSameRuns(runsByValue(b), runsOf(b), "seed " + seed + ", round " + round);
        }
    }
}

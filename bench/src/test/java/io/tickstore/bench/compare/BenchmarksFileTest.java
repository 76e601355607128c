package io.tickstore.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BenchmarksFileTest {

    @Test
    void withoutMarkersTheSectionIsAppended() {
        String out = BenchmarksFile.replaceSection("# Benchmarks\n\ntext\n\n", "table 1\n");
        assertEquals("# Benchmarks\n\ntext\n\n## Side by side\n\n" + BenchmarksFile.BEGIN + "\ntable 1\n"
                + BenchmarksFile.END + "\n", out);
    }

    @Test
    void betweenMarkersOnlyTheSectionIsReplaced() {
        String first = BenchmarksFile.replaceSection("# Benchmarks\n\ntext\n", "table 1");
        String edited = first + "\n## Later\n\nkept\n";
        String second = BenchmarksFile.replaceSection(edited, "table 2");
        assertEquals(edited.replace("table 1", "table 2"), second);
        assertEquals(second, BenchmarksFile.replaceSection(second, "table 2"));
    }

    @Test
    void aLoneMarkerIsAnError() {
        assertThrows(IllegalArgumentException.class,
                () -> BenchmarksFile.replaceSection("x\n" + BenchmarksFile.END + "\n", "t"));
    }
}

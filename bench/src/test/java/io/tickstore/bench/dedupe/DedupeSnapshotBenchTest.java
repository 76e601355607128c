package io.tickstore.bench.dedupe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickstore.bench.CommandRun;
import org.junit.jupiter.api.Test;

class DedupeSnapshotBenchTest {
    @Test
    void aSmallRunPrintsSizeAndTimes() {
        CommandRun r = CommandRun.of(new DedupeSnapshotCommand(), "--feeds", "3", "--per-feed", "5000", "--gap-every",
                "100", "--trades", "1000", "--orders", "50", "--rounds", "2");
        assertEquals(0, r.exitCode(), r.err());
        String printed = r.out();
        assertTrue(printed.contains("state: 3 feeds, 14,850 sequence numbers (a gap every 100), 1,000 trade ids, 50 orders"),
                printed);
        assertTrue(printed.matches("(?s).*snapshot file: [\\d,]+ bytes.*load: +first \\d+, min \\d+, median \\d+, max \\d+ ms; "
                + "its thread's CPU first \\d+, min \\d+, median \\d+, max \\d+ ms.*2 rounds.*"), printed);
    }

    @Test
    void aBadOptionIsRefusedWithItsName() {
        CommandRun r = CommandRun.of(new DedupeSnapshotCommand(), "--feeds", "many");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--feeds") && r.err().contains("many"), r.err());
        r = CommandRun.of(new DedupeSnapshotCommand(), "--colour", "1");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--colour"), r.err());
    }
}

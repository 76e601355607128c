package io.tickstore.bench.dedupe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DedupeSnapshotBenchTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) throws Exception {
        return DedupeSnapshotBench.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void aSmallRunPrintsSizeAndTimes() throws Exception {
        assertEquals(0, run("--feeds", "3", "--per-feed", "5000", "--gap-every", "100", "--trades", "1000",
                "--orders", "50", "--rounds", "2"));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("state: 3 feeds, 14,850 sequence numbers (a gap every 100), 1,000 trade ids, 50 orders"),
                printed);
        assertTrue(printed.matches("(?s).*snapshot file: [\\d,]+ bytes.*load: +first \\d+, min \\d+, median \\d+, max \\d+ ms; "
                + "its thread's CPU first \\d+, min \\d+, median \\d+, max \\d+ ms.*2 rounds.*"), printed);
    }

    @Test
    void aBadOptionIsRefusedWithItsName() throws Exception {
        assertEquals(2, run("--feeds", "many"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("--feeds: expected an integer, got many"));
        assertEquals(2, run("--colour", "1"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown option --colour"));
    }
}

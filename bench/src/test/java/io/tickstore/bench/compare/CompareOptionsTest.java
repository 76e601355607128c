package io.tickstore.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickstore.bench.load.LoadOptions.UsageException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompareOptionsTest {

    @Test
    void theIssueCommand() throws Exception {
        CompareOptions o = CompareOptions.parse(new String[] {"--ticks", "10000000", "--symbols", "100"});
        assertEquals(10_000_000, o.ticks());
        assertEquals(100, o.symbols());
        assertEquals(List.of("tickstore", "questdb", "postgres"), o.targets());
        assertEquals("./tickstore compare --ticks 10000000 --symbols 100", o.command());
        assertEquals(3, o.checkRuns());
        assertEquals(5_000_000_000L, o.warmupNanos());
        assertEquals(200, o.runs());
        assertTrue(o.tickstoreCsv());
    }

    @Test
    void smokeIsSmallAndExplicitOptionsStillWin() throws Exception {
        CompareOptions smoke = CompareOptions.parse(new String[] {"--smoke"});
        assertTrue(smoke.smoke());
        assertEquals(20_000, smoke.ticks());
        assertEquals(10, smoke.symbols());
        assertEquals(5, smoke.runs());
        assertEquals(0, smoke.warmupNanos(), "CI has no time to warm up");
        assertEquals(2_000_000_000L, CompareOptions.parse(new String[] {"--smoke", "--warmup", "2s"}).warmupNanos());
        CompareOptions o = CompareOptions.parse(new String[] {"--smoke", "--ticks=50000", "--targets", "postgres,tickstore",
            "--write", "/tmp/B.md"});
        assertEquals(50_000, o.ticks());
        assertEquals(List.of("tickstore", "postgres"), o.targets());
        assertEquals(Path.of("/tmp/B.md"), o.write());
        assertEquals(false, CompareOptions.parse(new String[] {"--tickstore-format", "JSON"}).tickstoreCsv());
        assertEquals(true, CompareOptions.parse(new String[] {"--tickstore-format=csv"}).tickstoreCsv());
    }

    @Test
    void badOptionsNameWhatIsWrong() {
        assertTrue(assertThrows(UsageException.class, () -> CompareOptions.parse(new String[] {"--targets", "mysql"}))
                .getMessage().contains("--targets"));
        assertTrue(assertThrows(UsageException.class, () -> CompareOptions.parse(new String[] {"--ticks", "0"}))
                .getMessage().contains("--ticks"));
        assertTrue(assertThrows(UsageException.class, () -> CompareOptions.parse(new String[] {"--nope"}))
                .getMessage().contains("--nope"));
        assertThrows(UsageException.class, () -> CompareOptions.parse(new String[] {"--write", "x", "--no-write"}));
        assertTrue(assertThrows(UsageException.class, () -> CompareOptions.parse(new String[] {"--warmup", "soon"}))
                .getMessage().startsWith("--warmup: "));
        assertThrows(UsageException.class, () -> CompareOptions.parse(new String[] {"--ticks", "5", "--symbols", "6"}));
        assertEquals("--tickstore-format: expected csv or json, got \"xml\"", assertThrows(UsageException.class,
                () -> CompareOptions.parse(new String[] {"--tickstore-format", "xml"})).getMessage());
    }
}

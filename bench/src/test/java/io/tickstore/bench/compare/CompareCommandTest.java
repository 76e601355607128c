package io.tickstore.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickstore.bench.CommandRun;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParameterException;

class CompareCommandTest {

    private static CompareOptions options(String... args) {
        return CommandRun.parsed(new CompareCommand(), args).options();
    }

    private static String error(String... args) {
        return assertThrows(ParameterException.class, () -> options(args)).getMessage();
    }

    @Test
    void theIssueCommand() {
        CompareOptions o = options("--ticks", "10000000", "--symbols", "100");
        assertEquals(10_000_000, o.ticks());
        assertEquals(100, o.symbols());
        assertEquals(List.of("tickstore", "questdb", "postgres"), o.targets());
        assertEquals("./tickstore compare --ticks 10000000 --symbols 100", o.command());
        assertEquals(3, o.checkRuns());
        assertEquals(5_000_000_000L, o.warmupNanos());
        assertEquals(200, o.runs());
        assertTrue(o.tickstoreCsv());
        assertTrue(o.tickstoreRows(), "tickstore is sent frames of rows unless asked otherwise");
    }

    @Test
    void smokeIsSmallAndExplicitOptionsStillWin() {
        CompareOptions smoke = options("--smoke");
        assertTrue(smoke.smoke());
        assertEquals(20_000, smoke.ticks());
        assertEquals(10, smoke.symbols());
        assertEquals(5, smoke.runs());
        assertEquals(0, smoke.warmupNanos(), "CI has no time to warm up");
        assertEquals(2_000_000_000L, options("--smoke", "--warmup", "2s").warmupNanos());
        CompareOptions o = options("--smoke", "--ticks=50000", "--targets", "postgres,tickstore", "--write", "/tmp/B.md");
        assertEquals(50_000, o.ticks());
        assertEquals(List.of("tickstore", "postgres"), o.targets());
        assertEquals(Path.of("/tmp/B.md"), o.write());
        assertEquals(false, options("--tickstore-format", "JSON").tickstoreCsv());
        assertEquals(true, options("--tickstore-format=csv").tickstoreCsv());
        assertEquals(false, options("--tickstore-ingest", "objects").tickstoreRows());
        assertEquals(true, options("--tickstore-ingest=ROWS").tickstoreRows());
    }

    @Test
    void badOptionsNameWhatIsWrong() {
        assertTrue(error("--targets", "mysql").contains("'--targets'"));
        assertTrue(error("--ticks", "0").contains("'--ticks'"));
        assertTrue(error("--nope").contains("'--nope'"));
        assertTrue(error("--tickstore-ingest", "csv").contains("'--tickstore-ingest'"));
        assertTrue(error("--write", "x", "--no-write").contains("--no-write"));
        assertTrue(error("--warmup", "soon").startsWith("Invalid value for option '--warmup': "));
        assertTrue(error("--ticks", "5", "--symbols", "6").contains("'--symbols'"));
        assertEquals("Invalid value for option '--tickstore-format': expected csv or json, got \"xml\"",
                error("--tickstore-format", "xml"));
    }

    @Test
    void aLifecyclePassIsTickstoresOnly() {
        assertEquals(-1, options().lifecycleWarmDays(), "no pass unless asked");
        assertEquals(2, options("--lifecycle-warm-days", "2").lifecycleWarmDays());
        assertEquals("Invalid value for option '--lifecycle-warm-days': needs the tickstore target in --targets",
                error("--lifecycle-warm-days", "2", "--targets", "questdb"));
        assertTrue(error("--lifecycle-warm-days", "-1").contains("'--lifecycle-warm-days'"));
    }

    @Test
    void theS3CopyGoesWithALifecyclePass() {
        assertFalse(options("--lifecycle-warm-days", "2").lifecycleS3(), "no S3 unless asked");
        assertTrue(options("--lifecycle-warm-days", "2", "--lifecycle-s3").lifecycleS3());
        assertEquals("Invalid value for option '--lifecycle-s3': needs --lifecycle-warm-days", error("--lifecycle-s3"));
    }
}

package io.tickstore.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickstore.bench.CommandRun;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParameterException;

class LoadCommandTest {

    private static LoadOptions options(String... args) {
        return CommandRun.parsed(new LoadCommand(), args).options();
    }

    @Test
    void defaults() {
        LoadOptions o = options();
        assertEquals("ws://127.0.0.1:8080/ws/ingest", o.url().toString());
        assertEquals("127.0.0.1", o.host());
        assertEquals(8080, o.port());
        assertEquals("/ws/ingest", o.requestUri());
        assertEquals(4, o.connections());
        assertEquals(500, o.frameSize());
        assertEquals(0, o.rate());
        assertEquals(10_000_000_000L, o.durationNanos());
        assertEquals(2_000_000_000L, o.warmupNanos());
        assertEquals(100, o.symbols());
        assertEquals(64, o.window());
        assertFalse(o.json());
        assertFalse(o.rows(), "frames of tick objects unless asked for rows");
    }

    @Test
    void everyOptionInBothForms() {
        LoadOptions o = options("--url", "ws://localhost:9000/x?y=1", "--connections=2", "--frame-size", "1", "--rate",
                "50000", "--duration", "500ms", "--warmup=0", "--symbols", "7", "--window", "8", "--json", "--frames", "rows");
        assertEquals("localhost", o.host());
        assertEquals(9000, o.port());
        assertEquals("/x?y=1", o.requestUri());
        assertEquals(2, o.connections());
        assertEquals(1, o.frameSize());
        assertEquals(50_000, o.rate());
        assertEquals(500_000_000L, o.durationNanos());
        assertEquals(0, o.warmupNanos());
        assertEquals(7, o.symbols());
        assertEquals(8, o.window());
        assertTrue(o.json());
        assertTrue(o.rows());
        assertFalse(options("--frames=OBJECTS").rows());
    }

    @Test
    void durations() {
        assertEquals(20_000_000_000L, options("--duration", "20s").durationNanos());
        assertEquals(20_000_000_000L, options("--duration", "20").durationNanos());
        assertEquals(120_000_000_000L, options("--duration", "2m").durationNanos());
        assertEquals(1_000_000L, options("--duration", "1ms").durationNanos());
        for (String bad : new String[] {"0s", "2h", "61m", "fast"}) {
            var e = assertThrows(ParameterException.class, () -> options("--duration", bad));
            assertTrue(e.getMessage().startsWith("Invalid value for option '--duration': expected a time"), e.getMessage());
        }
    }

    @Test
    void errorsNameTheOptionAndWhatItGot() {
        assertEquals("Invalid value for option '--frame-size': expected an integer from 1 to 10000, got 20000",
                assertThrows(ParameterException.class, () -> options("--frame-size", "20000")).getMessage());
        assertTrue(assertThrows(ParameterException.class, () -> options("--connections")).getMessage()
                .contains("'--connections'"));
        assertTrue(assertThrows(ParameterException.class, () -> options("--bogus")).getMessage()
                .contains("'--bogus'"));
        assertEquals("Invalid value for option '--frames': expected rows or objects, got \"csv\"",
                assertThrows(ParameterException.class, () -> options("--frames", "csv")).getMessage());
        assertTrue(assertThrows(ParameterException.class, () -> options("--url", "http://127.0.0.1:8080/ws/ingest"))
                .getMessage().contains("'--url': expected scheme ws"));
    }

    @Test
    void remoteHostsNeedAllowRemote() {
        var e = assertThrows(ParameterException.class, () -> options("--url", "ws://192.0.2.1:8080/ws/ingest"));
        assertTrue(e.getMessage().contains("not a loopback address"), e.getMessage());
        assertEquals("192.0.2.1", options("--url", "ws://192.0.2.1:8080/ws/ingest", "--allow-remote").host());
        assertEquals("::1", options("--url", "ws://[::1]:8080/ws/ingest").host());
    }

    @Test
    void theCommandLineSaysWhatIsWrongAndExits2() {
        CommandRun r = CommandRun.of(new LoadCommand(), "--frame-size", "0");
        assertEquals(2, r.exitCode());
        assertEquals("tickstore load: Invalid value for option '--frame-size': expected an integer from 1 to 10000, got 0\n"
                + "See 'tickstore load --help'.\n", r.err());
        r = CommandRun.of(new LoadCommand(), "--rat", "5");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().startsWith("tickstore load: Unknown options: '--rat', '5'"), r.err());
        assertTrue(r.err().contains("--rate"), "a close match is suggested: " + r.err());
        r = CommandRun.of(new LoadCommand(), "--help");
        assertEquals(0, r.exitCode());
        assertTrue(r.out().contains("Usage: tickstore load [-hV] [--allow-remote] [--insecure] [--json]"), r.out());
        assertTrue(r.out().contains("--frame-size=N"), r.out());
        assertTrue(r.out().contains("Exit codes: 0 ok; 1 error replies"), r.out());
    }
}

package io.tickstore.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LoadOptionsTest {

    @Test
    void defaults() throws Exception {
        LoadOptions o = LoadOptions.parse(new String[0]);
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
        assertFalse(o.help());
    }

    @Test
    void everyOptionInBothForms() throws Exception {
        LoadOptions o = LoadOptions.parse(new String[] {
            "--url", "ws://localhost:9000/x?y=1", "--connections=2", "--frame-size", "1", "--rate", "50_000",
            "--duration", "500ms", "--warmup=0", "--symbols", "7", "--window", "8", "--json"});
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
    }

    @Test
    void durations() throws Exception {
        assertEquals(20_000_000_000L, LoadOptions.duration("--duration", "20s", 1));
        assertEquals(20_000_000_000L, LoadOptions.duration("--duration", "20", 1));
        assertEquals(120_000_000_000L, LoadOptions.duration("--duration", "2m", 1));
        assertEquals(1_000_000L, LoadOptions.duration("--duration", "1ms", 1));
        assertThrows(LoadOptions.UsageException.class, () -> LoadOptions.duration("--duration", "0s", 1));
        assertThrows(LoadOptions.UsageException.class, () -> LoadOptions.duration("--duration", "2h", 1));
        assertThrows(LoadOptions.UsageException.class, () -> LoadOptions.duration("--duration", "61m", 1));
        assertThrows(LoadOptions.UsageException.class, () -> LoadOptions.duration("--duration", "fast", 1));
    }

    @Test
    void errorsNameTheOptionAndWhatItGot() {
        var e = assertThrows(LoadOptions.UsageException.class,
                () -> LoadOptions.parse(new String[] {"--frame-size", "20000"}));
        assertEquals("--frame-size: expected an integer from 1 to 10000, got 20000", e.getMessage());
        e = assertThrows(LoadOptions.UsageException.class, () -> LoadOptions.parse(new String[] {"--connections"}));
        assertEquals("--connections: expected a value", e.getMessage());
        e = assertThrows(LoadOptions.UsageException.class, () -> LoadOptions.parse(new String[] {"--bogus"}));
        assertTrue(e.getMessage().startsWith("unknown option \"--bogus\""), e.getMessage());
        e = assertThrows(LoadOptions.UsageException.class,
                () -> LoadOptions.parse(new String[] {"--url", "http://127.0.0.1:8080/ws/ingest"}));
        assertTrue(e.getMessage().contains("expected scheme ws"), e.getMessage());
    }

    @Test
    void remoteHostsNeedAllowRemote() throws Exception {
        var e = assertThrows(LoadOptions.UsageException.class,
                () -> LoadOptions.parse(new String[] {"--url", "ws://192.0.2.1:8080/ws/ingest"}));
        assertTrue(e.getMessage().contains("not a loopback address"), e.getMessage());
        LoadOptions o = LoadOptions.parse(new String[] {"--url", "ws://192.0.2.1:8080/ws/ingest", "--allow-remote"});
        assertEquals("192.0.2.1", o.host());
        assertEquals("::1", LoadOptions.parse(new String[] {"--url", "ws://[::1]:8080/ws/ingest"}).host());
    }
}

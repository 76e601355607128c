package io.tickstore.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ServerAckLatencyTest {
    private static String metrics(int under100us, int under1ms, int under10ms, int over) {
        int a = under100us;
        int b = a + under1ms;
        int c = b + under10ms;
        int d = c + over;
        return "# HELP x\n"
                + "tickstore_ingest_ack_latency_seconds_bucket{le=\"1.0E-4\"} " + a + "\n"
                + "tickstore_ingest_ack_latency_seconds_bucket{le=\"0.001\"} " + b + "\n"
                + "tickstore_ingest_ack_latency_seconds_bucket{le=\"0.01\"} " + c + "\n"
                + "tickstore_ingest_ack_latency_seconds_bucket{le=\"+Inf\"} " + d + "\n"
                + "tickstore_ingest_ack_latency_seconds_count " + d + "\n";
    }

    @Test
    void quantilesOfTheWindowAreTheDifferenceOfTwoScrapes() {
        // Before the window: 1000 slow frames (warmup). In the window: 990 under 100 us, 9 under 1 ms, 1 under 10 ms.
        var before = ServerAckLatency.parse(metrics(0, 0, 0, 1000));
        var after = ServerAckLatency.parse(metrics(990, 9, 1, 1000));
        var w = ServerAckLatency.between(before, after);
        assertEquals(1000, w.frames());
        assertEquals(100.0, w.p50Micros(), 1e-9);
        assertEquals(100.0, w.p99Micros(), 1e-9, "990 of 1000 are under 100 us");
        assertEquals(1000.0, w.p999Micros(), 1e-9);
    }

    @Test
    void missingOrEmptyWindowGivesNoFigure() {
        assertNull(ServerAckLatency.parse("no such series\n"));
        var same = ServerAckLatency.parse(metrics(1, 1, 1, 1));
        assertNull(ServerAckLatency.between(same, same));
        assertNull(ServerAckLatency.between(null, same));
    }
}

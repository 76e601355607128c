package io.tickstore.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickstore.bench.CommandRun;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The load generator, unchanged, against the ack-echo baseline over a real loopback WebSocket. */
class AckEchoServerTest {

    @Test
    void countsTheMessagesOfAFrame() {
        assertEquals(0, AckEchoServer.types("[]"));
        assertEquals(1, AckEchoServer.types("{\"type\":\"tick\",\"exchange\":\"X\"}"));
        assertEquals(3, AckEchoServer.types("[{\"type\":\"tick\"},{\"type\":\"tick\"},{\"type\":\"order\"}]"));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void theLoadGeneratorSeesEveryTickAcked() throws Exception {
        try (AckEchoServer echo = AckEchoServer.start(0)) {
            CommandRun run = CommandRun.of(new LoadCommand(), "--url", "ws://127.0.0.1:" + echo.port() + "/ws/ingest",
                "--connections", "2", "--frame-size", "5", "--rate", "5000", "--warmup", "0s", "--duration", "2s",
                "--json");
            String text = run.out();
            assertEquals(0, run.exitCode(), text + run.err());
            JsonObject summary = new JsonObject(text);
            assertEquals(0, summary.getLong("errors"), text);
            assertEquals(0, summary.getLong("unacked"), text);
            assertEquals(0, summary.getLong("closes"), text);
            // What was sent was acked: the two rates differ only by the frames in flight at the window's
            // edges (at most the 64-frame window of 5 ticks per connection). Not a speed check: the
            // generator may fall behind its schedule on a busy machine.
            double acked = summary.getDouble("acked_ticks_per_s");
            double sent = summary.getDouble("sent_ticks_per_s");
            assertTrue(acked > 0 && Math.abs(acked - sent) <= 2 * 64 * 5 / summary.getDouble("measured_s"),
                    "acked about what was sent: " + text);
            // The longest silence between replies, and when it ended: inside the run (the window has
            // replies every ~2 ms per connection, so there is a longest one).
            long before = System.currentTimeMillis();
            assertTrue(summary.getDouble("max_reply_gap_ms") > 0, text);
            long ended = summary.getLong("max_reply_gap_ended_ms");
            assertTrue(ended > before - 60_000 && ended <= before, "the longest gap ended during the run: " + text);
            assertTrue(summary.getLong("reply_gaps_over_100ms") >= 0, text);
        }
    }
}

package io.tickstore.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = LoadGenerator.run(new String[] {"--url", "ws://127.0.0.1:" + echo.port() + "/ws/ingest",
                "--connections", "2", "--frame-size", "5", "--rate", "5000", "--warmup", "0s", "--duration", "2s",
                "--json"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            String text = out.toString(StandardCharsets.UTF_8);
            assertEquals(0, code, text + err);
            JsonObject summary = new JsonObject(text);
            assertEquals(0, summary.getLong("errors"), text);
            assertEquals(0, summary.getLong("unacked"), text);
            assertEquals(0, summary.getLong("closes"), text);
            double acked = summary.getDouble("acked_ticks_per_s");
            assertTrue(acked > 4_000 && acked < 6_000, "about the 5,000 ticks/s sent: " + text);
        }
    }
}

package io.tickstore.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickstore.bench.CommandRun;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class LoadGeneratorTest {

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aServerThatIsNotThereIsExitCode1AndEveryThreadIsStopped() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        long loopsBefore = eventLoops();
        CommandRun run = CommandRun.of(new LoadCommand(), "--url", "ws://127.0.0.1:" + port + "/ws/ingest", "--duration",
                "1s");
        assertEquals(1, run.exitCode());
        String text = run.err();
        assertTrue(text.contains("cannot connect to ws://127.0.0.1:" + port + "/ws/ingest"), text);
        // A Vert.x event loop left running would keep the command's JVM alive after main returns.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (eventLoops() > loopsBefore && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(loopsBefore, eventLoops());
    }

    private static long eventLoops() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("vert.x-eventloop-thread")).count();
    }
}

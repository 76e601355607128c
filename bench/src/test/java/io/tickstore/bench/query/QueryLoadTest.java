package io.tickstore.bench.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickstore.bench.CommandRun;
import io.tickstore.config.HttpConfig;
import io.tickstore.config.TickstoreConfig;
import io.tickstore.server.Server;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./tickstore query-load} against a real in-process server holding two symbols' ticks. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class QueryLoadTest {
    private static final Pattern OK = Pattern.compile("queries/s\\s+[\\d,.]+\\s+\\((\\d+) ok, (\\d+) failed\\)");

    @TempDir
    static Path dataDir;
    private static Server server;

    @BeforeAll
    static void startAndLoad() throws Exception {
        server = Server.start(TickstoreConfig.defaults().withDataDir(dataDir)
                .withHttp(new HttpConfig("127.0.0.1", 0, 1)));
        server.awaitReady(60, TimeUnit.SECONDS);
        StringBuilder frame = new StringBuilder("[");
        for (int i = 0; i < 20; i++) {
            String symbol = i % 2 == 0 ? "AAA" : "BBB";
            frame.append(i == 0 ? "" : ",").append("{\"type\":\"tick\",\"exchange\":\"QL\",\"symbol\":\"").append(symbol)
                    .append("\",\"timestamp\":\"2024-01-0").append(2 + i % 3).append("T10:0").append(i % 10)
                    .append(":00Z\",\"bid_price\":99.5,\"ask_price\":100.5,\"last_price\":100.25,\"last_size\":3,")
                    .append("\"sequence_number\":").append(i + 1).append('}');
        }
        CompletableFuture<String> ack = new CompletableFuture<>();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ws/ingest"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        ack.complete(data.toString());
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        ws.sendText(frame.append(']'), true);
        assertTrue(ack.get(10, TimeUnit.SECONDS).contains("\"accepted\":20"), ack.get());
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
        var pipeline = server.store().pipeline();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (pipeline.hotAppliedIndex() != pipeline.lastJournalIndex() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String[] run(int expectedCode, String... args) {
        CommandRun r = CommandRun.of(new QueryLoadCommand(), args);
        assertEquals(expectedCode, r.exitCode(), r.out() + r.err());
        return new String[] {r.out(), r.err()};
    }

    private static String url() {
        return "http://127.0.0.1:" + server.port();
    }

    private static long okCount(String out) {
        Matcher m = OK.matcher(out);
        assertTrue(m.find(), out);
        assertEquals("0", m.group(2), out);
        return Long.parseLong(m.group(1));
    }

    @Test
    void barsOfEveryDayAndSymbolAnswer() throws Exception {
        String out = run(0, "--url", url(), "--clients", "2", "--exchange", "QL", "--symbols", "AAA,BBB",
                "--from", "2024-01-02", "--to", "2024-01-04", "--duration", "1s", "--warmup", "200ms")[0];
        assertTrue(out.contains("2 clients, 1m bars of 1 day of one of 2 symbols, 2024-01-02..2024-01-04"), out);
        assertTrue(okCount(out) > 0, out);
    }

    @Test
    void latestQuotesAnswer() throws Exception {
        String out = run(0, "--url", url(), "--query", "quote", "--clients", "2", "--exchange", "QL",
                "--symbols", "AAA,BBB", "--duration", "1s", "--warmup", "0s")[0];
        assertTrue(out.contains("latest quote of one of 2 symbols"), out);
        assertTrue(okCount(out) > 0, out);
    }

    @Test
    void aSymbolWithoutDataFailsTheRun() throws Exception {
        String out = run(1, "--url", url(), "--query", "quote", "--clients", "1", "--exchange", "QL",
                "--symbols", "NOPE", "--duration", "500ms", "--warmup", "0s")[0];
        assertTrue(out.contains("failure: 404 " + url() + "/api/v1/quotes/latest?exchange=QL&symbol=NOPE"), out);
    }

    @Test
    void badOptionsAreExitCode2NamingTheOption() throws Exception {
        assertTrue(run(2, "--exchange", "QL", "--symbols", "A", "--from", "2024-13-01", "--to", "2024-01-02")[1]
                .contains("Invalid value for option '--from': expected a UTC day like 2024-01-02, got 2024-13-01"));
        assertTrue(run(2, "--exchange", "QL", "--symbols", "A")[1]
                .contains("--from and --to are required for --query bars"));
        assertTrue(run(2, "--query", "trades", "--exchange", "QL", "--symbols", "A")[1]
                .contains("Invalid value for option '--query': expected bars or quote, got trades"));
        assertTrue(run(2, "--url", "http://10.0.0.1:8080", "--query", "quote", "--exchange", "QL", "--symbols", "A")[1]
                .contains("Invalid value for option '--url': host 10.0.0.1 is not a loopback address"));
        assertTrue(run(2, "--seed", "x", "--exchange", "QL")[1].contains("'--seed'"));
    }
}

package io.tickstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tickstore.query.PooledBody;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bar and tick pages are sent from pooled direct buffers ({@link PooledBody}) that the server gives back
 * itself once each write is over. Every one goes back: after replies read whole (JSON and CSV, bars and
 * ticks, from the event loop and from a worker, page after page), after requests whose client closed
 * the connection before its reply was written, and after replies a client stopped reading and then
 * abandoned. The pages are also checked whole, so a body given back before its write ended shows.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PooledReplyReleaseTest {
    private static final long JAN_2 = 1_704_153_600_000_000L; // 2024-01-02T00:00:00Z
    private static final int TICKS = 3_000;
    private static final String FEED = "exchange=XNAS&symbol=AAPL&from=2024-01-02T00:00:00Z&to=2024-01-03T00:00:00Z";

    @TempDir
    Path dataDir;

    @Test
    void everyPooledReplyBodyGoesBackToThePool() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (TestServer server = TestServer.start(dataDir)) {
            try (IngestClient ingest = IngestClient.connect(vertx, server.port())) {
                for (int first = 0; first < TICKS; first += 500) {
                    JsonObject reply = ingest.request(frame(first, 500));
                    assertEquals("ok", reply.getString("status"), reply.encode());
                }
            } finally {
                vertx.close().await();
            }
            server.awaitApplied();
            long before = PooledBody.held();

            // Read whole: every page of every kind, twice, each page exactly what a one-page read gives.
            for (int round = 0; round < 2; round++) {
                String ticks = server.get("/api/v1/ticks?" + FEED + "&limit=10000").body();
                assertEquals(TICKS, new JsonObject(ticks).getInteger("count"));
                assertEquals(TICKS, pagedTicks(server, 100), "ticks, 100 a page (from the event loop)");
                assertEquals(TICKS, pagedTicks(server, 1_000), "ticks, 1,000 a page (from a worker)");
                String bars = server.get("/api/v1/ohlcv?" + FEED + "&timeframe=1m&limit=10000").body();
                JsonObject barPage = new JsonObject(bars);
                assertEquals(TICKS / 60, barPage.getInteger("count"), bars.length() > 300 ? bars.substring(0, 300) : bars);
                assertEquals(barPage.getJsonArray("bars"), pagedBars(server, 7));
                HttpResponse<String> csv = server.get("/api/v1/ohlcv?" + FEED + "&timeframe=1m&limit=10000&format=csv");
                assertEquals(200, csv.statusCode());
                assertEquals(TICKS / 60 + 1, csv.body().split("\n").length, "a header and a line per bar");
                HttpResponse<String> tickCsv = server.get("/api/v1/ticks?" + FEED + "&limit=10000&format=csv");
                assertEquals(TICKS + 1, tickCsv.body().split("\n").length, "a header and a line per tick");
            }
            TestServer.awaitPooledBodiesHeld(before, "after replies read whole");

            // Closed before the reply was written, and replies never read (the socket's buffers fill), then closed.
            for (int i = 0; i < 40; i++) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", server.port()));
                    OutputStream out = s.getOutputStream();
                    String path = i % 2 == 0 ? "/api/v1/ohlcv?" + FEED + "&timeframe=1m&limit=10000"
                            : "/api/v1/ticks?" + FEED + "&limit=10000";
                    out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            }
            for (int i = 0; i < 4; i++) {
                Socket s = new Socket();
                s.setReceiveBufferSize(4096);
                s.connect(new InetSocketAddress("127.0.0.1", server.port()));
                OutputStream out = s.getOutputStream();
                for (int r = 0; r < 20; r++) { // pipelined, never read
                    out.write(("GET /api/v1/ticks?" + FEED + "&limit=10000 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
                Thread.sleep(300);
                s.close();
            }
            TestServer.awaitPooledBodiesHeld(before, "after clients went away");
            // And the server still answers.
            assertEquals(TICKS, new JsonObject(server.get("/api/v1/ticks?" + FEED + "&limit=10000").body())
                    .getInteger("count"));
            TestServer.awaitPooledBodiesHeld(before, "at the end");
        }
    }

    private static int pagedTicks(TestServer server, int limit) throws Exception {
        int total = 0;
        long expectedSequence = 0;
        String cursor = null;
        do {
            JsonObject page = new JsonObject(server.get("/api/v1/ticks?" + FEED + "&limit=" + limit
                    + (cursor == null ? "" : "&cursor=" + cursor)).body());
            for (Object t : page.getJsonArray("ticks")) {
                assertEquals(expectedSequence++, ((JsonObject) t).getLong("sequence_number"));
            }
            total += page.getInteger("count");
            cursor = page.getString("next_cursor");
        } while (cursor != null);
        return total;
    }

    private static JsonArray pagedBars(TestServer server, int limit) throws Exception {
        JsonArray all = new JsonArray();
        String cursor = null;
        do {
            JsonObject page = new JsonObject(server.get("/api/v1/ohlcv?" + FEED + "&timeframe=1m&limit=" + limit
                    + (cursor == null ? "" : "&cursor=" + cursor)).body());
            all.addAll(page.getJsonArray("bars"));
            cursor = page.getString("next_cursor");
        } while (cursor != null);
        return all;
    }

    /** {@code n} trades, one a second from 10:00 on 2024-01-02, sequence numbers from {@code first}. */
    private static String frame(int first, int n) {
        JsonArray frame = new JsonArray();
        for (int i = first; i < first + n; i++) {
            frame.add(new JsonObject().put("type", "tick").put("exchange", "XNAS").put("symbol", "AAPL")
                    .put("timestamp", JAN_2 + 36_000_000_000L + i * 1_000_000L).put("sequence_number", i)
                    .put("bid_price", "100.1").put("ask_price", "100.2").put("last_price", "100.15")
                    .put("last_size", "1.00000001"));
        }
        return frame.encode();
    }
}

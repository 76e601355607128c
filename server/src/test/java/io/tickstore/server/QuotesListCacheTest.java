package io.tickstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The list forms of GET /api/v1/quotes/latest are rendered once per change of the quotes and
 * reused: every commit that changes a quote must show in the next reply, for the exchange asked for
 * and for the all-feeds list, and a commit for another exchange must not leave a stale list behind.
 */
class QuotesListCacheTest {
    @TempDir
    Path dataDir;

    @Test
    void aListReplyShowsEveryCommitThatChangedAQuote() throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            Vertx vertx = Vertx.vertx();
            try (IngestClient c = IngestClient.connect(vertx, server.port())) {
                assertEquals(List.of(), lastPrices(server, "?exchange=DX"));
                assertEquals(List.of(), lastPrices(server, ""));

                send(c, tick("DX", "AAA", "2024-01-02T10:00:00Z", 1, "101.5"));
                server.awaitApplied();
                assertEquals(List.of("DX AAA 101.5"), lastPrices(server, "?exchange=DX"));
                assertEquals(List.of("DX AAA 101.5"), lastPrices(server, "?exchange=DX"), "asked again: the same");
                assertEquals(List.of("DX AAA 101.5"), lastPrices(server, ""));

                send(c, tick("DX", "AAA", "2024-01-02T10:00:01Z", 2, "101.75"));
                server.awaitApplied();
                assertEquals(List.of("DX AAA 101.75"), lastPrices(server, "?exchange=DX"), "the newer trade");
                assertEquals(List.of("DX AAA 101.75"), lastPrices(server, ""));

                send(c, tick("EX", "BBB", "2024-01-02T10:00:00Z", 1, "7.00000001"));
                server.awaitApplied();
                assertEquals(List.of("DX AAA 101.75", "EX BBB 7.00000001"), lastPrices(server, ""));
                assertEquals(List.of("EX BBB 7.00000001"), lastPrices(server, "?exchange=EX"));
                assertEquals(List.of("DX AAA 101.75"), lastPrices(server, "?exchange=DX"));

                send(c, tick("DX", "AAA", "2024-01-02T09:00:00Z", 3, "1"));
                server.awaitApplied();
                assertEquals(List.of("DX AAA 101.75"), lastPrices(server, "?exchange=DX"), "a late trade changes nothing");
            } finally {
                vertx.close().await();
            }
        }
    }

    private static String tick(String exchange, String symbol, String time, long sequence, String price) {
        return "{\"type\":\"tick\",\"exchange\":\"" + exchange + "\",\"symbol\":\"" + symbol + "\",\"timestamp\":\""
                + time + "\",\"sequence_number\":" + sequence + ",\"last_price\":" + price + ",\"last_size\":1}";
    }

    private static void send(IngestClient c, String frame) throws InterruptedException {
        c.send(frame);
        JsonObject ack = c.reply();
        assertEquals("ok", ack.getString("status"), ack.encode());
    }

    /** "EXCHANGE SYMBOL last_price" per listed quote, in reply order; prices as written. */
    private static List<String> lastPrices(TestServer server, String query) throws Exception {
        HttpResponse<String> r = server.get("/api/v1/quotes/latest" + query);
        assertEquals(200, r.statusCode(), r.body());
        List<?> quotes = (List<?>) ExactJson.object(r.body()).get("quotes");
        return quotes.stream().map(q -> (Map<?, ?>) q)
                .map(q -> q.get("exchange") + " " + q.get("symbol") + " " + plain(q.get("last_price"))).toList();
    }

    private static String plain(Object n) {
        return n instanceof java.math.BigDecimal d ? d.toPlainString() : String.valueOf(n);
    }
}

package io.tickstore.server;

import static io.tickstore.server.StreamClient.is;
import static io.tickstore.server.StreamClient.obj;
import static io.tickstore.server.StreamClient.op;
import static io.tickstore.server.StreamPushTest.ingest;
import static io.tickstore.server.StreamPushTest.quote;
import static io.tickstore.server.StreamPushTest.trade;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickstore.query.stream.StreamLimits;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Subscribe/unsubscribe semantics and op validation of {@code /ws/stream}. "No tick arrived" is
 * proven with a marker: a tick of a subscribed marker feed ingested afterwards. Pushes reach a
 * connection in commit order, so once the marker's push is in, every push of an earlier commit is
 * too ({@link TestServer#awaitApplied} before the marker puts it in a later commit).
 */
class StreamSubscriptionTest {
    @TempDir
    static Path dataDir;
    static TestServer server;
    static Vertx vertx;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir);
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().await();
        server.close();
    }

    @Test
    void unsubscribeStopsPushesForThatKeyOnly() throws Exception {
        try (StreamClient s = StreamClient.connect(vertx, server.port());
             IngestClient in = IngestClient.connect(vertx, server.port())) {
            s.subscribe("ticks", "UN", "A", null);
            s.subscribe("quotes", "UN", "A", null);
            s.subscribe("bars", "UN", "A", "1m");
            s.subscribe("ticks", "UN", "MARK", null);
            ingest(in, trade("UN", "A", "10:00:00", "5", "1", 1));
            s.awaitPush("tick 1", m -> is(m, "tick", "UN", "A"));

            assertEquals("unsubscribed", s.request(op("unsubscribe", "ticks", "UN", "A", null)).get("type"));
            ingest(in, trade("UN", "A", "10:00:01", "6", "1", 2));
            server.awaitApplied();
            ingest(in, trade("UN", "MARK", "10:00:01", "1", "1", 1));
            s.awaitPush("the marker", m -> is(m, "tick", "UN", "MARK"));

            assertEquals(1, s.pushes().stream().filter(m -> is(m, "tick", "UN", "A")).count(),
                    "no tick of UN/A after its unsubscribe: " + s.pushes());
            // Quotes and bars of the same feed still come.
            s.awaitAny("quote with tick 2", m -> is(m, "quote", "UN", "A")
                    && new BigDecimal("6").equals(obj(m, "quote").get("last_price")));
            s.awaitAny("bar with tick 2", m -> is(m, "bar", "UN", "A")
                    && new BigDecimal("2").equals(obj(m, "bar").get("trade_count")));
            assertEquals(1, ((Number) server.server.registry().get("tickstore.stream.subscriptions")
                    .tag("channel", "ticks").gauge().value()).intValue(), "UN/MARK only");
        }
    }

    @Test
    void subscriptionsOfOneClientDoNotLeakToAnother() throws Exception {
        try (StreamClient a = StreamClient.connect(vertx, server.port());
             StreamClient b = StreamClient.connect(vertx, server.port());
             IngestClient in = IngestClient.connect(vertx, server.port())) {
            a.subscribe("ticks", "ISO", "A", null);
            a.subscribe("bars", "ISO", "A", "5m");
            a.subscribe("ticks", "ISO", "MARK", null);
            b.subscribe("ticks", "ISO", "B", null);
            b.subscribe("quotes", "ISO", "A", null);
            b.subscribe("ticks", "ISO", "MARK", null);
            ingest(in, "[" + trade("ISO", "A", "10:00:00", "1", "1", 1) + "," + trade("ISO", "B", "10:00:00", "2", "1", 1)
                    + "," + quote("ISO", "C", "10:00:00", "3", "4", 1) + "]");
            server.awaitApplied();
            ingest(in, trade("ISO", "MARK", "10:00:01", "1", "1", 1));
            a.awaitPush("marker", m -> is(m, "tick", "ISO", "MARK"));
            b.awaitPush("marker", m -> is(m, "tick", "ISO", "MARK"));

            assertEquals(Set.of("tick ISO/A", "bar ISO/A 5m", "tick ISO/MARK"), kinds(a.pushes()));
            assertEquals(Set.of("tick ISO/B", "quote ISO/A", "tick ISO/MARK"), kinds(b.pushes()));
        }
    }

    @Test
    void everyBadOpGetsItsErrorAndTheConnectionStaysUsable() throws Exception {
        String tooLong = "x".repeat(65);
        List<List<String>> cases = List.of(
                List.of("not json", "frame: malformed JSON at column 4: "),
                List.of("[]", "frame: expected a JSON object like "),
                List.of("{\"op\":\"subscribe\"", "frame: malformed JSON at column "),
                List.of("{\"op\":\"subscribe\",\"channel\":\"ticks\",\"exchange\":\"E\",\"symbol\":\"S\"}{}",
                        "frame: unexpected content after the JSON object"),
                List.of("{}", "op: missing"),
                List.of("{\"op\":\"subscribe\"}", "channel: missing"),
                List.of("{\"op\":\"publish\",\"channel\":\"ticks\",\"exchange\":\"E\",\"symbol\":\"S\"}",
                        "op: expected \"subscribe\" or \"unsubscribe\", got \"publish\""),
                List.of(op("subscribe", "trades", "E", "S", null),
                        "channel: expected \"bars\", \"ticks\", \"quotes\", \"orders\" or \"positions\", got \"trades\""),
                List.of("{\"op\":\"subscribe\",\"channel\":\"ticks\",\"symbol\":\"S\"}", "exchange: missing"),
                List.of("{\"op\":\"subscribe\",\"channel\":\"ticks\",\"exchange\":\"E\"}", "symbol: missing"),
                List.of(op("subscribe", "bars", "E", "S", null), "timeframe: missing; expected one of 1m, 5m, 15m, 1h, 1d"),
                List.of(op("subscribe", "bars", "E", "S", "2m"),
                        "timeframe: expected one of 1m, 5m, 15m, 1h, 1d (the timeframes kept live), got \"2m\""),
                List.of(op("subscribe", "bars", "E", "S", "60m"),
                        "timeframe: expected one of 1m, 5m, 15m, 1h, 1d (the timeframes kept live), got \"60m\""),
                List.of(op("subscribe", "ticks", "E", "S", "1m"), "timeframe: not a field of channel ticks"),
                List.of(op("subscribe", "quotes", "E", "S", "1m"), "timeframe: not a field of channel quotes"),
                List.of("{\"op\":\"subscribe\",\"channel\":\"ticks\",\"exchange\":\"E\",\"symbol\":\"S\",\"sym\":\"S\"}",
                        "sym: unknown field (expected op, channel, exchange, symbol, timeframe, strategy_id)"),
                List.of("{\"op\":\"subscribe\",\"channel\":\"ticks\",\"exchange\":\"E\",\"symbol\":\"S\",\"symbol\":\"T\"}",
                        "symbol: given twice"),
                List.of("{\"op\":\"subscribe\",\"channel\":\"ticks\",\"exchange\":7,\"symbol\":\"S\"}",
                        "exchange: expected a string, got a number"),
                List.of("{\"op\":\"subscribe\",\"channel\":\"ticks\",\"exchange\":\"E\",\"symbol\":null}",
                        "symbol: expected a string, got null"),
                List.of(op("subscribe", "ticks", "", "S", null), "exchange: must not be empty"),
                List.of(op("subscribe", "ticks", "E", tooLong, null), "symbol: longer than 64 characters"),
                List.of(op("subscribe", "ticks", "E", "a\\u0001b", null), "symbol: must not contain control characters"),
                List.of(op("unsubscribe", "ticks", "E", "S", null), "subscription: not subscribed to ticks E/S"),
                List.of("{\"op\":\"subscribe\",\"channel\":\"ticks\",\"exchange\":\"E\",\"symbol\":\"" + "y".repeat(5000)
                        + "\"}", "frame: longer than " + StreamLimits.MAX_REQUEST_CHARS + " characters"));
        double errorsBefore = server.server.registry().get("tickstore.stream.errors").counter().count();
        try (StreamClient s = StreamClient.connect(vertx, server.port());
             IngestClient in = IngestClient.connect(vertx, server.port())) {
            for (List<String> c : cases) {
                Map<String, Object> r = s.request(c.get(0));
                assertEquals("error", r.get("type"), c.get(0) + " -> " + r.get("_raw"));
                String error = (String) r.get("error");
                assertTrue(error.startsWith(c.get(1)), c.get(0) + " -> " + error);
                assertEquals(Set.of("type", "error", "_raw"), r.keySet(), (String) r.get("_raw"));
            }
            // Binary frames are refused the same way.
            s.sendBinary(Buffer.buffer("{}"));
            assertEquals("frame: binary frames are not supported; send each op as JSON text", s.reply().get("error"));
            assertEquals(cases.size() + 1, server.server.registry().get("tickstore.stream.errors").counter().count()
                    - errorsBefore);

            // Still usable: a good op works and pushes follow.
            s.subscribe("ticks", "BAD", "OK", null);
            ingest(in, trade("BAD", "OK", "10:00:00", "1", "1", 1));
            s.awaitPush("tick after the errors", m -> is(m, "tick", "BAD", "OK"));
            assertEquals(0, s.pushes().stream().filter(m -> !is(m, "tick", "BAD", "OK")).count());
        }
    }

    @Test
    void subscribeIsIdempotentAndUnsubscribeOfAnUnknownKeyIsAnError() throws Exception {
        try (StreamClient s = StreamClient.connect(vertx, server.port());
             IngestClient in = IngestClient.connect(vertx, server.port())) {
            s.subscribe("ticks", "IDEM", "A", null);
            s.subscribe("ticks", "IDEM", "A", null);
            ingest(in, trade("IDEM", "A", "10:00:00", "1", "1", 1));
            ingest(in, trade("IDEM", "A", "10:00:01", "1", "1", 2));
            s.awaitPush("tick 2", m -> is(m, "tick", "IDEM", "A")
                    && new BigDecimal("2").equals(obj(m, "tick").get("sequence_number")));
            assertEquals(2, s.pushes().size(), "each tick once: " + s.pushes());
            assertEquals("unsubscribed", s.request(op("unsubscribe", "ticks", "IDEM", "A", null)).get("type"));
            assertEquals("subscription: not subscribed to ticks IDEM/A",
                    s.request(op("unsubscribe", "ticks", "IDEM", "A", null)).get("error"));
            assertEquals("subscription: not subscribed to bars IDEM/A 5m",
                    s.request(op("unsubscribe", "bars", "IDEM", "A", "5m")).get("error"));
        }
    }

    @Test
    void aConnectionHoldsAtMostTheSubscriptionLimit() throws Exception {
        int limit = StreamLimits.MAX_SUBSCRIPTIONS_PER_CONNECTION;
        try (StreamClient s = StreamClient.connect(vertx, server.port())) {
            for (int i = 0; i < limit; i++) {
                s.send(op("subscribe", "ticks", "LIM", "S" + i, null));
            }
            for (int i = 0; i < limit; i++) {
                assertEquals("subscribed", s.reply().get("type"), "subscription " + i);
            }
            Map<String, Object> refused = s.request(op("subscribe", "quotes", "LIM", "S0", null));
            assertEquals("subscription: this connection already has " + limit + " subscriptions, the most allowed; "
                    + "unsubscribe first or open another connection", refused.get("error"));
            // Re-subscribing to a held key is not a new subscription.
            assertEquals("subscribed", s.request(op("subscribe", "ticks", "LIM", "S0", null)).get("type"));
            assertEquals("unsubscribed", s.request(op("unsubscribe", "ticks", "LIM", "S0", null)).get("type"));
            assertEquals("subscribed", s.request(op("subscribe", "quotes", "LIM", "S0", null)).get("type"));
        }
        // Closing the connection drops its subscriptions.
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (subscriptions() != 0) {
            assertTrue(System.nanoTime() < deadline, "subscriptions not released: " + subscriptions());
            Thread.sleep(5);
        }
    }

    private static int subscriptions() {
        return server.server.registry().get("tickstore.stream.subscriptions").gauges().stream()
                .mapToInt(g -> (int) g.value()).sum();
    }

    private static Set<String> kinds(List<Map<String, Object>> pushes) {
        return pushes.stream().map(m -> {
            String type = (String) m.get("type");
            Map<String, Object> where = type.equals("quote") ? obj(m, "quote") : m;
            return type + " " + where.get("exchange") + "/" + where.get("symbol")
                    + (type.equals("bar") ? " " + m.get("timeframe") : "");
        }).collect(Collectors.toSet());
    }
}

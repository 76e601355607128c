package io.tickstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** GET /api/v1/ticks: range semantics, ordering, paging, CSV, and a 400 naming each bad parameter. */
class TicksQueryTest {
    private static final long T0 = 1_704_153_600_000_000L; // 2024-01-02T00:00:00Z

    @TempDir
    static Path dataDir;
    static TestServer server;

    @BeforeAll
    static void load() throws Exception {
        server = TestServer.start(dataDir);
        Vertx vertx = Vertx.vertx();
        try (IngestClient c = IngestClient.connect(vertx, server.port())) {
            JsonArray frame = new JsonArray();
            // 25 ticks one second apart, sent in reverse; two share a timestamp (ordered by sequence).
            for (int i = 24; i >= 0; i--) {
                long ts = T0 + (i == 24 ? 23 : i) * 1_000_000L;
                frame.add(new JsonObject().put("type", "tick").put("exchange", "Q").put("symbol", "S")
                        .put("timestamp", ts).put("bid_price", "10." + i).put("sequence_number", i));
            }
            assertEquals("ok", c.request(frame.encode()).getString("status"));
        } finally {
            vertx.close().await();
        }
        server.awaitApplied();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void pagesThroughEveryTickInTimeThenSequenceOrder() throws Exception {
        List<Long> sequences = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var r = server.get("/api/v1/ticks?exchange=Q&symbol=S&limit=10" + (cursor == null ? "" : "&cursor=" + cursor));
            assertEquals(200, r.statusCode(), r.body());
            JsonObject body = new JsonObject(r.body());
            for (Object t : body.getJsonArray("ticks")) {
                sequences.add(((JsonObject) t).getLong("sequence_number"));
            }
            cursor = body.getString("next_cursor");
            pages++;
        } while (cursor != null);
        assertEquals(3, pages);
        List<Long> expected = new ArrayList<>();
        for (long i = 0; i < 25; i++) {
            expected.add(i);
        }
        assertEquals(expected, sequences);
    }

    @Test
    void fromIsInclusiveAndToExclusive() throws Exception {
        JsonObject body = new JsonObject(server.get("/api/v1/ticks?exchange=Q&symbol=S"
                + "&from=2024-01-02T00:00:05Z&to=" + (T0 + 8_000_000L)).body());
        JsonArray ticks = body.getJsonArray("ticks");
        assertEquals(3, ticks.size());
        assertEquals("2024-01-02T00:00:05Z", ticks.getJsonObject(0).getString("timestamp"));
        assertEquals("10.7", ticks.getJsonObject(2).getValue("bid_price").toString());
        assertNull(body.getString("next_cursor"));
    }

    @Test
    void unknownSymbolIsAnEmptyResult() throws Exception {
        var r = server.get("/api/v1/ticks?exchange=Q&symbol=NOPE");
        assertEquals(200, r.statusCode());
        assertEquals(0, new JsonObject(r.body()).getJsonArray("ticks").size());
    }

    @Test
    void csvPagesCarryTheCursorInAHeader() throws Exception {
        String query = "/api/v1/ticks?exchange=Q&symbol=S&from=2024-01-02T00:00:22Z&limit=2&format=csv";
        var first = server.get(query);
        assertEquals(200, first.statusCode(), first.body());
        assertEquals("text/csv", first.headers().firstValue("content-type").orElse(""));
        assertEquals("timestamp,sequence_number,bid_price,ask_price,bid_size,ask_size,last_price,last_size,volume,"
                + "conditions,tape\n"
                + "2024-01-02T00:00:22Z,22,10.22,,,,,,,,\n"
                + "2024-01-02T00:00:23Z,23,10.23,,,,,,,,\n", first.body());
        String cursor = first.headers().firstValue("x-next-cursor").orElseThrow();
        var last = server.get(query + "&cursor=" + cursor);
        assertEquals("timestamp,sequence_number,bid_price,ask_price,bid_size,ask_size,last_price,last_size,volume,"
                + "conditions,tape\n"
                + "2024-01-02T00:00:23Z,24,10.24,,,,,,,,\n", last.body());
        assertTrue(last.headers().firstValue("x-next-cursor").isEmpty(), "no cursor on the last page");
        // The same page as JSON holds the same cursor.
        assertEquals(cursor, new JsonObject(server.get(query.replace("&format=csv", "")).body()).getString("next_cursor"));
    }

    @Test
    void acceptTextCsvSelectsCsvUnlessFormatSaysOtherwise() throws Exception {
        String query = "/api/v1/ticks?exchange=Q&symbol=S&limit=3";
        var csv = server.get(query + "&format=csv");
        var accepted = server.get(query, "Accept", "application/json;q=0.5, text/csv");
        assertEquals("text/csv", accepted.headers().firstValue("content-type").orElse(""));
        assertEquals(csv.body(), accepted.body());
        assertEquals("accept", accepted.headers().firstValue("vary").orElse(""));
        var json = server.get(query + "&format=JSON", "Accept", "text/csv");
        assertEquals("application/json", json.headers().firstValue("content-type").orElse(""));
        assertEquals(3, new JsonObject(json.body()).getJsonArray("ticks").size());
    }

    static Stream<Arguments> badParameters() {
        return Stream.of(
                Arguments.of("symbol=S", "exchange", "exchange: required"),
                Arguments.of("exchange=Q", "symbol", "symbol: required"),
                Arguments.of("exchange=&symbol=S", "exchange", "exchange: must not be empty"),
                Arguments.of("exchange=Q&symbol=S&from=yesterday", "from",
                        "from: expected an ISO-8601 timestamp like 2024-01-02T09:30:00.123456Z, got yesterday"),
                Arguments.of("exchange=Q&symbol=S&to=1704153600000", "to",
                        "to: epoch integer 1704153600000 is not in microseconds (looks like milliseconds); "
                                + "expected epoch microseconds between 1970-01-01 and 2100-01-01"),
                Arguments.of("exchange=Q&symbol=S&from=2024-01-03T00:00:00Z&to=2024-01-02T00:00:00Z", "to",
                        "to: must be after from"),
                Arguments.of("exchange=Q&symbol=S&limit=0", "limit", "limit: expected an integer 1..10000, got 0"),
                Arguments.of("exchange=Q&symbol=S&limit=10001", "limit", "limit: expected an integer 1..10000, got 10001"),
                Arguments.of("exchange=Q&symbol=S&limit=ten", "limit", "limit: expected an integer 1..10000, got \"ten\""),
                Arguments.of("exchange=Q&symbol=S&cursor=zzz", "cursor",
                        "cursor: not a cursor from a previous reply's next_cursor: zzz"),
                Arguments.of("exchange=Q&symbol=S&sort=desc", "sort",
                        "sort: unknown parameter; expected one of"),
                Arguments.of("exchange=Q&exchange=R&symbol=S", "exchange", "exchange: given more than once"),
                Arguments.of("exchange=Q&symbol=S&format=xml", "format", "format: expected json or csv, got \"xml\""),
                Arguments.of("exchange=Q&symbol=S&format=", "format", "format: must not be empty"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badParameters")
    void badParameterIs400NamingIt(String query, String parameter, String error) throws Exception {
        var r = server.get("/api/v1/ticks?" + query);
        assertEquals(400, r.statusCode(), r.body());
        JsonObject body = new JsonObject(r.body());
        assertEquals(parameter, body.getString("parameter"));
        String actual = body.getString("error");
        assertEquals(true, actual.startsWith(error), "expected <" + error + "...> but was <" + actual + ">");
    }
}

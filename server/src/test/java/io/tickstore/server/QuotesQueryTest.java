package io.tickstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickstore.server.RandomTicks.Tick;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * GET /api/v1/quotes/latest against a real server fed shuffled ticks over a real WebSocket: each
 * side (bid, ask, last) is the one of the latest tick carrying it by (timestamp, sequence_number,
 * arrival), also after late ticks; the one-feed and list forms, as JSON and CSV; a 400 naming each
 * bad parameter.
 * Seeded: rerun a failure with {@code -Dtickstore.seed=<seed>}.
 */
class QuotesQueryTest {
    private static final long SEED = Long.getLong("tickstore.seed", System.nanoTime());
    private static final long T0 = 1_704_153_600_000_000L; // 2024-01-02T00:00:00Z
    private static final String[][] FEEDS = {{"BX", "AAA"}, {"BX", "BBB"}, {"BX", "CCC"}, {"CX", "AAA"}};

    @TempDir
    static Path dataDir;
    static TestServer server;
    /** "EXCHANGE SYMBOL" → the expected quote, as comparable text. */
    static final Map<String, String> expected = new TreeMap<>();

    @BeforeAll
    static void load() throws Exception {
        System.out.println(QuotesQueryTest.class.getSimpleName() + " seed " + SEED
                + " (rerun with -Dtickstore.seed=" + SEED + ")");
        server = TestServer.start(dataDir);
        Random r = new Random(SEED);
        List<Tick> all = new ArrayList<>();
        for (String[] f : FEEDS) {
            List<Tick> ticks = new ArrayList<>(RandomTicks.feed(r, f[0], f[1], T0, 1, 150, 450, 1));
            // Ties at the feed's latest timestamp, told apart by sequence number whatever order they arrive in.
            Tick last = ticks.get(ticks.size() - 1);
            long price = 100 * 100_000_000L + r.nextInt(1_000_000);
            for (int i = 1; i <= 4; i++) {
                ticks.add(i % 2 == 0 ? RandomTicks.trade(r, f[0], f[1], last.time(), last.sequence() + i, price + i)
                        : RandomTicks.quote(r, f[0], f[1], last.time(), last.sequence() + i, price + i));
            }
            all.addAll(ticks);
        }
        // A feed that only ever quoted: its last_* fields are null.
        all.addAll(RandomTicks.feed(r, "CX", "QUOTED", T0, 1, 0, 40, 1));
        List<Tick> arrival = new ArrayList<>();
        Vertx vertx = Vertx.vertx();
        try (IngestClient c = IngestClient.connect(vertx, server.port())) {
            RandomTicks.Shuffled first = RandomTicks.shuffledFrames(r, all, 200);
            send(c, first.frames());
            arrival.addAll(first.arrival());
            server.awaitApplied();
            // Late ticks: new sequence numbers, earlier timestamps; they must not replace newer values.
            List<Tick> late = new ArrayList<>();
            for (String[] f : FEEDS) {
                for (int i = 0; i < 30; i++) {
                    long time = T0 + (long) (r.nextDouble() * RandomTicks.DAY / 2);
                    long price = 90 * 100_000_000L + r.nextInt(1_000_000);
                    late.add(i % 2 == 0 ? RandomTicks.trade(r, f[0], f[1], time, 1_000_000 + i, price)
                            : RandomTicks.quote(r, f[0], f[1], time, 1_000_000 + i, price));
                }
            }
            RandomTicks.Shuffled second = RandomTicks.shuffledFrames(r, late, 20);
            send(c, second.frames());
            arrival.addAll(second.arrival());
        } finally {
            vertx.close().await();
        }
        server.awaitApplied();
        Map<String, List<Integer>> byFeed = IntStream.range(0, arrival.size()).boxed()
                .collect(Collectors.groupingBy(i -> arrival.get(i).exchange() + " " + arrival.get(i).symbol()));
        byFeed.forEach((feed, indexes) -> {
            String[] f = feed.split(" ");
            expected.put(feed, quote(f[0], f[1],
                    latest(arrival, indexes, Tick::bid, Tick::bidSize),
                    latest(arrival, indexes, Tick::ask, Tick::askSize),
                    latest(arrival, indexes, Tick::last, Tick::lastSize)));
        });
    }

    private static void send(IngestClient c, List<String> frames) throws InterruptedException {
        for (String frame : frames) {
            c.send(frame);
        }
        for (int i = 0; i < frames.size(); i++) {
            JsonObject ack = c.reply();
            assertEquals("ok", ack.getString("status"), "seed " + SEED + ": " + ack.encode());
            assertEquals(0, ack.getInteger("duplicates"), "seed " + SEED + ": " + ack.encode());
        }
    }

    /** "price size time" of the latest tick carrying {@code price}, by (timestamp, sequence, arrival). */
    private static String latest(List<Tick> arrival, List<Integer> indexes, Function<Tick, BigDecimal> price,
                                 Function<Tick, BigDecimal> size) {
        Comparator<Integer> order = Comparator.<Integer>comparingLong(i -> arrival.get(i).time())
                .thenComparingLong(i -> arrival.get(i).sequence()).thenComparingInt(i -> i);
        return indexes.stream().filter(i -> price.apply(arrival.get(i)) != null).max(order)
                .map(i -> plain(price.apply(arrival.get(i))) + " " + plain(size.apply(arrival.get(i))) + " "
                        + Instant.ofEpochSecond(0, arrival.get(i).time() * 1000))
                .orElse("null null null");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void oneFeedsQuoteIsItsLatestBidAskAndTrade() throws Exception {
        for (String feed : expected.keySet()) {
            String[] f = feed.split(" ");
            HttpResponse<String> r = server.get("/api/v1/quotes/latest?exchange=" + f[0] + "&symbol=" + f[1]);
            assertEquals(200, r.statusCode(), r.body());
            Map<String, Object> body = ExactJson.object(r.body());
            assertEquals(List.of("quote"), List.copyOf(body.keySet()));
            assertEquals(expected.get(feed), quote((Map<?, ?>) body.get("quote")), "seed " + SEED + ", " + feed);
            assertEquals(List.of(expected.get(feed)),
                    csvQuotes("?exchange=" + f[0] + "&symbol=" + f[1] + "&format=csv"), "seed " + SEED + ", " + feed);
        }
        assertTrue(expected.get("CX QUOTED").endsWith("last=null null null"), expected.get("CX QUOTED"));
    }

    @Test
    void acceptTextCsvSelectsCsvUnlessFormatSaysOtherwise() throws Exception {
        HttpResponse<String> csv = server.get("/api/v1/quotes/latest?exchange=BX&format=csv");
        HttpResponse<String> accepted = server.get("/api/v1/quotes/latest?exchange=BX", "Accept", "text/csv;q=0.9");
        assertEquals("text/csv", accepted.headers().firstValue("content-type").orElse(""));
        assertEquals(csv.body(), accepted.body());
        assertEquals("accept", accepted.headers().firstValue("vary").orElse(""));
        HttpResponse<String> json = server.get("/api/v1/quotes/latest?exchange=BX&format=json", "Accept", "text/csv");
        assertEquals("application/json", json.headers().firstValue("content-type").orElse(""));
        assertEquals(server.get("/api/v1/quotes/latest?exchange=BX").body(), json.body());
        HttpResponse<String> missing = server.get("/api/v1/quotes/latest?exchange=BX&symbol=NOPE&format=csv");
        assertEquals(404, missing.statusCode());
        assertEquals("application/json", missing.headers().firstValue("content-type").orElse(""), "errors stay JSON");
    }

    @Test
    void aFeedWithoutAQuoteIs404() throws Exception {
        HttpResponse<String> r = server.get("/api/v1/quotes/latest?exchange=BX&symbol=NOPE");
        assertEquals(404, r.statusCode(), r.body());
        assertEquals("{\"error\":\"no quote for BX NOPE\",\"parameter\":\"symbol\"}", r.body());
    }

    @Test
    void withoutParametersEveryFeedIsListedByExchangeThenSymbol() throws Exception {
        assertEquals(List.copyOf(expected.values()), quotes(""));
    }

    @Test
    void anExchangeListsEachOfItsSymbols() throws Exception {
        assertEquals(expected.entrySet().stream().filter(e -> e.getKey().startsWith("CX ")).map(Map.Entry::getValue)
                .toList(), quotes("?exchange=CX"));
        assertEquals(List.of(), quotes("?exchange=NOPE"));
    }

    @Test
    void symbolsListsThoseThatHaveAQuoteSorted() throws Exception {
        assertEquals(List.of(expected.get("BX AAA"), expected.get("BX CCC")),
                quotes("?exchange=BX&symbols=CCC,NOPE,AAA,CCC"));
        assertEquals(List.of(), quotes("?exchange=BX&symbols=QUOTED"));
        String thousand = IntStream.range(0, 1000).mapToObj(i -> Integer.toString(i, 36)).collect(Collectors.joining(","));
        assertEquals(List.of(), quotes("?exchange=BX&symbols=" + thousand));
    }

    static Stream<Arguments> badParameters() {
        String thousandAndOne = IntStream.range(0, 1001).mapToObj(i -> Integer.toString(i, 36))
                .collect(Collectors.joining(","));
        return Stream.of(
                Arguments.of("symbol=AAA", "exchange", "exchange: required with symbol"),
                Arguments.of("symbols=AAA,BBB", "exchange", "exchange: required with symbols"),
                Arguments.of("exchange=", "exchange", "exchange: must not be empty"),
                Arguments.of("exchange=" + "X".repeat(65), "exchange", "exchange: longer than 64 characters"),
                Arguments.of("exchange=BX&symbol=", "symbol", "symbol: must not be empty"),
                Arguments.of("exchange=BX&symbol=" + "S".repeat(65), "symbol", "symbol: longer than 64 characters"),
                Arguments.of("exchange=BX&symbol=AAA&symbols=BBB", "symbols",
                        "symbols: give either symbol or symbols, not both"),
                Arguments.of("exchange=BX&symbols=", "symbols", "symbols: must not be empty"),
                Arguments.of("exchange=BX&symbols=AAA,,BBB", "symbols", "symbols: item 2 is empty"),
                Arguments.of("exchange=BX&symbols=AAA,", "symbols", "symbols: item 2 is empty"),
                Arguments.of("exchange=BX&symbols=A," + "S".repeat(65), "symbols",
                        "symbols: item 2 is longer than 64 characters"),
                Arguments.of("exchange=BX&symbols=" + thousandAndOne, "symbols", "symbols: more than 1000 items"),
                Arguments.of("exchange=BX&limit=5", "limit", "limit: unknown parameter; expected one of"),
                Arguments.of("exchange=BX&exchange=CX", "exchange", "exchange: given more than once"),
                Arguments.of("exchange=BX&symbols=A&symbols=B", "symbols", "symbols: given more than once"),
                Arguments.of("exchange=BX&format=tsv", "format", "format: expected json or csv, got \"tsv\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badParameters")
    void badParameterIs400NamingIt(String query, String parameter, String error) throws Exception {
        HttpResponse<String> r = server.get("/api/v1/quotes/latest?" + query);
        assertEquals(400, r.statusCode(), r.body());
        JsonObject body = new JsonObject(r.body());
        assertEquals(parameter, body.getString("parameter"));
        String actual = body.getString("error");
        assertTrue(actual.startsWith(error), "expected <" + error + "...> but was <" + actual + ">");
    }

    /** The quotes of a list reply, as comparable text; asserts that the CSV reply holds the same. */
    private static List<String> quotes(String query) throws Exception {
        HttpResponse<String> r = server.get("/api/v1/quotes/latest" + query);
        assertEquals(200, r.statusCode(), r.body());
        Map<String, Object> body = ExactJson.object(r.body());
        assertEquals(List.of("quotes"), List.copyOf(body.keySet()));
        List<String> out = new ArrayList<>();
        for (Object q : (List<?>) body.get("quotes")) {
            out.add(quote((Map<?, ?>) q));
        }
        assertEquals(out, csvQuotes(query + (query.isEmpty() ? "?" : "&") + "format=csv"), "seed " + SEED + ": CSV " + query);
        return out;
    }

    /** The quotes of a CSV reply, as comparable text (no field of these feeds needs quoting). */
    private static List<String> csvQuotes(String query) throws Exception {
        HttpResponse<String> r = server.get("/api/v1/quotes/latest" + query);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("text/csv", r.headers().firstValue("content-type").orElse(""));
        String[] lines = r.body().split("\n", -1);
        assertEquals("exchange,symbol,bid_price,bid_size,bid_time,ask_price,ask_size,ask_time,last_price,last_size,"
                + "last_time", lines[0]);
        assertEquals("", lines[lines.length - 1], "the last line ends with \\n");
        List<String> out = new ArrayList<>();
        for (int i = 1; i < lines.length - 1; i++) {
            String[] v = lines[i].split(",", -1);
            assertEquals(11, v.length, lines[i]);
            out.add(quote(v[0], v[1], csvSide(v, 2), csvSide(v, 5), csvSide(v, 8)));
        }
        return out;
    }

    private static String csvSide(String[] v, int at) {
        return (v[at].isEmpty() ? "null" : new BigDecimal(v[at]).toPlainString()) + " "
                + (v[at + 1].isEmpty() ? "null" : new BigDecimal(v[at + 1]).toPlainString()) + " "
                + (v[at + 2].isEmpty() ? "null" : Instant.parse(v[at + 2]).toString());
    }

    private static String quote(Map<?, ?> q) {
        return quote((String) q.get("exchange"), (String) q.get("symbol"),
                side(q, "bid"), side(q, "ask"), side(q, "last"));
    }

    private static String side(Map<?, ?> q, String side) {
        Object time = q.get(side + "_time");
        return number(q.get(side + "_price")) + " " + number(q.get(side + "_size")) + " "
                + (time == null ? "null" : Instant.parse((String) time).toString());
    }

    private static String quote(String exchange, String symbol, String bid, String ask, String last) {
        return exchange + " " + symbol + " bid=" + bid + " ask=" + ask + " last=" + last;
    }

    private static String number(Object v) {
        return v == null ? "null" : ((BigDecimal) v).toPlainString();
    }

    private static String plain(BigDecimal v) {
        return v == null ? "null" : v.signum() == 0 ? "0" : v.stripTrailingZeros().toPlainString();
    }
}

package io.tickstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickstore.server.RandomTicks.Tick;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * GET /api/v1/ohlcv against a real server fed over a real WebSocket: every bar of every kind of
 * timeframe (stored, rolled up from stored bars, built from ticks) equals a direct computation over
 * the stored ticks, to the last decimal, also after late ticks into complete bars; paging, CSV, and a
 * 400 naming each bad parameter. Seeded: rerun a failure with {@code -Dtickstore.seed=<seed>}.
 */
class OhlcvQueryTest {
    private static final long SEED = Long.getLong("tickstore.seed", System.nanoTime());
    private static final long T0 = 1_704_153_600_000_000L; // 2024-01-02T00:00:00Z
    private static final long DAY = RandomTicks.DAY;
    private static final String[][] FEEDS = {{"BX", "AAA"}, {"BX", "BBB"}, {"CX", "AAA"}};
    /** A range holding every generated tick. */
    private static final String ALL = "&from=2023-12-01T00:00:00Z&to=2024-02-01T00:00:00Z";
    private static final long ALL_FROM = 1_701_388_800_000_000L;
    private static final long ALL_TO = 1_706_745_600_000_000L;
    /** A lone zero-size trade, 2024-01-01T12:00:00.123456Z, the only tick of its day: volume 0, vwap null. */
    private static final long ZERO_VOLUME_TRADE = T0 - DAY / 2 + 123_456;

    @TempDir
    static Path dataDir;
    static TestServer server;
    private static final String OHLCV_NEXT_CURSOR = "X-Next-Cursor";

    /** The same data with no bars in memory: every bar query reads DuckDB; {@link #get} checks both agree. */
    static TestServer fromDatabase;

    @BeforeAll
    static void load() throws Exception {
        System.out.println(OhlcvQueryTest.class.getSimpleName() + " seed " + SEED
                + " (rerun with -Dtickstore.seed=" + SEED + ")");
        server = TestServer.start(dataDir.resolve("memory"));
        fromDatabase = TestServer.start(dataDir.resolve("database"), c -> c.withQuery(c.query().withBarMemoryDays(0)));
        Random r = new Random(SEED);
        List<List<Tick>> feeds = new ArrayList<>();
        List<Tick> all = new ArrayList<>();
        for (String[] f : FEEDS) {
            List<Tick> ticks = new ArrayList<>(RandomTicks.feed(r, f[0], f[1], T0, 3, 1200, 300, 1));
            feeds.add(ticks);
            all.addAll(ticks);
        }
        all.add(new Tick("BX", "AAA", ZERO_VOLUME_TRADE, 0, null, null, null, null, RandomTicks.d(12_345_678_901L),
                BigDecimal.ZERO));
        RandomTicks.Shuffled first = RandomTicks.shuffledFrames(r, all, 400);
        // Late ticks: earlier timestamps (days 0 and 1, while the latest trade is on day 2), new sequence
        // numbers, into bars that are already complete: some tie an existing trade's timestamp, some come
        // 1 µs before one (a new open), some land anywhere (also in buckets that had no trade).
        List<Tick> late = new ArrayList<>();
        for (List<Tick> ticks : feeds) {
            List<Tick> early = ticks.stream().filter(t -> t.isTrade() && t.time() < T0 + 2 * DAY).toList();
            long sequence = ticks.get(ticks.size() - 1).sequence() + 1;
            for (int i = 0; i < 90; i++) {
                Tick pick = early.get(r.nextInt(early.size()));
                long time = switch (i % 3) {
                    case 0 -> pick.time();
                    case 1 -> pick.time() - 1;
                    default -> T0 + (long) (r.nextDouble() * 2 * DAY);
                };
                long price = pick.last().movePointRight(8).longValueExact() + r.nextInt(2_000_001) - 1_000_000;
                late.add(RandomTicks.trade(r, pick.exchange(), pick.symbol(), time, sequence++, price));
            }
        }
        List<String> lateFrames = RandomTicks.shuffledFrames(r, late, 50).frames();
        Vertx vertx = Vertx.vertx();
        try {
            for (TestServer target : List.of(server, fromDatabase)) {
                try (IngestClient c = IngestClient.connect(vertx, target.port())) {
                    send(c, first.frames());
                    target.awaitApplied();
                    send(c, lateFrames);
                    // A feed re-sending a frame after a reconnect: all duplicates, no bar changes.
                    JsonObject again = c.request(first.frames().get(0));
                    assertEquals(0, again.getInteger("accepted"), "seed " + SEED + ": " + again.encode());
                }
                target.awaitApplied();
            }
        } finally {
            vertx.close().await();
        }
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

    @AfterAll
    static void stop() {
        server.close();
        fromDatabase.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1m", "5m", "15m", "1h", "1d", "60m", "30m", "7m", "2h", "2d", "90s", "45s"})
    void everyBarEqualsADirectComputationOverTheTicks(String timeframe) throws Exception {
        for (String[] f : FEEDS) {
            List<String> bars = pageThrough(f, timeframe, ALL, 97);
            List<String> expected = reference(f, timeframe, ALL_FROM, ALL_TO);
            assertTrue(expected.size() >= 2, "seed " + SEED + ": too few bars to test");
            assertEquals(expected, bars, "seed " + SEED + ", " + f[0] + " " + f[1] + " " + timeframe);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1m", "1h", "1d", "7m", "2h", "90s"})
    void fromAndToSelectBucketStartsFromInclusiveToExclusive(String timeframe) throws Exception {
        long from = T0 + (15 * 3600 + 10 * 60 + 7) * RandomTicks.SECOND; // not aligned to any timeframe
        long to = T0 + DAY + 15 * 3600 * RandomTicks.SECOND;
        for (String[] f : FEEDS) {
            List<String> bars = pageThrough(f, timeframe, "&from=" + Instant.ofEpochSecond(from / 1_000_000)
                    + "&to=" + to, 1000);
            assertEquals(reference(f, timeframe, from, to), bars,
                    "seed " + SEED + ", " + f[0] + " " + f[1] + " " + timeframe);
        }
    }

    @Test
    void aBarOfOnlyZeroSizeTradesHasVolumeZeroAndNoVwap() throws Exception {
        for (String timeframe : new String[] {"1m", "7m", "90s", "1d", "2d"}) {
            Map<String, Object> body = ExactJson.object(get("/api/v1/ohlcv?exchange=BX&symbol=AAA&timeframe="
                    + timeframe + "&from=2023-12-31T00:00:00Z&to=2024-01-02T00:00:00Z").body());
            long micros = io.tickstore.store.bars.Timeframe.parse(timeframe).micros();
            long bucket = ZERO_VOLUME_TRADE / micros * micros;
            Map<?, ?> bar = ((List<?>) body.get("bars")).stream().map(b -> (Map<?, ?>) b)
                    .filter(b -> Instant.parse((String) b.get("time")).equals(Instant.ofEpochSecond(bucket / 1_000_000)))
                    .findFirst().orElseThrow();
            assertEquals("1", text(bar.get("trade_count")), timeframe);
            assertEquals("123.45678901", text(bar.get("close")), timeframe);
            assertEquals("0", text(bar.get("volume")), timeframe);
            assertTrue(bar.containsKey("vwap") && bar.get("vwap") == null, timeframe);
        }
        String csv = get("/api/v1/ohlcv?exchange=BX&symbol=AAA&timeframe=1m&from=2024-01-01T00:00:00Z"
                + "&to=2024-01-02T00:00:00Z&format=csv").body();
        assertEquals("time,open,high,low,close,volume,vwap,trade_count,complete\n"
                + "2024-01-01T12:00:00Z,123.45678901,123.45678901,123.45678901,123.45678901,0,,1,true\n", csv);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1m", "7m", "90s", "1d"})
    void csvHoldsTheSameBarsAsJson(String timeframe) throws Exception {
        String[] f = FEEDS[1];
        String query = "/api/v1/ohlcv?exchange=" + f[0] + "&symbol=" + f[1] + "&timeframe=" + timeframe + ALL
                + "&limit=41";
        List<String> csvRows = new ArrayList<>();
        String cursor = null;
        do {
            HttpResponse<String> r = get(query + "&format=csv" + (cursor == null ? "" : "&cursor=" + cursor));
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("text/csv", r.headers().firstValue("content-type").orElse(""));
            String[] lines = r.body().split("\n", -1);
            assertEquals("time,open,high,low,close,volume,vwap,trade_count,complete", lines[0]);
            assertEquals("", lines[lines.length - 1], "the last line ends with \\n");
            for (int i = 1; i < lines.length - 1; i++) {
                csvRows.add(lines[i]);
            }
            cursor = r.headers().firstValue("x-next-cursor").orElse(null);
            assertTrue(cursor == null || lines.length - 2 == 41, "a page with a next cursor is full");
        } while (cursor != null);
        List<String> jsonRows = new ArrayList<>();
        for (String bar : pageThrough(f, timeframe, ALL, 41)) {
            jsonRows.add(bar.replace(" vwap=null", " vwap=").replaceAll("[a-z_]+=", "").replace(' ', ','));
        }
        List<String> csvNormalized = new ArrayList<>();
        for (String row : csvRows) {
            String[] v = row.split(",", -1);
            v[0] = Instant.parse(v[0]).toString();
            csvNormalized.add(String.join(",", v));
        }
        assertEquals(jsonRows, csvNormalized, "seed " + SEED);
    }

    @Test
    void acceptTextCsvSelectsCsvUnlessFormatSaysOtherwise() throws Exception {
        String query = "/api/v1/ohlcv?exchange=BX&symbol=AAA&timeframe=7m" + ALL + "&limit=5";
        HttpResponse<String> csv = get(query + "&format=csv");
        HttpResponse<String> accepted = server.get(query, "Accept", "application/json;q=0.5, text/csv");
        assertEquals(200, accepted.statusCode());
        assertEquals("text/csv", accepted.headers().firstValue("content-type").orElse(""));
        assertEquals(csv.body(), accepted.body());
        assertEquals(csv.headers().firstValue("x-next-cursor"), accepted.headers().firstValue("x-next-cursor"));
        HttpResponse<String> json = server.get(query + "&format=JSON", "Accept", "text/csv");
        assertEquals("application/json", json.headers().firstValue("content-type").orElse(""));
        assertEquals(5, new JsonObject(json.body()).getInteger("count"));
        assertEquals(json.body(), get(query).body());
    }

    @Test
    void unknownFeedIsAnEmptyListNotAnError() throws Exception {
        for (String timeframe : new String[] {"1m", "7m", "90s"}) {
            HttpResponse<String> r = get("/api/v1/ohlcv?exchange=BX&symbol=NOPE&timeframe=" + timeframe + ALL);
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("{\"exchange\":\"BX\",\"symbol\":\"NOPE\",\"timeframe\":\"" + timeframe
                    + "\",\"bars\":[],\"count\":0,\"next_cursor\":null}", r.body());
        }
    }

    @Test
    void aRangeWithoutABucketStartIsEmpty() throws Exception {
        HttpResponse<String> r = get("/api/v1/ohlcv?exchange=BX&symbol=AAA&timeframe=1h"
                + "&from=2024-01-02T14:00:01Z&to=2024-01-02T14:59:59Z");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(0, new JsonObject(r.body()).getInteger("count"));
    }

    static Stream<Arguments> badParameters() {
        String feed = "exchange=BX&symbol=AAA";
        String range = "&from=2024-01-02T00:00:00Z&to=2024-01-03T00:00:00Z";
        String ok = feed + "&timeframe=1m" + range;
        String timeframeHelp = "timeframe: expected a timeframe like 1m, 7m, 2h, 30s or 1d (a positive integer and "
                + "one of s, m, h, d), got ";
        String notACursor = "cursor: not a next_cursor of a previous reply with the same timeframe, from and to: ";
        return Stream.of(
                Arguments.of("symbol=AAA&timeframe=1m" + range, "exchange", "exchange: required"),
                Arguments.of("exchange=&symbol=AAA&timeframe=1m" + range, "exchange", "exchange: must not be empty"),
                Arguments.of("exchange=" + "X".repeat(65) + "&symbol=AAA&timeframe=1m" + range, "exchange",
                        "exchange: longer than 64 characters"),
                Arguments.of("exchange=BX&timeframe=1m" + range, "symbol", "symbol: required"),
                Arguments.of("exchange=BX&symbol=&timeframe=1m" + range, "symbol", "symbol: must not be empty"),
                Arguments.of(feed + range, "timeframe", "timeframe: required"),
                Arguments.of(feed + "&timeframe=7x" + range, "timeframe", timeframeHelp + "\"7x\""),
                Arguments.of(feed + "&timeframe=0m" + range, "timeframe", timeframeHelp + "\"0m\""),
                Arguments.of(feed + "&timeframe=m" + range, "timeframe", timeframeHelp + "\"m\""),
                Arguments.of(feed + "&timeframe=1M" + range, "timeframe", timeframeHelp + "\"1M\""),
                Arguments.of(feed + "&timeframe=-5m" + range, "timeframe", timeframeHelp + "\"-5m\""),
                Arguments.of(feed + "&timeframe=367d" + range, "timeframe",
                        "timeframe: longer than the maximum of 366d: 367d"),
                Arguments.of(feed + "&timeframe=1m&to=2024-01-03T00:00:00Z", "from", "from: required"),
                Arguments.of(feed + "&timeframe=1m&from=yesterday&to=2024-01-03T00:00:00Z", "from",
                        "from: expected an ISO-8601 timestamp like 2024-01-02T09:30:00.123456Z, got yesterday"),
                Arguments.of(feed + "&timeframe=1m&from=2024-01-02T00:00:00Z", "to", "to: required"),
                Arguments.of(feed + "&timeframe=1m&from=2024-01-02T00:00:00Z&to=1704153600000", "to",
                        "to: epoch integer 1704153600000 is not in microseconds (looks like milliseconds); "
                                + "expected epoch microseconds between 1970-01-01 and 2100-01-01"),
                Arguments.of(feed + "&timeframe=1m&from=2024-01-02T00:00:00Z&to=2024-01-02T00:00:00Z", "to",
                        "to: must be after from"),
                Arguments.of(feed + "&timeframe=1m&from=2024-01-03T00:00:00Z&to=2024-01-02T00:00:00Z", "to",
                        "to: must be after from"),
                Arguments.of(ok + "&limit=0", "limit", "limit: expected an integer 1..10000, got 0"),
                Arguments.of(ok + "&limit=10001", "limit", "limit: expected an integer 1..10000, got 10001"),
                Arguments.of(ok + "&limit=ten", "limit", "limit: expected an integer 1..10000, got \"ten\""),
                Arguments.of(ok + "&cursor=zzz", "cursor", notACursor + "zzz"),
                Arguments.of(ok + "&cursor=1704153600000001", "cursor", notACursor + "1704153600000001"),
                Arguments.of(ok + "&cursor=1704067200000000", "cursor", notACursor + "1704067200000000"),
                Arguments.of(ok + "&cursor=1704240000000000", "cursor", notACursor + "1704240000000000"),
                Arguments.of(ok + "&cursor=-60000000", "cursor", notACursor + "-60000000"),
                Arguments.of(ok + "&cursor=99999999999999999999", "cursor", notACursor + "99999999999999999999"),
                Arguments.of(ok + "&format=xml", "format", "format: expected json or csv, got \"xml\""),
                Arguments.of(ok + "&format=", "format", "format: must not be empty"),
                Arguments.of(ok + "&sort=desc", "sort", "sort: unknown parameter; expected one of"),
                Arguments.of(ok + "&timeframe=5m", "timeframe", "timeframe: given more than once"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badParameters")
    void badParameterIs400NamingIt(String query, String parameter, String error) throws Exception {
        HttpResponse<String> r = get("/api/v1/ohlcv?" + query);
        assertEquals(400, r.statusCode(), r.body());
        JsonObject body = new JsonObject(r.body());
        assertEquals(parameter, body.getString("parameter"));
        String actual = body.getString("error");
        assertTrue(actual.startsWith(error), "expected <" + error + "...> but was <" + actual + ">");
    }

    /** Every bar of a feed in the range, following next_cursor, as comparable text. */
    private static List<String> pageThrough(String[] feed, String timeframe, String range, int limit)
            throws Exception {
        String query = "/api/v1/ohlcv?exchange=" + feed[0] + "&symbol=" + feed[1] + "&timeframe=" + timeframe + range
                + "&limit=" + limit;
        List<String> out = new ArrayList<>();
        String cursor = null;
        Instant previous = Instant.MIN;
        int pages = 0;
        do {
            HttpResponse<String> r = get(query + (cursor == null ? "" : "&cursor=" + cursor));
            assertEquals(200, r.statusCode(), r.body());
            Map<String, Object> body = ExactJson.object(r.body());
            assertEquals(feed[0], body.get("exchange"));
            assertEquals(feed[1], body.get("symbol"));
            assertEquals(timeframe, body.get("timeframe"));
            List<?> bars = (List<?>) body.get("bars");
            assertEquals(bars.size(), ((BigDecimal) body.get("count")).intValueExact());
            cursor = (String) body.get("next_cursor");
            assertTrue(cursor == null ? bars.size() <= limit : bars.size() == limit, "page size " + bars.size());
            for (Object o : bars) {
                Map<?, ?> b = (Map<?, ?>) o;
                Instant time = Instant.parse((String) b.get("time"));
                assertTrue(time.isAfter(previous), "ascending, no bar twice: " + time + " after " + previous);
                previous = time;
                out.add(bar(time, text(b.get("open")), text(b.get("high")),
                        text(b.get("low")), text(b.get("close")),
                        text(b.get("volume")), text(b.get("vwap")),
                        text(b.get("trade_count")), (Boolean) b.get("complete")));
            }
            assertTrue(++pages < 10_000);
        } while (cursor != null);
        return out;
    }

    /**
     * The bars computed directly from the stored ticks in SQL, epoch-aligned buckets whose start is
     * in [from, to); vwap = Σ price × size / Σ size half-even to 8 decimals; complete by the rule.
     */
    private static List<String> reference(String[] feed, String timeframe, long from, long to) throws Exception {
        long micros = io.tickstore.store.bars.Timeframe.parse(timeframe).micros();
        long latest = latestTrade(feed);
        String key = "{'t': epoch_us(timestamp), 's': sequence_number, 'j': journal_index}";
        String sql = "SELECT (epoch_us(timestamp) // ?) * ? AS b, arg_min(last_price, " + key + "), max(last_price), "
                + "min(last_price), arg_max(last_price, " + key + "), sum(last_size), "
                + "sum(last_price::DECIMAL(38,8) * last_size::DECIMAL(38,8)), count(*) FROM market_ticks "
                + "WHERE exchange = ? AND symbol = ? AND last_price IS NOT NULL GROUP BY b HAVING b >= ? AND b < ? "
                + "ORDER BY b";
        return server.server.store().readers().read(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setLong(1, micros);
                s.setLong(2, micros);
                s.setString(3, feed[0]);
                s.setString(4, feed[1]);
                s.setLong(5, from);
                s.setLong(6, to);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        long bucket = rs.getLong(1);
                        BigDecimal volume = rs.getBigDecimal(6);
                        BigDecimal priceVolume = rs.getBigDecimal(7);
                        String vwap = volume.signum() == 0 ? "null"
                                : plain(priceVolume.divide(volume, 8, RoundingMode.HALF_EVEN));
                        out.add(bar(Instant.ofEpochSecond(bucket / 1_000_000, bucket % 1_000_000 * 1000),
                                plain(rs.getBigDecimal(2)), plain(rs.getBigDecimal(3)), plain(rs.getBigDecimal(4)),
                                plain(rs.getBigDecimal(5)), plain(volume), vwap, Long.toString(rs.getLong(8)),
                                bucket + micros <= latest));
                    }
                }
            }
            return out;
        });
    }

    private static long latestTrade(String[] feed) throws Exception {
        return (Long) server.rows("SELECT max(epoch_us(timestamp)) FROM market_ticks WHERE last_price IS NOT NULL "
                + "AND exchange = '" + feed[0] + "' AND symbol = '" + feed[1] + "'").get(0).get(0);
    }

    private static String bar(Instant time, String open, String high, String low, String close, String volume,
                              String vwap, String tradeCount, boolean complete) {
        return time + " open=" + open + " high=" + high + " low=" + low + " close=" + close + " volume=" + volume
                + " vwap=" + vwap + " trade_count=" + tradeCount + " complete=" + complete;
    }

    /** A number of an {@link ExactJson} tree as the text the reply held, or "null". */
    private static String text(Object number) {
        return number == null ? "null" : ((BigDecimal) number).toPlainString();
    }

    private static String plain(BigDecimal v) {
        return v.signum() == 0 ? "0" : v.stripTrailingZeros().toPlainString();
    }

    /** The reply of the server answering from memory, after checking the one reading DuckDB says exactly the same. */
    private static HttpResponse<String> get(String pathAndQuery) throws Exception {
        HttpResponse<String> memory = server.get(pathAndQuery);
        HttpResponse<String> database = fromDatabase.get(pathAndQuery);
        assertEquals(database.statusCode(), memory.statusCode(), "seed " + SEED + ": " + pathAndQuery);
        assertEquals(database.body(), memory.body(), "seed " + SEED + ": memory and DuckDB differ for " + pathAndQuery);
        assertEquals(database.headers().firstValue(OHLCV_NEXT_CURSOR).orElse(""),
                memory.headers().firstValue(OHLCV_NEXT_CURSOR).orElse(""), pathAndQuery);
        return memory;
    }
}

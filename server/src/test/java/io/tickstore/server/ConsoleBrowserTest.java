package io.tickstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The console at {@code /} in a real headless Chromium against a live server fed over the ingest
 * WebSocket: the legend shows the API's last bar, a new tick moves the last candle within a second,
 * a late tick revises a completed candle, and the other panels and the timeframe switch work. A
 * screenshot is written to {@code target/console-screenshot.png} on every run (docs/console.png is
 * one of these).
 */
class ConsoleBrowserTest {
    private static final String EXCHANGE = "CONSOLE";
    private static final String SYMBOL = "AAPL";
    /** 2024-01-02T13:00:00Z: two hours of one-minute bars from here. */
    private static final long START_MICROS = 1_704_200_400_000_000L;
    private static final int MINUTES = 120;
    private static final long MINUTE = 60_000_000L;
    static final Path SCREENSHOT = Path.of("target", "console-screenshot.png");

    @TempDir
    Path dataDir;
    private final Vertx vertx = Vertx.vertx();
    private long sequence;

    @AfterEach
    void closeVertx() {
        vertx.close().await();
    }

    @Test
    void candlesFollowTheApiAndTheLiveStream() throws Exception {
        try (TestServer server = TestServer.start(dataDir);
             IngestClient ingest = IngestClient.connect(vertx, server.port());
             HeadlessChromium browser = HeadlessChromium.start(1440, 1100)) {
            BigDecimal lastPrice = feedHistory(ingest);
            ok(ingest.request(order("C-1", "buy", "100", "submitted", minute(100))));
            ok(ingest.request(fill("CT-1", "C-1", "buy", "100", price(lastPrice, -200), minute(100) + 1_000_000)));
            ok(ingest.request(limitOrder("C-2", "sell", "50", price(lastPrice, 300), minute(110))));
            server.awaitApplied();
            String base = "http://127.0.0.1:" + server.port();
            browser.driver.get(base + "/?exchange=" + EXCHANGE + "&symbol=" + SYMBOL + "&timeframe=1m");
            try {
                // The legend is the API's last bar, to the last decimal, once history and the stream are in.
                await("the legend and the live stream", 15_000, () -> !text(browser, "legend-close").equals("–")
                        && "live".equals(browser.driver.findElement(By.id("stream-state")).getAttribute("data-state")));
                assertLegendIsLastBar(browser, server, "1m");
                assertEquals(base + "/?exchange=CONSOLE&symbol=AAPL&timeframe=1m", browser.driver.getCurrentUrl());
                assertEquals(MINUTES, candles(browser).size());

                // A new trade in the open bar, above its high: the last candle moves within a second.
                BigDecimal high = price(lastPrice, 150);
                String newHigh = exact(high);
                long sentAt = System.currentTimeMillis();
                ok(ingest.request(trade(minute(MINUTES - 1) + 50_000_000, high, "7")));
                await("the last candle's new high", 5_000, () -> text(browser, "legend-high").equals(newHigh));
                // The page stamps each legend change with Date.now(): the same clock as ours, and free of
                // the time Selenium takes to look (which a loaded machine stretches to seconds).
                long drawnAt = Long.parseLong(browser.driver.findElement(By.id("legend")).getAttribute("data-drawn-at"));
                System.out.println("the last candle moved " + (drawnAt - sentAt) + " ms after the tick was sent");
                assertTrue(drawnAt - sentAt <= 1_000, "the last candle moved " + (drawnAt - sentAt)
                        + " ms after the tick was sent");
                List<Double> last = candles(browser).get(MINUTES - 1);
                assertEquals(high.doubleValue(), last.get(3), "chart high of the last candle");
                assertLegendIsLastBar(browser, server, "1m");

                // A trade in the next minute completes that bar; a late trade then revises an earlier one.
                ok(ingest.request(trade(minute(MINUTES) + 5_000_000, lastPrice, "3")));
                await("a new candle", 5_000, () -> candles(browser).size() == MINUTES + 1);
                int revised = 40;
                BigDecimal low = price(lastPrice, -150);
                ok(ingest.request(trade(minute(revised) + 30_000_000, low, "11")));
                await("the revised candle", 5_000, () -> candles(browser).get(revised).get(2) == low.doubleValue());
                Map<String, Object> bar = bars(server, "1m").get(revised);
                assertEquals(Instant.ofEpochSecond(minute(revised) / 1_000_000).toString(), bar.get("time"));
                assertEquals(List.of(dbl(bar, "open"), dbl(bar, "close"), dbl(bar, "low"), dbl(bar, "high")),
                        candles(browser).get(revised), "the revised candle is the API's bar");
                assertEquals("1", browser.driver.findElement(By.id("chart")).getAttribute("data-revisions"));
                assertTrue(text(browser, "legend-note").startsWith("revised 2024-01-02 13:40:00"),
                        text(browser, "legend-note"));

                // The other panels: recent ticks, the quote, the position with its PnL, the server's status.
                await("the late tick in recent ticks", 5_000, () -> rows(browser, "ticks").stream()
                        .anyMatch(r -> r.contains(exact(low))));
                await("the quote", 5_000, () -> text(browser, "quote-last-price").equals(exact(lastPrice)));
                await("the position", 5_000, () -> rows(browser, "positions").stream()
                        .anyMatch(r -> r.startsWith("CONSOLE AAPL console long 100 ")));
                // Valued at the market over HTTP every 2 s: the total is the API's, exactly.
                String unrealized = exact((BigDecimal) firstPosition(server).get("unrealized_pnl"));
                await("the position's unrealized PnL " + unrealized, 5_000,
                        () -> text(browser, "positions-unrealized").equals(unrealized));
                await("the status panel", 5_000, () -> text(browser, "status-state").equals("ready")
                        && rows(browser, "sinks").get(0).startsWith("duckdb "));
                assertEquals("1", text(browser, "status-ingest-connections"));
                // Open orders from HTTP, then an order pushed live.
                assertTrue(rows(browser, "orders").stream().anyMatch(r -> r.startsWith("C-2 console sell limit 50")),
                        rows(browser, "orders").toString());
                ok(ingest.request(limitOrder("C-3", "buy", "25", price(lastPrice, -300), minute(MINUTES))));
                await("the pushed order", 5_000, () -> rows(browser, "orders").stream().anyMatch(r -> r.startsWith("C-3 ")));

                // Another timeframe: kept in the URL, and the legend is that timeframe's last bar.
                browser.driver.findElements(By.cssSelector("#timeframes button")).stream()
                        .filter(b -> b.getText().equals("5m")).findFirst().orElseThrow().click();
                await("the 5m candles", 5_000, () -> candles(browser).size() == MINUTES / 5 + 1);
                assertEquals(base + "/?exchange=CONSOLE&symbol=AAPL&timeframe=5m", browser.driver.getCurrentUrl());
                assertLegendIsLastBar(browser, server, "5m");

                assertEquals(List.of(), browser.severeConsoleMessages(), "errors in the page's console");
            } finally {
                browser.screenshot(SCREENSHOT);
            }
        }
    }

    /** Two hours of trades, four a minute, as a seeded random walk; returns the last price. */
    private BigDecimal feedHistory(IngestClient ingest) throws InterruptedException {
        Random random = new Random(16);
        BigDecimal price = new BigDecimal("189.50");
        List<String> frame = new ArrayList<>();
        for (int m = 0; m < MINUTES; m++) {
            for (int k = 0; k < 4; k++) {
                price = price.add(BigDecimal.valueOf(random.nextInt(41) - 20, 2)).max(new BigDecimal("150"));
                BigDecimal size = BigDecimal.valueOf(10 + random.nextInt(490));
                frame.add(trade(minute(m) + k * 15_000_000L + random.nextInt(1_000_000), price, size.toPlainString()));
            }
        }
        ok(ingest.request("[" + String.join(",", frame) + "]"));
        return price;
    }

    private static long minute(int m) {
        return START_MICROS + m * MINUTE;
    }

    private static BigDecimal price(BigDecimal base, int cents) {
        return base.add(BigDecimal.valueOf(cents, 2)).setScale(2, RoundingMode.UNNECESSARY);
    }

    private String trade(long micros, BigDecimal price, String size) {
        return "{\"type\":\"tick\",\"exchange\":\"" + EXCHANGE + "\",\"symbol\":\"" + SYMBOL + "\",\"timestamp\":"
                + micros + ",\"bid_price\":" + price(price, -1) + ",\"ask_price\":" + price(price, 1)
                + ",\"last_price\":" + price.toPlainString() + ",\"last_size\":" + size + ",\"sequence_number\":"
                + ++sequence + "}";
    }

    private static String order(String id, String side, String quantity, String status, long micros) {
        return "{\"type\":\"order\",\"order_id\":\"" + id + "\",\"exchange\":\"" + EXCHANGE + "\",\"symbol\":\"" + SYMBOL
                + "\",\"strategy_id\":\"console\",\"side\":\"" + side + "\",\"order_type\":\"market\",\"quantity\":"
                + quantity + ",\"status\":\"" + status + "\",\"created_at\":" + micros + ",\"updated_at\":" + micros + "}";
    }

    private static String limitOrder(String id, String side, String quantity, BigDecimal price, long micros) {
        return order(id, side, quantity, "submitted", micros).replace("\"market\"", "\"limit\"")
                .replace(",\"status\"", ",\"price\":" + price.toPlainString() + ",\"status\"");
    }

    private static String fill(String id, String orderId, String side, String quantity, BigDecimal price, long micros) {
        return "{\"type\":\"trade\",\"trade_id\":\"" + id + "\",\"order_id\":\"" + orderId + "\",\"exchange\":\"" + EXCHANGE
                + "\",\"symbol\":\"" + SYMBOL + "\",\"side\":\"" + side + "\",\"quantity\":" + quantity + ",\"price\":"
                + price.toPlainString() + ",\"executed_at\":" + micros + ",\"fees\":0.5}";
    }

    private static void ok(io.vertx.core.json.JsonObject reply) {
        assertEquals("ok", reply.getString("status"), reply.encode());
    }

    private static void assertLegendIsLastBar(HeadlessChromium browser, TestServer server, String timeframe)
            throws Exception {
        List<Map<String, Object>> bars = bars(server, timeframe);
        Map<String, Object> last = bars.get(bars.size() - 1);
        for (String field : List.of("open", "high", "low", "close", "volume")) {
            String shown = text(browser, "legend-" + field);
            assertEquals(exact((BigDecimal) last.get(field)), shown, "legend " + field + " (" + timeframe + ")");
        }
        assertEquals(((String) last.get("time")).replace('T', ' ').replace("Z", " UTC"), text(browser, "legend-time"));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> bars(TestServer server, String timeframe) throws Exception {
        var r = server.get("/api/v1/ohlcv?exchange=" + EXCHANGE + "&symbol=" + SYMBOL + "&timeframe=" + timeframe
                + "&from=2024-01-02T00:00:00Z&to=2024-01-03T00:00:00Z&limit=10000");
        assertEquals(200, r.statusCode(), r.body());
        return (List<Map<String, Object>>) ExactJson.object(r.body()).get("bars");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> firstPosition(TestServer server) throws Exception {
        var r = server.get("/api/v1/positions?exchange=" + EXCHANGE);
        return ((List<Map<String, Object>>) ExactJson.object(r.body()).get("positions")).get(0);
    }

    /** A decimal as the API prints it: shortest form, no exponent. */
    private static String exact(BigDecimal d) {
        return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }

    private static double dbl(Map<String, Object> bar, String field) {
        return ((BigDecimal) bar.get(field)).doubleValue();
    }

    /** An element's text as the page set it (not as CSS renders it, upper-cased headings included). */
    private static String text(HeadlessChromium browser, String id) {
        return browser.driver.findElement(By.id(id)).getAttribute("textContent").trim();
    }


    /** A table's body rows, each its cells' text joined by spaces (read at once: the page redraws rows). */
    @SuppressWarnings("unchecked")
    private static List<String> rows(HeadlessChromium browser, String table) {
        return (List<String>) browser.script("return [...document.querySelectorAll('#' + arguments[0] + ' tbody tr')]"
                + ".map(r => [...r.cells].map(c => c.textContent).join(' '));", table);
    }

    /** The chart's candles as drawn: [open, close, low, high] each, in time order. */
    @SuppressWarnings("unchecked")
    private static List<List<Double>> candles(HeadlessChromium browser) {
        List<List<Number>> raw = (List<List<Number>>) browser.script(
                "return echarts.getInstanceByDom(document.getElementById('chart')).getOption().series[0].data;");
        List<List<Double>> out = new ArrayList<>();
        for (List<Number> c : raw) {
            out.add(c.stream().map(Number::doubleValue).toList());
        }
        return out;
    }

    private static void await(String what, long millis, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not seen within " + millis + " ms: " + what);
            }
            Thread.sleep(10);
        }
    }
}

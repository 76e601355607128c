package io.tickstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickstore.config.S3Config;
import io.tickstore.config.TickstoreConfig;
import io.tickstore.standins.S3ProxyServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through the HTTP API, with s3proxy in this JVM: days whose local files were dropped (S3-only) answer
 * byte for byte as before the move; with S3 down and an empty cache, a query needing one answers 503
 * with a JSON error naming the object, and a query of warm days answers as usual.
 */
class S3TieredQueryTest {
    @TempDir
    Path dataDir;
    @TempDir
    Path objects;

    @Test
    void s3OnlyDaysAnswerExactlyAsBeforeAndAnUnreachableObjectIsA503NamingIt() throws Exception {
        S3ProxyServer s3 = S3ProxyServer.start(objects);
        Function<TickstoreConfig, TickstoreConfig> config = s3OnlyAfterAPass(s3.endpoint());
        String before;
        try (TestServer server = TestServer.start(dataDir, config)) {
            before = ingestAndLeaveInS3Only(server);
            assertEquals(3 * 2, s3.objects());
            assertEquals(before, TieredQueryTest.answers(server), "S3-only days, fetched into the cache");
            String metrics = server.get("/metrics").body();
            assertTrue(metrics.contains("resilience4j_circuitbreaker_state{name=\"s3\",state=\"closed\"} 1.0"),
                    "the s3 breaker is exported");
            assertTrue(metrics.contains("tickstore_lifecycle_s3_uploads_total 6.0"), "uploads counted");
            // Ticks of an S3-only day (read through the cache) say so; a range spanning it and a warm day both.
            HttpResponse<String> s3Day = server.get(
                    "/api/v1/ticks?exchange=XNAS&symbol=AAPL&from=2024-03-01T00:00:00Z&to=2024-03-02T00:00:00Z");
            assertEquals(200, s3Day.statusCode(), s3Day.body());
            assertEquals("s3", s3Day.headers().firstValue("x-tickstore-tiers").orElse(null));
            HttpResponse<String> spanning = server.get(
                    "/api/v1/ticks?exchange=XNAS&symbol=AAPL&from=2024-03-03T00:00:00Z&to=2024-03-05T00:00:00Z");
            assertEquals(200, spanning.statusCode(), spanning.body());
            assertEquals("s3,warm", spanning.headers().firstValue("x-tickstore-tiers").orElse(null));
            // Bars of a timeframe built from those ticks (45s: no stored one divides it) say so too.
            HttpResponse<String> bars = server.get("/api/v1/ohlcv?exchange=XNAS&symbol=AAPL&timeframe=45s"
                    + "&from=2024-03-01T00:00:00Z&to=2024-03-02T00:00:00Z");
            assertEquals(200, bars.statusCode(), bars.body());
            assertTrue(bars.body().contains("\"open\""), bars.body());
            assertEquals("s3", bars.headers().firstValue("x-tickstore-tiers").orElse(null));
        }
        s3.close();
        // Restarted with an empty cache while S3 is down.
        try (TestServer server = TestServer.start(dataDir, config)) {
            HttpResponse<String> cold = server.get(
                    "/api/v1/ticks?exchange=XNAS&symbol=AAPL&from=2024-03-01T00:00:00Z&to=2024-03-02T00:00:00Z");
            assertEquals(503, cold.statusCode(), cold.body());
            assertTrue(cold.headers().firstValue("content-type").orElse("").startsWith("application/json"));
            assertTrue(cold.body().startsWith("{\"error\":\"cold object tickstore/market_ticks/exchange=XNAS/"
                    + "date=2024-03-01/v1.parquet"), cold.body());
            HttpResponse<String> warm = server.get(
                    "/api/v1/ticks?exchange=XNAS&symbol=AAPL&from=2024-03-04T00:00:00Z&to=2024-03-05T00:00:00Z");
            assertEquals(200, warm.statusCode(), warm.body());
            assertTrue(warm.body().contains("\"symbol\":\"AAPL\""), warm.body());
        }
    }

    /**
     * Tick memory off, lifecycle on with warm_days 1 (passes run by hand), the cold tier copied to
     * {@code endpoint}'s bucket with local_cold_days 0: after a pass the cold days are only in S3.
     */
    /**
     * Ingests {@link TieredQueryTest}'s ticks (4 days, 2 exchanges), runs one lifecycle pass under
     * {@link #s3OnlyAfterAPass} and checks that the 3 older days of each exchange are S3-only now.
     * Returns the query answers from before the pass.
     */
    static String ingestAndLeaveInS3Only(TestServer server) throws Exception {
        TieredQueryTest.ingest(server, 4, 250);
        server.awaitApplied();
        String before = TieredQueryTest.answers(server);
        server.server.lifecycle().runNow();
        assertEquals(3 * 2, server.count("cold_objects WHERE state = 's3-only'"), "3 days x 2 exchanges");
        return before;
    }

    static Function<TickstoreConfig, TickstoreConfig> s3OnlyAfterAPass(String endpoint) {
        return c -> c
                .withQuery(c.query().withTickMemoryMb(0))
                .withLifecycle(c.lifecycle().withEnabled(true).withWarmDays(1).withIntervalSeconds(86_400)
                        .withS3(S3Config.none().withEndpoint(endpoint).withBucket(S3ProxyServer.BUCKET)
                                .withCredentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)
                                .withLocalColdDays(0)));
    }
}

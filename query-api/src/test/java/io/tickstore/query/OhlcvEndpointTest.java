package io.tickstore.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickstore.config.QueryConfig;
import io.vertx.core.MultiMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parameter parsing of /api/v1/ohlcv: where each timeframe's bars come from, range alignment, format. */
class OhlcvEndpointTest {
    private static final OhlcvEndpoint ENDPOINT = new OhlcvEndpoint(new QueryConfig(1, 1000, 10_000, 1000));
    private static final long T0 = 1_704_153_600_000_000L; // 2024-01-02T00:00:00Z
    private static final long MINUTE = 60_000_000L;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "1m, STORED, 1m", "5m, STORED, 5m", "15m, STORED, 15m", "1h, STORED, 1h", "1d, STORED, 1d",
            "60m, STORED, 1h", "3600s, STORED, 1h", "24h, STORED, 1d", "300s, STORED, 5m",
            "7m, ROLL_UP, 1m", "120s, ROLL_UP, 1m", "30m, ROLL_UP, 15m", "45m, ROLL_UP, 15m", "2h, ROLL_UP, 1h",
            "2d, ROLL_UP, 1d", "366d, ROLL_UP, 1d", "10m, ROLL_UP, 5m",
            "90s, TICKS, ", "45s, TICKS, ", "1s, TICKS, "})
    void eachTimeframeHasOneSource(String timeframe, OhlcvEndpoint.Source source, String stored) throws Exception {
        OhlcvEndpoint.Request r = parse("timeframe", timeframe, "from", "2023-01-01T00:00:00Z", "to", Long.toString(T0));
        assertEquals(source, r.source());
        assertEquals(stored, r.stored() == null ? null : r.stored().label());
        assertEquals(timeframe, r.timeframe().label());
    }

    @Test
    void startAndEndAreAlignedUp() throws Exception {
        // 2024-01-02T00:00Z is 4 minutes past a 7m bucket start.
        long firstSevenMinute = (T0 / (7 * MINUTE) + 1) * 7 * MINUTE;
        OhlcvEndpoint.Request r = parse("timeframe", "7m", "from", Long.toString(T0), "to",
                Long.toString(firstSevenMinute + 1));
        assertEquals(firstSevenMinute, r.start());
        assertEquals(firstSevenMinute + 7 * MINUTE, r.end());
        OhlcvEndpoint.Request aligned = parse("timeframe", "1m", "from", Long.toString(T0), "to",
                Long.toString(T0 + MINUTE));
        assertEquals(T0, aligned.start());
        assertEquals(T0 + MINUTE, aligned.end());
    }

    @Test
    void aCursorContinuesFromItsBucket() throws Exception {
        OhlcvEndpoint.Request r = parse("timeframe", "90s", "from", Long.toString(T0), "to",
                Long.toString(T0 + 60 * MINUTE), "cursor", Long.toString(T0 + 3 * MINUTE));
        assertEquals(T0 + 3 * MINUTE, r.start());
        BadParameter e = assertThrows(BadParameter.class, () -> parse("timeframe", "90s", "from", Long.toString(T0),
                "to", Long.toString(T0 + 60 * MINUTE), "cursor", Long.toString(T0 + MINUTE)));
        assertEquals("cursor", e.parameter());
    }

    @Test
    void formatComesFromTheParameterElseFromAccept() throws Exception {
        String[] range = {"exchange", "X", "symbol", "Y", "timeframe", "1m", "from", "2024-01-01T00:00:00Z",
                "to", "2024-01-02T00:00:00Z"};
        assertFalse(ENDPOINT.parse(params(range), false).csv());
        assertTrue(ENDPOINT.parse(params(range), true).csv());
        assertTrue(ENDPOINT.parse(params(append(range, "format", "csv")), false).csv());
        assertFalse(ENDPOINT.parse(params(append(range, "format", "json")), true).csv());
        assertTrue(ENDPOINT.parse(params(append(range, "format", "CSV")), false).csv());
    }

    @Test
    void acceptListingTextCsvSelectsCsv() {
        assertTrue(QueryApi.acceptsCsv("text/csv"));
        assertTrue(QueryApi.acceptsCsv("application/json;q=0.9, Text/CSV; charset=utf-8"));
        assertFalse(QueryApi.acceptsCsv("application/json, */*"));
        assertFalse(QueryApi.acceptsCsv("text/csvx"));
        assertFalse(QueryApi.acceptsCsv(null));
    }

    @Test
    void symbolListsDropDuplicatesAndCountItems() throws Exception {
        QueryParams p = new QueryParams(map("symbols", "B,A,B"), Set.of("symbols"));
        assertEquals(List.of("B", "A"), List.copyOf(p.optionalList("symbols", 3)));
        QueryParams tooMany = new QueryParams(map("symbols", "A,B,C,D"), Set.of("symbols"));
        assertEquals("symbols: more than 3 items",
                assertThrows(BadParameter.class, () -> tooMany.optionalList("symbols", 3)).getMessage());
        assertNull(new QueryParams(map(), Set.of("symbols")).optionalList("symbols", 3));
    }

    private static OhlcvEndpoint.Request parse(String... nameValues) throws BadParameter {
        return ENDPOINT.parse(params(append(nameValues, "exchange", "X", "symbol", "Y")), false);
    }

    private static QueryParams params(String... nameValues) throws BadParameter {
        return new QueryParams(map(nameValues), OhlcvEndpoint.params());
    }

    private static MultiMap map(String... nameValues) {
        MultiMap m = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < nameValues.length; i += 2) {
            m.add(nameValues[i], nameValues[i + 1]);
        }
        return m;
    }

    private static String[] append(String[] a, String... more) {
        String[] out = new String[a.length + more.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(more, 0, out, a.length, more.length);
        return out;
    }
}

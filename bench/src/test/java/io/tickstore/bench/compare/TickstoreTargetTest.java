package io.tickstore.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TickstoreTargetTest {

    @Test
    void theNextCursorIsReadFromTheEndOfAReply() {
        assertNull(TickstoreTarget.nextCursor("{\"bars\":[],\"count\":0,\"next_cursor\":null}"));
        assertEquals("1704205801000000:2",
                TickstoreTarget.nextCursor("{\"ticks\":[],\"count\":2,\"next_cursor\":\"1704205801000000:2\"}"));
    }

    @Test
    void csvTicksAreReadAsTheirValuesWithQuotedTextsAndEmptyFieldsAsNull() {
        List<String> rows = new ArrayList<>();
        TickstoreTarget.ticks("timestamp,sequence_number,bid_price,ask_price,bid_size,ask_size,last_price,last_size,"
                + "volume,conditions,tape\n"
                + "2024-01-02T14:30:00.5Z,7,190.12,190.13000001,500,,,,,\"@,\"\"F\"\"\",C\n"
                + "2024-01-02T14:30:01Z,8,,,,,0.00000005,12.5,1,\"\",\n", rows);
        assertEquals(List.of("2024-01-02T14:30:00.500Z 7 190.12 190.13000001 500 null null null null @,\"F\" C",
                "2024-01-02T14:30:01Z 8 null null null null 0.00000005 12.5 1  null"), rows);
        assertThrows(IllegalStateException.class, () -> TickstoreTarget.ticks("header\n1,2,3\n", new ArrayList<>()));
    }

    @Test
    void csvQuotesAreReadAsTheirValues() {
        List<String> rows = new ArrayList<>();
        TickstoreTarget.quotes("exchange,symbol,bid_price,bid_size,bid_time,ask_price,ask_size,ask_time,last_price,"
                + "last_size,last_time\n"
                + "BENCH,S00001,540.3223,6000,2024-01-14T23:59:59.79577Z,540.33,,2024-01-14T23:59:59.795770Z,,,\n", rows);
        assertEquals(List.of("S00001 2024-01-14T23:59:59.795770Z 540.3223 6000 2024-01-14T23:59:59.795770Z 540.33 null"),
                rows);
    }

    @Test
    void theLoadSummaryComesFromTheServersMetrics() throws Exception {
        String metrics = """
                # HELP tickstore_ingest_backpressure_pauses_total times a connection was paused
                # TYPE tickstore_ingest_backpressure_pauses_total counter
                tickstore_ingest_backpressure_pauses_total{reason="ring_full"} 20.0
                tickstore_ingest_backpressure_pauses_total{reason="hot_tier_full"} 3.0
                tickstore_ingest_backpressure_pauses_total{reason="sink_behind"} 0.0
                tickstore_sink_apply_seconds_count{sink="duckdb"} 6.0
                tickstore_sink_apply_seconds_count{sink="dedupe"} 4.0
                tickstore_sink_apply_seconds_sum{sink="duckdb"} 4.5
                tickstore_sink_apply_seconds_sum{sink="dedupe"} 0.5
                tickstore_sink_apply_seconds_max{sink="duckdb"} 0.99
                tickstore_sink_batch_size_count{sink="duckdb"} 10.0
                tickstore_sink_batch_size_sum{sink="duckdb"} 270000.0
                jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1.2E7
                """;
        assertEquals("23 backpressure pauses (3 hot tier full, 20 ring full); 10 sink batches (DuckDB and the deduplication snapshot), mean 500.0 ms, "
                + "longest 990 ms, mean batch 27,000 messages, 5.0 s applying in all",
                TickstoreTarget.loadMetrics(metrics));
        assertEquals("23 backpressure pauses (3 hot tier full, 20 ring full); 10 sink batches (DuckDB and the deduplication snapshot), mean 500.0 ms, "
                + "longest 990 ms, mean batch 27,000 messages, 5.0 s applying in all; tick memory 270,000 ticks in 21.6 MB",
                TickstoreTarget.loadMetrics(metrics + "tickstore_tick_memory_ticks 270000.0\n"
                        + "tickstore_tick_memory_bytes 2.16E7\n"));
        assertNull(TickstoreTarget.loadMetrics("# nothing\n"));
        assertEquals(123, TickstoreTarget.sinkLong("{\"status\":\"ready\",\"journal_index\":200,\"hot_applied_index\":200,"
                + "\"sinks\":[{\"name\":\"dedupe\",\"applied_index\":7,\"reason\":null},"
                + "{\"name\":\"duckdb\",\"applied_index\":123,\"reason\":\"x\"}],\"backpressure\":null}",
                "duckdb", "applied_index"));
    }
}

package io.tickstore.lifecycle.cold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstore.config.TickstoreConfig;
import io.tickstore.store.TickStore;
import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.model.TickRecord;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cold tier is a standard Parquet lake: files written by a real lifecycle pass are read by
 * parquet-hadoop (an independent reader, not DuckDB) row by row, every value exact — decimals as
 * INT64 DECIMAL(18,8), timestamps as INT64 TIMESTAMP(MICROS, UTC), the exchange and day in the Hive
 * path only — and by DuckDB's {@code read_parquet(…, hive_partitioning = true)} running the very query
 * docs/lifecycle.md shows.
 */
class ColdInteropTest {
    private static final List<String> EXCHANGES = List.of("XNAS", "BATS/EU 'x'");
    private static final List<String> SYMBOLS = List.of("AAPL", "MSFT");
    private static final List<String> DECIMALS = List.of("bid_price", "ask_price", "bid_size", "ask_size", "last_price",
            "last_size", "volume");
    private static final Path LIFECYCLE_MD = Path.of("..", "docs", "lifecycle.md");
    private static final Clock LATER = Clock.fixed(Instant.parse("2024-06-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void parquetHadoopAndDuckDbReadTheColdFilesExactly() throws Exception {
        TickstoreConfig config = ColdFixture.config(dir, 1);
        List<IngestMessage> ticks = ColdFixture.ticks(EXCHANGES, SYMBOLS, 3, 400, 2024);
        Path coldDir = config.lifecycle().coldDir(dir);
        try (TickStore store = ColdFixture.open(config, new SimpleMeterRegistry()); Connection c = store.connect()) {
            ColdFixture.ingest(store, ticks);
            LifecyclePass.Result r = new LifecyclePass(c, config.lifecycle(), coldDir, LATER,
                    new MoveMetrics(new SimpleMeterRegistry())).run();
            assertEquals(List.of(), r.failed());
            assertEquals(2 * EXCHANGES.size(), r.moved().size(), "days 1 and 2 of both exchanges");
        }

        // The expected rows of each cold file, keyed "exchange date", in the file's order.
        Map<String, List<TickRecord>> expected = new TreeMap<>();
        for (IngestMessage m : ticks) {
            LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(m.tick.timestamp, ColdFixture.DAY));
            if (day.isBefore(LocalDate.of(2024, 3, 3))) {
                expected.computeIfAbsent(m.tick.exchange + " " + day, k -> new ArrayList<>()).add(m.tick);
            }
        }
        expected.values().forEach(rows -> rows.sort(Comparator.<TickRecord, String>comparing(t -> t.symbol)
                .thenComparingLong(t -> t.timestamp).thenComparingLong(t -> t.sequenceNumber)));

        List<Path> files;
        try (Stream<Path> walk = Files.walk(coldDir)) {
            files = walk.filter(p -> p.toString().endsWith(".parquet")).sorted().toList();
        }
        assertEquals(expected.size(), files.size(), files.toString());
        Map<String, List<TickRecord>> read = new TreeMap<>();
        for (Path file : files) {
            // A plain local file: parquet-hadoop's own reader, without Hadoop's file system layer.
            LocalInputFile input = new LocalInputFile(file);
            try (ParquetFileReader meta = ParquetFileReader.open(input)) {
                assertFileSchema(meta.getFooter().getFileMetaData().getSchema(), file);
            }
            List<TickRecord> rows = new ArrayList<>();
            try (ParquetReader<Group> reader = new GroupReader(input).build()) {
                for (Group g = reader.read(); g != null; g = reader.read()) {
                    rows.add(tick(g));
                }
            }
            String exchange = URLDecoder.decode(file.getParent().getParent().getFileName().toString()
                    .substring("exchange=".length()), StandardCharsets.UTF_8);
            String date = file.getParent().getFileName().toString().substring("date=".length());
            read.put(exchange + " " + date, rows);
        }
        assertEquals(expected.keySet(), read.keySet());
        for (String partition : expected.keySet()) {
            List<TickRecord> want = expected.get(partition);
            List<TickRecord> got = read.get(partition);
            assertEquals(want.size(), got.size(), partition);
            for (int i = 0; i < want.size(); i++) {
                assertEquals(text(want.get(i)), text(got.get(i)), partition + " row " + i);
            }
        }

        // DuckDB over the whole lake, by the query docs/lifecycle.md shows (its path pointed at this store).
        String documented = documentedDuckDbQuery().replace("data/cold", coldDir.toString().replace('\\', '/'));
        Map<String, String> bySymbol = new TreeMap<>();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = duck.createStatement(); ResultSet rs = s.executeQuery(documented)) {
            while (rs.next()) {
                bySymbol.put(rs.getString(1), rs.getLong(2) + " " + rs.getObject(3) + " " + rs.getObject(4));
            }
        }
        Map<String, String> want = new TreeMap<>();
        for (String symbol : SYMBOLS) {
            List<TickRecord> xnas = new ArrayList<>();
            expected.forEach((k, rows) -> {
                if (k.startsWith("XNAS ")) {
                    rows.stream().filter(t -> t.symbol.equals(symbol)).forEach(xnas::add);
                }
            });
            long min = xnas.stream().mapToLong(t -> t.timestamp).min().orElseThrow();
            long max = xnas.stream().mapToLong(t -> t.timestamp).max().orElseThrow();
            want.put(symbol, xnas.size() + " " + offset(min) + " " + offset(max));
        }
        assertEquals(want, bySymbol, documented);

        // And exact decimal sums, with the Hive columns as DuckDB reads them.
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement();
             ResultSet rs = s.executeQuery("SELECT exchange, CAST(date AS VARCHAR), count(*), sum(bid_price), "
                     + "sum(last_size), typeof(any_value(bid_price)) FROM read_parquet('"
                     + coldDir.toString().replace('\\', '/') + "/market_ticks/**/*.parquet', hive_partitioning = true) "
                     + "GROUP BY ALL ORDER BY ALL")) {
            int partitions = 0;
            while (rs.next()) {
                List<TickRecord> rows = expected.get(rs.getString(1) + " " + rs.getString(2));
                assertEquals(rows.size(), rs.getLong(3));
                assertEquals(sum(rows, t -> t.bidPrice), rs.getBigDecimal(4), rs.getString(1) + " " + rs.getString(2));
                assertEquals(sum(rows, t -> t.lastSize), rs.getBigDecimal(5));
                assertEquals("DECIMAL(18,8)", rs.getString(6));
                partitions++;
            }
            assertEquals(expected.size(), partitions);
        }
    }

    /** parquet-hadoop's example reader of whole rows ({@link Group}s) over an {@link InputFile}. */
    private static final class GroupReader extends ParquetReader.Builder<Group> {
        GroupReader(InputFile file) {
            super(file);
        }

        @Override
        protected org.apache.parquet.hadoop.api.ReadSupport<Group> getReadSupport() {
            return new GroupReadSupport();
        }
    }

    /** The first SQL block under "Reading the cold tier elsewhere" in docs/lifecycle.md. */
    private static String documentedDuckDbQuery() throws Exception {
        String doc = Files.readString(LIFECYCLE_MD);
        int section = doc.indexOf("## Reading the cold tier elsewhere");
        int start = doc.indexOf("```sql\n", section) + "```sql\n".length();
        String sql = doc.substring(start, doc.indexOf("```", start)).trim();
        assertTrue(sql.contains("read_parquet(") && sql.contains("hive_partitioning = true"), sql);
        return sql.endsWith(";") ? sql.substring(0, sql.length() - 1) : sql;
    }

    private static void assertFileSchema(MessageType schema, Path file) {
        assertEquals(List.of("symbol", "timestamp", "bid_price", "ask_price", "bid_size", "ask_size", "last_price",
                "last_size", "volume", "sequence_number", "conditions", "tape", "journal_index"),
                schema.getFields().stream().map(f -> f.getName()).toList(), file + ": no exchange column (it is in the path)");
        for (String name : DECIMALS) {
            PrimitiveType t = schema.getType(name).asPrimitiveType();
            assertEquals(PrimitiveType.PrimitiveTypeName.INT64, t.getPrimitiveTypeName(), name);
            assertEquals(LogicalTypeAnnotation.decimalType(8, 18), t.getLogicalTypeAnnotation(), name);
        }
        PrimitiveType ts = schema.getType("timestamp").asPrimitiveType();
        assertEquals(PrimitiveType.PrimitiveTypeName.INT64, ts.getPrimitiveTypeName());
        assertEquals(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS),
                ts.getLogicalTypeAnnotation(), "timestamp: microseconds, adjusted to UTC");
    }

    /** A row as parquet-hadoop reads it; decimals are the INT64 unscaled values (scale 8), as Decimal8 holds them. */
    private static TickRecord tick(Group g) {
        TickRecord t = new TickRecord();
        t.symbol = g.getString("symbol", 0);
        t.timestamp = g.getLong("timestamp", 0);
        t.bidPrice = decimal(g, "bid_price");
        t.askPrice = decimal(g, "ask_price");
        t.bidSize = decimal(g, "bid_size");
        t.askSize = decimal(g, "ask_size");
        t.lastPrice = decimal(g, "last_price");
        t.lastSize = decimal(g, "last_size");
        t.volume = decimal(g, "volume");
        t.sequenceNumber = g.getLong("sequence_number", 0);
        t.conditions = g.getFieldRepetitionCount("conditions") == 0 ? null : g.getString("conditions", 0);
        t.tape = g.getFieldRepetitionCount("tape") == 0 ? null : g.getString("tape", 0);
        assertTrue(g.getLong("journal_index", 0) > 0, "journal_index");
        return t;
    }

    private static long decimal(Group g, String field) {
        return g.getFieldRepetitionCount(field) == 0 ? Decimal8.NULL : g.getLong(field, 0);
    }

    private static String text(TickRecord t) {
        return String.join("|", t.symbol, Long.toString(t.timestamp), Long.toString(t.sequenceNumber),
                Long.toString(t.bidPrice), Long.toString(t.askPrice), Long.toString(t.bidSize), Long.toString(t.askSize),
                Long.toString(t.lastPrice), Long.toString(t.lastSize), Long.toString(t.volume), String.valueOf(t.conditions),
                String.valueOf(t.tape));
    }

    private static BigDecimal sum(List<TickRecord> rows, java.util.function.ToLongFunction<TickRecord> field) {
        BigDecimal total = null;
        for (TickRecord t : rows) {
            long v = field.applyAsLong(t);
            if (v != Decimal8.NULL) {
                BigDecimal d = BigDecimal.valueOf(v, 8);
                total = total == null ? d : total.add(d);
            }
        }
        return total;
    }

    /** The JDBC value of a TIMESTAMP WITH TIME ZONE column for epoch microseconds. */
    private static Object offset(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1000)
                .atOffset(ZoneOffset.UTC);
    }
}

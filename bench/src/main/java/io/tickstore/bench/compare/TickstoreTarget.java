package io.tickstore.bench.compare;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tickstore.bench.jmh.ChronicleJvmFlags;
import io.tickstore.bench.load.IngestConnections;
import io.tickstore.bench.load.TickJsonWriter;
import io.tickstore.standins.S3ProxyServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * tickstore as its own process ({@code io.tickstore.server.Main serve}, this JVM's java, the
 * Chronicle flags, default heap) on a free loopback port with a fresh data directory. Ingest goes
 * through {@code /ws/ingest} with the load generator's connections and JSON writer; queries through
 * the HTTP API, following {@code next_cursor} until the answer is complete.
 */
final class TickstoreTarget implements Target {
    static final int FRAME_TICKS = 500;
    static final int WINDOW = 16;
    private static final int LIMIT = 10_000; // query.max_limit's default
    private static final long ACK_TIMEOUT_SECONDS = 600;
    private static final JsonFactory JSON = new JsonFactory();

    private final Path dir;
    private final String classpath;
    private BlockingHttp http;
    private final boolean keep;
    private final boolean csv;
    /** Ingest frames of rows ({@link TickJsonWriter#row}) rather than of tick objects. */
    private final boolean rows;
    private ServerProcess process;
    private int port;
    private IngestConnections ingest;
    private String loadMetrics;
    private String storedMetrics;
    /** -1, or the lifecycle.warm_days of the one pass {@link #moveToCold} runs. */
    private final int lifecycleWarmDays;
    /** With a pass: the S3 endpoint the cold tier is copied to (and left only in), or null for none. */
    private final String s3Endpoint;
    /** The tiers of the last fetch's pages, in tier order. */
    private final java.util.Set<String> lastTiers = new java.util.TreeSet<>(TickstoreTarget::tierOrder);
    private boolean lastTiersSeen;

    /**
     * @param dir a fresh directory for the data and the log, deleted by {@link #close} unless {@code keep}
     * @param csv the ticks and latest-quote queries ask for CSV rather than JSON
     * @param lifecycleWarmDays -1, or: lifecycle on with this warm_days, tick and bar memory off, and one pass
     *                          run by {@link #moveToCold} (the scheduled ones are a day apart)
     * @param s3Endpoint null, or (with a pass) an S3-compatible store with bucket {@link S3ProxyServer#BUCKET}:
     *                   the pass uploads each cold partition and drops its local file
     *                   ({@code lifecycle.local_cold_days = 0}), so cold reads go through the S3 object cache
     */
    TickstoreTarget(Path dir, String classpath, boolean keep, boolean csv, boolean rows, int lifecycleWarmDays,
                    String s3Endpoint) {
        this.dir = dir;
        this.classpath = classpath;
        this.keep = keep;
        this.csv = csv;
        this.rows = rows;
        this.lifecycleWarmDays = lifecycleWarmDays;
        this.s3Endpoint = s3Endpoint;
    }

    /** Whether this run moves the data to the cold tier before its queries ({@link #moveToCold}). */
    boolean movesToCold() {
        return lifecycleWarmDays >= 0;
    }

    @Override
    public String name() {
        return "tickstore";
    }

    @Override
    public void start() throws Exception {
        Files.createDirectories(dir);
        port = ServerProcess.freePort();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ChronicleJvmFlags.ALL);
        cmd.addAll(List.of("-cp", classpath, "io.tickstore.server.Main", "serve"));
        Map<String, String> env = new java.util.HashMap<>(Map.of("TICKSTORE_DATA_DIR", dir.resolve("data").toString(),
                "TICKSTORE_HTTP_HOST", "127.0.0.1", "TICKSTORE_HTTP_PORT", Integer.toString(port)));
        if (movesToCold()) {
            // Memory would answer every query of this data: off, so they read the stored tiers.
            env.putAll(Map.of("TICKSTORE_LIFECYCLE_ENABLED", "true",
                    "TICKSTORE_LIFECYCLE_WARM_DAYS", Integer.toString(lifecycleWarmDays),
                    "TICKSTORE_LIFECYCLE_INTERVAL_S", "86400",
                    "TICKSTORE_QUERY_TICK_MEMORY_MB", "0", "TICKSTORE_QUERY_BAR_MEMORY_DAYS", "0"));
            if (s3Endpoint != null) {
                env.putAll(Map.of("TICKSTORE_LIFECYCLE_S3_ENDPOINT", s3Endpoint,
                        "TICKSTORE_LIFECYCLE_S3_BUCKET", S3ProxyServer.BUCKET,
                        "TICKSTORE_LIFECYCLE_S3_ACCESS_KEY", S3ProxyServer.ACCESS_KEY,
                        "TICKSTORE_LIFECYCLE_S3_SECRET_KEY", S3ProxyServer.SECRET_KEY,
                        "TICKSTORE_LIFECYCLE_LOCAL_COLD_DAYS", "0"));
            }
        }
        process = ServerProcess.start("tickstore", cmd, env, dir, dir.resolve("tickstore.log"));
        http = new BlockingHttp("127.0.0.1", port);
        process.awaitReady(120, () -> get("/ready").status() == 200); // a failed try leaves no socket open
    }

    @Override
    public String version() {
        return "tickstore " + Versions.tickstore();
    }

    @Override
    public List<ParallelLoad.Worker> ingestWorkers(DataSet data, int connections) throws Exception {
        ingest = IngestConnections.connect(URI.create("ws://127.0.0.1:" + port + "/ws/ingest"), connections, WINDOW,
                c -> { });
        List<ParallelLoad.Worker> workers = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            workers.add(new FrameWorker(c, data));
        }
        return workers;
    }

    /**
     * Writes one connection's ticks as 500-tick JSON frames — of rows under a header, or of tick
     * objects — at most {@link #WINDOW} unacked.
     */
    private final class FrameWorker implements ParallelLoad.Worker {
        private final int connection;
        private final TickJsonWriter json = new TickJsonWriter();
        private final StringBuilder frame = new StringBuilder(FRAME_TICKS * 220);
        private final String[] prefixes;
        private int count;

        FrameWorker(int connection, DataSet data) {
            this.connection = connection;
            this.prefixes = new String[data.symbols()];
            for (int s = 0; s < prefixes.length; s++) {
                prefixes[s] = rows ? TickJsonWriter.rowPrefix(data.exchange(), data.symbol(s))
                        : TickJsonWriter.prefix(data.exchange(), data.symbol(s));
            }
        }

        @Override
        public void rows(ParallelLoad.TickChunk c) throws IOException {
            for (int i = 0; i < c.size; i++) {
                if (count == 0) {
                    frame.append('[');
                    if (rows) {
                        frame.append(TickJsonWriter.ROWS_HEADER).append(',');
                    }
                } else {
                    frame.append(',');
                }
                if (rows) {
                    json.row(frame, prefixes[c.symbol[i]], c.timestamp[i], c.bidPrice[i], c.askPrice[i], c.bidSize[i],
                            c.askSize[i], c.lastPrice[i], c.lastSize[i], c.sequence[i]);
                } else {
                    json.tick(frame, prefixes[c.symbol[i]], c.timestamp[i], c.bidPrice[i], c.askPrice[i], c.bidSize[i],
                            c.askSize[i], c.lastPrice[i], c.lastSize[i], c.sequence[i]);
                }
                if (++count == FRAME_TICKS) {
                    send();
                }
            }
        }

        private void send() throws IOException {
            frame.append(']');
            ingest.sendWhenRoom(connection, frame.toString(), count);
            frame.setLength(0);
            count = 0;
        }

        @Override
        public void finish() throws IOException {
            if (count > 0) {
                send();
            }
            ingest.awaitReplies(connection, ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Override
    public void awaitQueryable(DataSet data, long ticks) throws Exception {
        try {
            if (ingest.errorReplies() > 0 || ingest.closedByPeer() > 0) {
                throw new IllegalStateException("ingest failed: " + ingest.errorReplies() + " error replies "
                        + ingest.errors() + ", " + ingest.closedByPeer() + " connections closed " + ingest.problems());
            }
            if (ingest.accepted() != ticks || ingest.duplicates() != 0) {
                throw new IllegalStateException("expected " + ticks + " ticks accepted and 0 duplicates, got "
                        + ingest.accepted() + " accepted and " + ingest.duplicates() + " duplicates");
            }
        } finally {
            ingest.close();
        }
        awaitReady("the hot tier", "hot_applied_index", null);
        loadMetrics = loadMetrics(get("/metrics").body());
    }

    /** Waits until the DuckDB sink has stored every tick too (the warm tier; queries never wait for it). */
    @Override
    public boolean awaitStored(DataSet data, long ticks) throws Exception {
        awaitReady("the DuckDB sink", "applied_index", "duckdb");
        storedMetrics = loadMetrics(get("/metrics").body());
        return true;
    }

    /**
     * Polls {@code /ready} until {@code field} (top-level, or of the sink named {@code sink}) reaches
     * journal_index.
     */
    private void awaitReady(String what, String field, String sink) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (true) {
            BlockingHttp.Reply r = get("/ready");
            if (r.status() != 200) {
                throw new IllegalStateException("tickstore /ready answered " + r.status() + ": " + r.body());
            }
            long journal = jsonLong(r.body(), "journal_index");
            long applied = sink == null ? jsonLong(r.body(), field) : sinkLong(r.body(), sink, field);
            if (journal >= 0 && applied >= journal) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(what + " did not reach the journal within 10 minutes: " + r.body());
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    /** A number field of the sink named {@code sink} in /ready's "sinks" list, or -1. */
    static long sinkLong(String body, String sink, String field) throws IOException {
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return -1;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (!name.equals("sinks") || v != JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    String sinkName = null;
                    long value = -1;
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String f = p.currentName();
                        JsonToken t = p.nextToken();
                        if (f.equals("name") && t == JsonToken.VALUE_STRING) {
                            sinkName = p.getText();
                        } else if (f.equals(field) && t == JsonToken.VALUE_NUMBER_INT) {
                            value = p.getLongValue();
                        } else {
                            p.skipChildren();
                        }
                    }
                    if (sink.equals(sinkName)) {
                        return value;
                    }
                }
                return -1;
            }
        }
        return -1;
    }

    /**
     * After the data is stored: runs one lifecycle pass ({@code POST /api/v1/admin/lifecycle/run}) and reads
     * {@code GET /api/v1/tiers} before and after it. Not timed with the queries.
     */
    ColdMove moveToCold(long ticks) throws Exception {
        JsonObject before = new JsonObject(ok(get("/api/v1/tiers")));
        java.net.http.HttpResponse<String> run = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/admin/lifecycle/run"))
                        .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        if (run.statusCode() != 200) {
            throw new IllegalStateException("the lifecycle pass answered " + run.statusCode() + ": " + run.body());
        }
        JsonObject did = new JsonObject(run.body());
        if (!did.getJsonArray("failed").isEmpty()) {
            throw new IllegalStateException("moves failed: " + did.getJsonArray("failed"));
        }
        JsonObject after = new JsonObject(ok(get("/api/v1/tiers")));
        JsonObject cold = tier(after, "cold");
        java.util.Set<String> coldDays = new java.util.TreeSet<>();
        java.util.Set<String> allDays = new java.util.TreeSet<>();
        for (String t : List.of("warm", "cold")) {
            for (Object p : tier(after, t).getJsonArray("partitions")) {
                String day = ((JsonObject) p).getString("day");
                allDays.add(day);
                if (t.equals("cold")) {
                    coldDays.add(day);
                }
            }
        }
        JsonObject moved = did.getJsonObject("moved");
        long s3Only = s3Endpoint == null ? -1 : metricSum(ok(get("/metrics")),
                "tickstore_lifecycle_s3_partitions{state=\"s3-only\"");
        return new ColdMove(moved.getInteger("partitions"), moved.getLong("rows"), moved.getLong("bytes"),
                moved.getLong("ms"), coldDays.size(), allDays.size(), cold.getJsonObject("totals").getLong("rows"),
                cold.getJsonObject("totals").getLong("bytes"),
                tier(before, "warm").getJsonObject("totals").getLong("bytes"), ticks,
                cold.getJsonArray("partitions").size(), s3Only);
    }

    /** The sum of the /metrics samples whose line starts with {@code prefix} (name and labels), or -1 if none. */
    static long metricSum(String metrics, String prefix) {
        double sum = 0;
        boolean seen = false;
        for (String line : metrics.split("\n")) {
            if (line.startsWith(prefix)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                seen = true;
            }
        }
        return seen ? Math.round(sum) : -1;
    }

    /**
     * What {@link #moveToCold} did and found: partitions, rows and Parquet bytes moved and how long the pass
     * took; days cold of all days stored; the cold tier's rows and bytes; DuckDB's bytes (file and
     * write-ahead log, every table) before the pass, for {@code ticks} ticks; the cold tier's partitions
     * and, with S3, how many of them are only in S3 after the pass (-1 without S3).
     */
    record ColdMove(int partitions, long rows, long bytes, long ms, int coldDays, int days, long coldRows,
                    long coldBytes, long duckDbBytesBefore, long ticks, int coldPartitions, long s3OnlyPartitions) {
    }

    private static JsonObject tier(JsonObject tiers, String name) {
        for (Object t : tiers.getJsonArray("tiers")) {
            if (((JsonObject) t).getString("tier").equals(name)) {
                return (JsonObject) t;
            }
        }
        throw new IllegalStateException("GET /api/v1/tiers lists no " + name + " tier: " + tiers.encode());
    }

    @Override
    public String lastTiers() {
        return lastTiersSeen ? String.join(",", lastTiers) : null;
    }

    /** As the server lists them, from the oldest data to the newest; any other tier after, by name. */
    private static int tierOrder(String a, String b) {
        List<String> known = List.of("postgres", "s3", "cold", "warm", "hot");
        int ia = known.indexOf(a);
        int ib = known.indexOf(b);
        if (ia >= 0 && ib >= 0) {
            return Integer.compare(ia, ib);
        }
        return ia >= 0 ? -1 : ib >= 0 ? 1 : a.compareTo(b);
    }

    @Override
    public Object fetch(Query q, DataSet data) throws Exception {
        lastTiers.clear();
        lastTiersSeen = false;
        String exchange = data.exchange();
        List<String> bodies = new ArrayList<>();
        switch (q.kind()) {
            case LATEST_QUOTES -> bodies.add(ok(get("/api/v1/quotes/latest?exchange=" + exchange
                    + (csv ? "&format=csv" : ""))));
            case TICKS_HOUR -> pages(bodies, "/api/v1/ticks?exchange=" + exchange + "&symbol=" + data.symbol(q.symbol())
                    + "&from=" + q.from() + "&to=" + q.to() + "&limit=" + LIMIT + (csv ? "&format=csv" : ""), csv);
            default -> {
                int first = q.symbol() < 0 ? 0 : q.symbol();
                int last = q.symbol() < 0 ? data.symbols() - 1 : q.symbol();
                for (int s = first; s <= last; s++) {
                    pages(bodies, "/api/v1/ohlcv?exchange=" + exchange + "&symbol=" + data.symbol(s) + "&timeframe="
                            + q.kind().timeframe + "&from=" + q.from() + "&to=" + q.to() + "&limit=" + LIMIT, false);
                }
            }
        }
        return bodies;
    }

    /**
     * Every page of a paged endpoint, following the next cursor: a JSON reply's next_cursor (its last
     * field), a CSV reply's ({@code csv}) X-Next-Cursor header.
     */
    private void pages(List<String> bodies, String pathAndQuery, boolean csv) throws Exception {
        String cursor = null;
        do {
            BlockingHttp.Reply r = get(cursor == null ? pathAndQuery
                    : pathAndQuery + "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            String body = ok(r);
            bodies.add(body);
            if (r.tiers() != null) {
                lastTiersSeen = true;
                for (String t : r.tiers().split(",")) {
                    if (!t.isBlank()) {
                        lastTiers.add(t.trim());
                    }
                }
            }
            cursor = csv ? r.nextCursor() : nextCursor(body);
        } while (cursor != null);
    }

    static String nextCursor(String body) {
        int at = body.lastIndexOf("\"next_cursor\":");
        if (at < 0) {
            throw new IllegalStateException("no next_cursor in a paged reply: " + shorten(body));
        }
        at += "\"next_cursor\":".length();
        if (body.startsWith("null", at)) {
            return null;
        }
        int end = body.indexOf('"', at + 1);
        return body.substring(at + 1, end);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Answer answer(Query q, DataSet data, Object fetched) throws IOException {
        List<String> rows = new ArrayList<>();
        for (String body : (List<String>) fetched) {
            switch (q.kind()) {
                case LATEST_QUOTES -> {
                    if (csv) {
                        quotes(body, rows);
                    } else {
                        quotesJson(body, rows);
                    }
                }
                case TICKS_HOUR -> {
                    if (csv) {
                        ticks(body, rows);
                    } else {
                        ticksJson(body, rows);
                    }
                }
                default -> bars(body, rows);
            }
        }
        return new Answer(rows);
    }

    /** {@code {"exchange":…,"symbol":…,"timeframe":…,"bars":[{"time","open",…}],…}}. */
    private static void bars(String body, List<String> rows) throws IOException {
        try (JsonParser p = JSON.createParser(body)) {
            expect(p.nextToken(), JsonToken.START_OBJECT, body);
            String symbol = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals("symbol")) {
                    symbol = p.getText();
                } else if (field.equals("bars")) {
                    expect(p.currentToken(), JsonToken.START_ARRAY, body);
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        Map<String, String> bar = object(p);
                        rows.add(Answer.bar(symbol, Answer.time(bar.get("time")), Answer.decimal(bar.get("open")),
                                Answer.decimal(bar.get("high")), Answer.decimal(bar.get("low")),
                                Answer.decimal(bar.get("close")), Answer.decimal(bar.get("volume")),
                                Answer.decimal(bar.get("vwap")), Long.parseLong(bar.get("trade_count"))));
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
    }

    /** {@code exchange,symbol,bid_price,bid_size,bid_time,ask_price,ask_size,ask_time,…} and a line per quote. */
    static void quotes(String body, List<String> rows) {
        List<String> f = new ArrayList<>(11);
        for (int at = body.indexOf('\n') + 1; at < body.length(); ) {
            at = csvLine(body, at, f);
            if (f.size() != 11) {
                throw new IllegalStateException("expected 11 fields, got " + f.size() + ": " + f);
            }
            rows.add(f.get(1) + ' ' + Answer.time(f.get(4)) + ' ' + Answer.decimal(f.get(2)) + ' '
                    + Answer.decimal(f.get(3)) + ' ' + Answer.time(f.get(7)) + ' ' + Answer.decimal(f.get(5)) + ' '
                    + Answer.decimal(f.get(6)));
        }
    }

    /** {@code {"quotes":[{"exchange","symbol","bid_price","bid_size","bid_time",…}]}}. */
    private static void quotesJson(String body, List<String> rows) throws IOException {
        try (JsonParser p = JSON.createParser(body)) {
            expect(p.nextToken(), JsonToken.START_OBJECT, body);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals("quotes")) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        Map<String, String> q = object(p);
                        rows.add(q.get("symbol") + ' ' + Answer.time(q.get("bid_time")) + ' '
                                + Answer.decimal(q.get("bid_price")) + ' ' + Answer.decimal(q.get("bid_size")) + ' '
                                + Answer.time(q.get("ask_time")) + ' ' + Answer.decimal(q.get("ask_price")) + ' '
                                + Answer.decimal(q.get("ask_size")));
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
    }

    /**
     * {@code timestamp,sequence_number,bid_price,ask_price,bid_size,ask_size,last_price,last_size,volume,conditions,tape}
     * and a line per tick; an empty field is null, a quoted one text (RFC 4180).
     */
    static void ticks(String body, List<String> rows) {
        List<String> fields = new ArrayList<>(11);
        int at = body.indexOf('\n') + 1; // after the header
        while (at < body.length()) {
            at = csvLine(body, at, fields);
            if (fields.size() != 11) {
                throw new IllegalStateException("expected 11 fields, got " + fields.size() + ": " + fields);
            }
            rows.add(Answer.time(fields.get(0)) + ' ' + fields.get(1) + ' ' + Answer.decimal(fields.get(2)) + ' '
                    + Answer.decimal(fields.get(3)) + ' ' + Answer.decimal(fields.get(4)) + ' '
                    + Answer.decimal(fields.get(5)) + ' ' + Answer.decimal(fields.get(6)) + ' '
                    + Answer.decimal(fields.get(7)) + ' ' + Answer.decimal(fields.get(8)) + ' '
                    + Answer.text(fields.get(9)) + ' ' + Answer.text(fields.get(10)));
        }
    }

    /** Reads one CSV line from {@code at} into {@code fields} (an empty unquoted field as null); returns the next line's start. */
    static int csvLine(String text, int at, List<String> fields) {
        fields.clear();
        StringBuilder field = new StringBuilder();
        while (true) {
            field.setLength(0);
            boolean quoted = at < text.length() && text.charAt(at) == '"';
            if (quoted) {
                at++;
                while (true) {
                    char c = text.charAt(at++);
                    if (c == '"') {
                        if (at < text.length() && text.charAt(at) == '"') {
                            field.append('"');
                            at++;
                        } else {
                            break;
                        }
                    } else {
                        field.append(c);
                    }
                }
            } else {
                while (at < text.length() && text.charAt(at) != ',' && text.charAt(at) != '\n') {
                    field.append(text.charAt(at++));
                }
            }
            fields.add(quoted || field.length() > 0 ? field.toString() : null);
            if (at >= text.length() || text.charAt(at) == '\n') {
                return at + 1;
            }
            at++; // the comma
        }
    }

    /** {@code {"exchange","symbol","ticks":[{"timestamp","sequence_number",…}],"count","next_cursor"}}. */
    private static void ticksJson(String body, List<String> rows) throws IOException {
        try (JsonParser p = JSON.createParser(body)) {
            expect(p.nextToken(), JsonToken.START_OBJECT, body);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals("ticks")) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        Map<String, String> t = object(p);
                        rows.add(Answer.time(t.get("timestamp")) + ' ' + t.get("sequence_number") + ' '
                                + Answer.decimal(t.get("bid_price")) + ' ' + Answer.decimal(t.get("ask_price")) + ' '
                                + Answer.decimal(t.get("bid_size")) + ' ' + Answer.decimal(t.get("ask_size")) + ' '
                                + Answer.decimal(t.get("last_price")) + ' ' + Answer.decimal(t.get("last_size")) + ' '
                                + Answer.decimal(t.get("volume")) + ' ' + Answer.text(t.get("conditions")) + ' '
                                + Answer.text(t.get("tape")));
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
    }

    /** A flat object's fields as their exact texts (numbers as written, null as null); at its END_OBJECT after. */
    private static Map<String, String> object(JsonParser p) throws IOException {
        Map<String, String> fields = new TreeMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            fields.put(name, v == JsonToken.VALUE_NULL ? null : p.getText());
            p.skipChildren();
        }
        return fields;
    }

    private static void expect(JsonToken actual, JsonToken expected, String body) {
        if (actual != expected) {
            throw new IllegalStateException("expected " + expected + ", got " + actual + " in " + shorten(body));
        }
    }

    private static long jsonLong(String body, String field) throws IOException {
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return -1;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (name.equals(field) && v == JsonToken.VALUE_NUMBER_INT) {
                    return p.getLongValue();
                }
                p.skipChildren();
            }
        }
        return -1;
    }

    /**
     * The server's own view of the load, from /metrics: backpressure pauses (by reason) and the DuckDB
     * sink's batches. Best effort: null if absent.
     */
    static String loadMetrics(String metrics) {
        Map<String, Double> sums = new TreeMap<>();
        Map<String, Double> pausesByReason = new TreeMap<>();
        for (String line : metrics.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            int brace = line.indexOf('{');
            String name = line.substring(0, brace >= 0 && brace < space ? brace : space);
            try {
                double v = Double.parseDouble(line.substring(space + 1));
                sums.merge(name, v, name.endsWith("_max") ? Math::max : Double::sum);
                int reason = line.indexOf("reason=\"");
                if (name.equals("tickstore_ingest_backpressure_pauses_total") && reason >= 0) {
                    int from = reason + "reason=\"".length();
                    pausesByReason.merge(line.substring(from, line.indexOf('"', from)), v, Double::sum);
                }
            } catch (NumberFormatException e) {
                // not a sample line
            }
        }
        Double pauses = sums.get("tickstore_ingest_backpressure_pauses_total");
        Double commits = sums.get("tickstore_sink_apply_seconds_count");
        Double commitSeconds = sums.get("tickstore_sink_apply_seconds_sum");
        Double commitMax = sums.get("tickstore_sink_apply_seconds_max");
        Double batch = sums.get("tickstore_sink_batch_size_sum");
        if (pauses == null || commits == null || commitSeconds == null || commits == 0) {
            return null;
        }
        StringBuilder reasons = new StringBuilder();
        pausesByReason.forEach((reason, n) -> {
            if (n > 0) {
                reasons.append(reasons.length() == 0 ? " (" : ", ").append(String.format(Locale.ROOT, "%,.0f ", n))
                        .append(reason.replace('_', ' '));
            }
        });
        if (reasons.length() > 0) {
            reasons.append(')');
        }
        Double memoryTicks = sums.get("tickstore_tick_memory_ticks");
        Double memoryBytes = sums.get("tickstore_tick_memory_bytes");
        return String.format(Locale.ROOT, "%,.0f backpressure pauses%s; %,.0f sink batches (DuckDB and the "
                        + "deduplication snapshot), mean %.1f ms%s%s, %.1f s applying in all%s", pauses, reasons,
                commits, commitSeconds * 1000 / commits,
                commitMax == null ? "" : String.format(Locale.ROOT, ", longest %.0f ms", commitMax * 1000),
                batch == null ? "" : String.format(Locale.ROOT, ", mean batch %,.0f messages", batch / commits),
                commitSeconds, memoryTicks == null || memoryBytes == null ? ""
                        : String.format(Locale.ROOT, "; tick memory %,.0f ticks in %,.1f MB", memoryTicks,
                                memoryBytes / 1e6));
    }

    private BlockingHttp.Reply get(String pathAndQuery) throws IOException {
        return http.get(pathAndQuery);
    }

    private static String ok(BlockingHttp.Reply r) {
        if (r.status() != 200) {
            throw new IllegalStateException("GET " + r.path() + " answered " + r.status() + ": " + shorten(r.body()));
        }
        return r.body();
    }

    private static String shorten(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    @Override
    public List<String> setup() {
        List<String> lines = new ArrayList<>(List.of(
                "own process: `io.tickstore.server.Main serve`, defaults (data in a fresh temp dir), this JVM ("
                        + Runtime.version() + "), default heap",
                "ingest: `/ws/ingest`, JSON frames of " + FRAME_TICKS + " ticks (" + (rows ? "rows under a header"
                        : "tick objects") + "), at most " + WINDOW
                        + " unacked frames per connection; acked = in the Chronicle journal (survives a kill of the "
                        + "process; not fsynced); queryable = `/ready` hot_applied_index reached journal_index (the "
                        + "hot tier: memory); stored = the DuckDB sink's applied_index reached it",
                "queries: `/api/v1/ohlcv` (per symbol; 1m and 1h are the stored bars (a cold day's are built from its cold ticks), which the server also holds "
                        + "in memory (`query.bar_memory_days`), 7m is rolled up from the stored 1m bars), "
                        + "`/api/v1/quotes/latest?exchange=`, `/api/v1/ticks` (the server holds the newest stored ticks "
                        + "in memory outside the Java heap, `query.tick_memory_mb`, default 1024 MiB; "
                        + (csv ? "ticks and quotes asked for as CSV, `format=csv`: a third and a half of the JSON's size"
                                : "every query asked for JSON")
                        + "); limit " + LIMIT
                        + ", following next_cursor; HTTP/1.1 on one kept-alive socket read on the calling thread "
                        + "(`BlockingHttp`, as the JDBC driver reads for the SQL targets)"));
        if (loadMetrics != null) {
            lines.add("its /metrics once queryable: " + loadMetrics);
        }
        if (storedMetrics != null) {
            lines.add("its /metrics once stored in DuckDB: " + storedMetrics);
        }
        return lines;
    }

    @Override
    public void close() {
        if (http != null) {
            http.close();
        }
        if (ingest != null) {
            ingest.close();
        }
        if (process != null) {
            process.close();
        }
        if (!keep) {
            ServerProcess.deleteTree(dir);
        }
    }
}

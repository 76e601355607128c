package io.tickstore.bench.compare;

import io.questdb.client.Sender;
import io.questdb.client.std.Decimal64;
import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.EpochMicros;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * QuestDB from its Maven Central server jar, as its own process ({@code java -p questdb.jar -m
 * io.questdb/io.questdb.ServerMain -d ROOT}) with a fresh root, HTTP and PG wire on free loopback
 * ports, the other listeners and telemetry off. Ingest: the ILP client over HTTP into a WAL table
 * deduplicated like tickstore (on the designated timestamp too, as QuestDB requires); queries
 * over the PG wire with SAMPLE BY, first()/last() and LATEST ON.
 */
final class QuestDbTarget extends SqlTarget {
    static final int FLUSH_ROWS = 75_000;
    static final String DDL = "CREATE TABLE " + TABLE + " (exchange SYMBOL, symbol SYMBOL CAPACITY %d, ts TIMESTAMP, "
            + "bid_price DECIMAL(18,8), ask_price DECIMAL(18,8), bid_size DECIMAL(18,8), ask_size DECIMAL(18,8), "
            + "last_price DECIMAL(18,8), last_size DECIMAL(18,8), volume DECIMAL(18,8), sequence_number LONG, "
            + "conditions VARCHAR, tape VARCHAR) TIMESTAMP(ts) PARTITION BY DAY WAL "
            + "DEDUP UPSERT KEYS(ts, exchange, symbol, sequence_number)";

    private final Path root;
    private final Path jar;
    private final String java;
    private final boolean keep;
    private ServerProcess process;
    private int httpPort;
    private int pgPort;
    private String version = "QuestDB";
    private String ddl;

    /**
     * @param root a fresh directory for QuestDB's root, deleted by {@link #close} unless kept
     * @param java the java executable to run it with (see {@link #javaFor})
     * @param keep leave the root in place after the run
     */
    QuestDbTarget(Path root, Path jar, String java, boolean keep) {
        this.root = root;
        this.jar = jar;
        this.java = java;
        this.keep = keep;
    }

    @Override
    public String name() {
        return "QuestDB";
    }

    @Override
    public void start() throws Exception {
        Files.createDirectories(root.resolve("conf"));
        httpPort = ServerProcess.freePort();
        pgPort = ServerProcess.freePort();
        Files.writeString(root.resolve("conf").resolve("server.conf"), String.join("\n",
                "# written by tickstore compare: loopback only, nothing but HTTP and the PG wire, no telemetry",
                "http.bind.to=127.0.0.1:" + httpPort,
                "http.min.enabled=false",
                "pg.net.bind.to=127.0.0.1:" + pgPort,
                "line.tcp.enabled=false",
                "line.udp.enabled=false",
                "telemetry.enabled=false",
                ""));
        List<String> cmd = List.of(java, "-p", jar.toString(), "-m", "io.questdb/io.questdb.ServerMain", "-d",
                root.toString());
        process = ServerProcess.start("QuestDB", cmd, Map.of(), root, root.resolve("questdb.log"));
        process.awaitReady(120, () -> {
            try {
                sql = DriverManager.getConnection(jdbcUrl(), credentials());
                return true;
            } catch (SQLException e) {
                return false;
            }
        });
        String build = single(sql, "SELECT build()"); // "Build Information: QuestDB 9.3.4, JDK ..., Commit Hash ..."
        int at = build.indexOf("QuestDB");
        int comma = at < 0 ? -1 : build.indexOf(',', at);
        version = at < 0 ? build : comma < 0 ? build.substring(at) : build.substring(at, comma);
    }

    private String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + pgPort + "/qdb";
    }

    private static Properties credentials() {
        Properties p = new Properties();
        p.setProperty("user", "admin");
        p.setProperty("password", "quest");
        p.setProperty("sslmode", "disable");
        return p;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public List<ParallelLoad.Worker> ingestWorkers(DataSet data, int connections) throws Exception {
        ddl = String.format(DDL, Math.max(256, Integer.highestOneBit(data.symbols() - 1) << 1));
        try (Statement s = sql.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + TABLE);
            s.execute(ddl);
        }
        List<ParallelLoad.Worker> workers = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            workers.add(new IlpWorker(data, Sender.builder(Sender.Transport.HTTP).address("127.0.0.1:" + httpPort)
                    .autoFlushRows(FLUSH_ROWS).build()));
        }
        return workers;
    }

    /** One ILP/HTTP sender; every flush (auto, or the last) returns once QuestDB committed it to the WAL. */
    private static final class IlpWorker implements ParallelLoad.Worker {
        private final Sender sender;
        private final String exchange;
        private final String[] symbols;
        private final Decimal64 d = new Decimal64();

        IlpWorker(DataSet data, Sender sender) {
            this.sender = sender;
            this.exchange = data.exchange();
            this.symbols = new String[data.symbols()];
            for (int s = 0; s < symbols.length; s++) {
                symbols[s] = data.symbol(s);
            }
        }

        @Override
        public void rows(ParallelLoad.TickChunk c) {
            for (int i = 0; i < c.size; i++) {
                sender.table(TABLE).symbol("exchange", exchange).symbol("symbol", symbols[c.symbol[i]]);
                decimal("bid_price", c.bidPrice[i]);
                decimal("ask_price", c.askPrice[i]);
                decimal("bid_size", c.bidSize[i]);
                decimal("ask_size", c.askSize[i]);
                decimal("last_price", c.lastPrice[i]);
                decimal("last_size", c.lastSize[i]);
                sender.longColumn("sequence_number", c.sequence[i]).at(c.timestamp[i], ChronoUnit.MICROS);
            }
        }

        private void decimal(String column, long units) {
            if (units != Decimal8.NULL) {
                d.of(units, 8);
                sender.decimalColumn(column, d);
            }
        }

        @Override
        public void finish() {
            try {
                sender.flush();
            } finally {
                sender.close();
            }
        }
    }

    @Override
    public void awaitQueryable(DataSet data, long ticks) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (true) {
            try (Statement s = sql.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT sequencerTxn, writerTxn, suspended FROM wal_tables() WHERE name = " + quote(TABLE))) {
                if (!rs.next()) {
                    throw new IllegalStateException("QuestDB lists no WAL table " + TABLE);
                }
                if (rs.getBoolean(3)) {
                    throw new IllegalStateException("QuestDB suspended WAL apply of " + TABLE + "; see " + root
                            + "/questdb.log:\n" + process.logTail(20));
                }
                if (rs.getLong(2) >= rs.getLong(1)) {
                    break;
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("QuestDB did not apply its WAL within 10 minutes");
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
        long rows = Long.parseLong(single(sql, "SELECT count() FROM " + TABLE));
        if (rows != ticks) {
            throw new IllegalStateException("QuestDB holds " + rows + " rows after the load, expected " + ticks);
        }
    }

    @Override
    String sql(Query q, DataSet data) {
        String where = "exchange = " + quote(data.exchange())
                + (q.symbol() < 0 ? "" : " AND symbol = " + quote(data.symbol(q.symbol())));
        String range = " AND ts >= " + quote(EpochMicros.toIso(q.from())) + " AND ts < " + quote(EpochMicros.toIso(q.to()));
        return switch (q.kind()) {
            case LATEST_QUOTES -> "SELECT symbol, ts, bid_price, bid_size, ask_price, ask_size FROM " + TABLE + " WHERE "
                    + where + " AND bid_price != null LATEST ON ts PARTITION BY symbol ORDER BY symbol";
            case TICKS_HOUR -> "SELECT ts, sequence_number, bid_price, ask_price, bid_size, ask_size, last_price, "
                    + "last_size, volume, conditions, tape FROM " + TABLE + " WHERE " + where + range
                    + " ORDER BY ts, sequence_number";
            default -> "SELECT " + (q.symbol() < 0 ? "symbol, " : "") + "ts, first(last_price) AS open, "
                    + "max(last_price) AS high, min(last_price) AS low, last(last_price) AS close, "
                    + "sum(last_size) AS volume, sum(last_price * last_size) AS price_volume, count() AS trades FROM "
                    + TABLE + " WHERE " + where + " AND last_price != null" + range + " SAMPLE BY " + q.kind().timeframe
                    + (q.symbol() < 0 ? " ORDER BY symbol, ts" : " ORDER BY ts");
        };
    }

    /**
     * The table's partitions on disk: the blocks allocated to the table's directory ({@code db/TABLE~N},
     * {@code du}) outside its WAL segments and sequencer (already applied when queryable). Allocated, not
     * apparent sizes: QuestDB preallocates column files, whose apparent size overstates what they hold.
     */
    @Override
    public long storedBytes() throws Exception {
        long bytes = 0;
        try (java.util.stream.Stream<Path> tables = Files.list(root.resolve("db"))) {
            for (Path table : tables.filter(p -> p.getFileName().toString().startsWith(TABLE + "~")).toList()) {
                String du = Machine.run(List.of("du", "-s", "-B1", "--exclude=wal*", "--exclude=txn_seq",
                        table.toString()));
                if (du == null || !du.trim().matches("[0-9]+\\s.*")) {
                    return -1;
                }
                bytes += Long.parseLong(du.trim().split("\\s+")[0]);
            }
        }
        return bytes;
    }

    @Override
    public List<String> setup() {
        return List.of(
                "own process: `java -p questdb-" + Versions.questdb() + ".jar -m io.questdb/io.questdb.ServerMain -d ROOT`"
                        + " with `" + java + "`, default heap; server.conf: HTTP and PG wire on 127.0.0.1, "
                        + "min-HTTP, ILP/TCP and UDP off, `telemetry.enabled=false`; otherwise defaults",
                "table: `" + (ddl == null ? DDL : ddl) + "`",
                "ingest: ILP over HTTP (questdb-client " + Versions.questdbClient() + "), one sender per connection, "
                        + "flush every " + FLUSH_ROWS + " rows; acked = flush returned (committed to the WAL; QuestDB's "
                        + "default commit mode does not fsync); queryable = `wal_tables()` writerTxn reached "
                        + "sequencerTxn",
                "queries: PG wire (PostgreSQL JDBC " + Versions.postgresqlDriver() + "), `SAMPLE BY` with "
                        + "first()/last(), `LATEST ON ts PARTITION BY symbol`; no index on symbol (QuestDB's default)");
    }

    @Override
    public void close() {
        closeQuietly(sql);
        if (process != null) {
            process.close();
        }
        if (!keep) {
            ServerProcess.deleteTree(root);
        }
    }

    /**
     * The java to run the QuestDB jar with: {@code override} if given; else this JVM's when it is at
     * least the Java version the jar's classes need; else the oldest JDK under /usr/lib/jvm (or
     * $JAVA_HOME) that is new enough.
     *
     * @throws IllegalStateException naming the version needed when no JDK qualifies
     */
    static String javaFor(Path jar, String override) throws IOException {
        if (override != null) {
            if (!Files.isExecutable(Path.of(override))) {
                throw new IllegalStateException("--questdb-java " + override + ": not an executable file");
            }
            return override;
        }
        int needed = classFileJava(jar);
        int current = Runtime.version().feature();
        if (current >= needed) {
            return Path.of(System.getProperty("java.home"), "bin", "java").toString();
        }
        List<Path> homes = new ArrayList<>();
        String javaHome = System.getenv("JAVA_HOME");
        if (javaHome != null) {
            homes.add(Path.of(javaHome));
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(jvms)) {
                ds.forEach(homes::add);
            }
        }
        Path best = null;
        int bestVersion = Integer.MAX_VALUE;
        for (Path home : homes) {
            int v = releaseVersion(home);
            if (v >= needed && v < bestVersion && Files.isExecutable(home.resolve("bin/java"))) {
                best = home.resolve("bin/java");
                bestVersion = v;
            }
        }
        if (best == null) {
            throw new IllegalStateException("QuestDB's jar " + jar.getFileName() + " needs Java " + needed
                    + " or newer; this JVM is " + current + " and no such JDK was found in $JAVA_HOME or /usr/lib/jvm. "
                    + "Install one or pass --questdb-java /path/to/bin/java");
        }
        return best.toString();
    }

    /** The Java feature version a jar's classes need, from module-info.class (or ServerMain.class). */
    static int classFileJava(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry e = zip.getEntry("module-info.class");
            if (e == null) {
                e = zip.getEntry("io/questdb/ServerMain.class");
            }
            if (e == null) {
                throw new IOException(jar + " is not a QuestDB server jar (no module-info.class)");
            }
            try (InputStream in = zip.getInputStream(e)) {
                byte[] head = in.readNBytes(8);
                int major = ((head[6] & 0xff) << 8) | (head[7] & 0xff);
                return major - 44;
            }
        }
    }

    /** JAVA_VERSION's feature number from a JDK's {@code release} file, or -1. */
    private static int releaseVersion(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"), StandardCharsets.UTF_8)) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    String first = v.split("[.+-]")[0];
                    return Integer.parseInt(first.equals("1") ? v.split("\\.")[1] : first);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}

package io.tickstore.lifecycle.imports;

import io.tickstore.lifecycle.mirror.PostgresUrl;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Brings rows of a PostgreSQL (or TimescaleDB) table into a running tickstore through its ingest
 * WebSocket, so every row passes the same parsing, validation, order rules and deduplication as a
 * feed's: a row is a JSON message of the chosen kind, its columns the fields they are named (or mapped)
 * as, numbers sent as exact decimal text. Rows are read with a server-side cursor in the kind's order
 * and sent as frames; a frame the server refuses names the element at fault, which is reported (with
 * its key and the server's reason) and left out, and the rest is sent again. Never a silent skip.
 * Resumable: {@link ImportProgressFile} records the rows acknowledged.
 */
public final class PostgresImport {
    private static final Pattern ELEMENT = Pattern.compile("^element (\\d+): (.*)$", Pattern.DOTALL);
    private static final long REPLY_TIMEOUT_SECONDS = 60;

    private final PostgresUrl from;
    private final String table;
    private final ImportKind kind;
    private final Map<String, String> columnToField;
    private final String where;
    private final URI server;
    private final Path progressFile;
    private final int frameRows;
    private final long maxRows;

    /**
     * @param map      source column to protocol field; columns named like a field need no entry, others
     *                 are not read
     * @param where    a SQL condition on the source table, or null
     * @param server   the ingest endpoint, e.g. {@code ws://127.0.0.1:8080/ws/ingest}
     * @param maxRows  stop after this many rows (a partial run; resume later), or {@code Long.MAX_VALUE}
     */
    public PostgresImport(PostgresUrl from, String table, ImportKind kind, Map<String, String> map, String where,
                          URI server, Path progressFile, int frameRows, long maxRows) {
        this.from = from;
        this.table = table;
        this.kind = kind;
        this.columnToField = map;
        this.where = where;
        this.server = server;
        this.progressFile = progressFile;
        this.frameRows = frameRows;
        this.maxRows = maxRows;
    }

    /** Rows the import will read in all (for a progress bar's total). */
    public long countRows() throws SQLException {
        try (Connection c = from.jdbc(null); PreparedStatement p = c.prepareStatement(
                "SELECT count(*) FROM " + table + (where == null ? "" : " WHERE " + where));
             ResultSet rs = p.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Rows done by earlier runs. */
    public long rowsDone() throws Exception {
        return new ImportProgressFile(progressFile).read()[0];
    }

    /**
     * Runs until the table is read (or {@code maxRows}); {@code progress} is told the rows done so far,
     * {@code badRow} each refused row as it is found.
     */
    public ImportReport run(LongConsumer progress, java.util.function.Consumer<ImportReport.BadRow> badRow)
            throws Exception {
        long start = System.nanoTime();
        ImportProgressFile state = new ImportProgressFile(progressFile);
        long[] done = state.read();
        long offset = done[0];
        long badSoFar = done[1];
        List<ImportReport.BadRow> bad = new ArrayList<>();
        long read = 0;
        long accepted = 0;
        long duplicates = 0;
        Vertx vertx = Vertx.vertx();
        try (Connection c = from.jdbc(null)) {
            c.setAutoCommit(false); // a cursor: rows stream in fetches, never all in memory
            WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
                    .setMaxFrameSize(64 * 1024 * 1024).setMaxMessageSize(64 * 1024 * 1024));
            BlockingQueue<String> replies = new LinkedBlockingQueue<>();
            WebSocket ws = client.connect(new WebSocketConnectOptions().setHost(server.getHost())
                    .setPort(server.getPort()).setURI(server.getRawPath())).await(30, TimeUnit.SECONDS);
            ws.textMessageHandler(replies::add);
            try (PreparedStatement p = c.prepareStatement(select(c, offset))) {
                p.setFetchSize(5_000);
                try (ResultSet rs = p.executeQuery()) {
                    List<String> fields = fields(rs.getMetaData());
                    List<JsonObject> frame = new ArrayList<>(frameRows);
                    boolean more = true;
                    while (more) {
                        frame.clear();
                        while (frame.size() < frameRows && read < maxRows && rs.next()) {
                            frame.add(message(rs, fields));
                            read++;
                        }
                        more = frame.size() == frameRows && read < maxRows;
                        if (frame.isEmpty()) {
                            break;
                        }
                        long frameStart = offset;
                        List<Long> rowNumbers = new ArrayList<>();
                        for (int i = 0; i < frame.size(); i++) {
                            rowNumbers.add(frameStart + i);
                        }
                        while (!frame.isEmpty()) {
                            ws.writeTextMessage(new JsonArray(new ArrayList<>(frame)).encode());
                            String text = replies.poll(REPLY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                            if (text == null) {
                                throw new IllegalStateException("no reply from " + server + " within "
                                        + REPLY_TIMEOUT_SECONDS + " s; resume to continue from row " + offset);
                            }
                            JsonObject reply = new JsonObject(text);
                            if ("ok".equals(reply.getString("status"))) {
                                accepted += reply.getLong("accepted", 0L);
                                duplicates += reply.getLong("duplicates", 0L);
                                break;
                            }
                            String error = reply.getString("error", text);
                            Matcher m = ELEMENT.matcher(error);
                            int at = m.matches() ? Integer.parseInt(m.group(1)) : -1;
                            if (at < 0 || at >= frame.size()) {
                                throw new IllegalStateException("the server refused a frame without naming a row: "
                                        + error + "; resume to continue from row " + offset);
                            }
                            ImportReport.BadRow b = new ImportReport.BadRow(rowNumbers.get(at), key(frame.get(at)),
                                    m.group(2));
                            bad.add(b);
                            badRow.accept(b);
                            frame.remove(at);
                            rowNumbers.remove(at);
                        }
                        offset = done[0] + read;
                        state.write(offset, badSoFar + bad.size());
                        progress.accept(offset);
                    }
                }
            }
            ws.close().await(10, TimeUnit.SECONDS);
            c.rollback();
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
        return new ImportReport(done[0], read, accepted, duplicates, bad, (System.nanoTime() - start) / 1e9);
    }

    private String select(Connection c, long offset) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT * FROM " + table + " LIMIT 0");
             ResultSet rs = p.executeQuery()) {
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                columns.add(md.getColumnName(i));
            }
        }
        Map<String, String> fieldToColumn = new LinkedHashMap<>();
        for (String column : columns) {
            String field = columnToField.getOrDefault(column, kind.fields.contains(column) ? column : null);
            if (field != null) {
                fieldToColumn.put(field, column);
            }
        }
        for (String mapped : columnToField.keySet()) {
            if (!columns.contains(mapped)) {
                throw new IllegalArgumentException("--map " + mapped + "=" + columnToField.get(mapped) + ": table "
                        + table + " has no column " + mapped + " (it has " + columns + ")");
            }
        }
        StringBuilder sql = new StringBuilder("SELECT ");
        int n = 0;
        for (Map.Entry<String, String> e : fieldToColumn.entrySet()) {
            sql.append(n++ == 0 ? "" : ", ").append('"').append(e.getValue()).append("\" AS \"").append(e.getKey())
                    .append('"');
        }
        if (n == 0) {
            throw new IllegalArgumentException("table " + table + " has no column that maps to a field of a "
                    + kind.type + " (" + kind.fields + "); use --map column=field");
        }
        sql.append(" FROM ").append(table);
        if (where != null) {
            sql.append(" WHERE ").append(where);
        }
        sql.append(" ORDER BY ");
        n = 0;
        for (String f : kind.orderBy) {
            String column = fieldToColumn.get(f);
            if (column == null) {
                throw new IllegalArgumentException("no column maps to " + f + ", which orders a " + kind.type
                        + " import; use --map column=" + f);
            }
            sql.append(n++ == 0 ? "" : ", ").append('"').append(column).append('"');
        }
        sql.append(" OFFSET ").append(offset);
        return sql.toString();
    }

    private static List<String> fields(ResultSetMetaData md) throws SQLException {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            // pgjdbc reports timestamptz as Types.TIMESTAMP too: the type name tells them apart.
            int type = "timestamptz".equals(md.getColumnTypeName(i)) ? Types.TIMESTAMP_WITH_TIMEZONE : md.getColumnType(i);
            out.add(md.getColumnLabel(i) + "\u0000" + type);
        }
        return out;
    }

    private JsonObject message(ResultSet rs, List<String> fields) throws SQLException {
        JsonObject m = new JsonObject().put("type", kind.type);
        for (int i = 0; i < fields.size(); i++) {
            String[] f = fields.get(i).split("\u0000");
            String name = f[0];
            int type = Integer.parseInt(f[1]);
            Object value = switch (type) {
                case Types.TIMESTAMP_WITH_TIMEZONE -> {
                    OffsetDateTime t = rs.getObject(i + 1, OffsetDateTime.class);
                    yield t == null ? null : t.toInstant().toString();
                }
                case Types.TIMESTAMP -> {
                    // timestamp without time zone: read as UTC, as tickstore stores it
                    LocalDateTime t = rs.getObject(i + 1, LocalDateTime.class);
                    yield t == null ? null : t.atOffset(ZoneOffset.UTC).toInstant().toString();
                }
                case Types.NUMERIC, Types.DECIMAL -> {
                    BigDecimal d = rs.getBigDecimal(i + 1);
                    yield d == null ? null : d.toPlainString(); // exact text, never a double
                }
                case Types.BIGINT, Types.INTEGER, Types.SMALLINT -> {
                    long v = rs.getLong(i + 1);
                    yield rs.wasNull() ? null : v;
                }
                default -> rs.getString(i + 1);
            };
            if (value != null) {
                m.put(name, value);
            }
        }
        return m;
    }

    private String key(JsonObject row) {
        StringBuilder k = new StringBuilder();
        for (String f : kind.key) {
            k.append(k.length() == 0 ? "" : " ").append(f).append('=').append(row.getValue(f));
        }
        return k.toString();
    }
}

package io.tickstore.server.cli;

import io.tickstore.lifecycle.imports.ImportKind;
import io.tickstore.lifecycle.imports.ImportReport;
import io.tickstore.lifecycle.imports.PostgresImport;
import io.tickstore.lifecycle.mirror.PostgresUrl;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tickstore import}: a PostgreSQL/TimescaleDB table into a running tickstore, through its ingest WebSocket. */
@Command(name = "import", mixinStandardHelpOptions = true,
        header = "Import ticks, trades or orders from a PostgreSQL or TimescaleDB table into a running tickstore.",
        description = {"Reads the table with a cursor and sends its rows to the server's ingest WebSocket, so every "
            + "row passes the same validation, order rules and deduplication as a feed's. A refused row is listed with "
            + "its key and the reason; the rest of its frame is stored. Resumable: the progress file records the rows "
            + "acknowledged, and running the same command again continues there (rows sent twice are duplicates)."},
        footerHeading = "%n",
        footer = {"Example: ./tickstore import --from postgresql://postgres@127.0.0.1:5432/market --table ticks_2023 "
            + "--kind ticks --map ts=timestamp,seq=sequence_number,px=last_price,qty=last_size",
            "Exit codes: 0 every row stored (or already held); 1 some rows refused (listed) or the run failed; "
            + "2 bad command line."})
public final class ImportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "URL",
            description = "The source database, postgresql://user[:password]@host[:port]/database.")
    String from;

    @Option(names = "--table", required = true, paramLabel = "T", description = "The source table (schema.table allowed).")
    String table;

    @Option(names = "--kind", required = true, paramLabel = "KIND", description = "ticks, trades or orders.")
    String kind;

    @Option(names = "--map", split = ",", paramLabel = "COLUMN=FIELD",
            description = "A source column feeding a protocol field (docs/protocol.md); columns named like a field need none.")
    Map<String, String> map = new LinkedHashMap<>();

    @Option(names = "--where", paramLabel = "SQL", description = "A condition on the source rows, e.g. \"ts >= '2024-01-01'\".")
    String where;

    @Option(names = "--server", paramLabel = "WS_URL", defaultValue = "ws://127.0.0.1:8080/ws/ingest",
            description = "The tickstore ingest endpoint (default: ${DEFAULT-VALUE}).")
    URI server;

    @Option(names = "--progress-file", paramLabel = "FILE",
            description = "Where the import records how far it got (default: import-TABLE-KIND.progress).")
    Path progressFile;

    @Option(names = "--frame-rows", paramLabel = "N", defaultValue = "1000",
            description = "Rows per WebSocket frame (default: ${DEFAULT-VALUE}; at most ingest.max_messages_per_frame).")
    int frameRows;

    @Option(names = "--max-rows", paramLabel = "N", description = "Stop after N rows in this run (resume later).")
    Long maxRows;

    @Override
    public Integer call() throws Exception {
        ImportKind k;
        try {
            k = ImportKind.valueOf(kind.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--kind: expected ticks, trades or orders, got " + kind);
        }
        if (!table.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?")) {
            throw new ParameterException(spec.commandLine(), "--table: expected a table name (schema.table allowed), got "
                    + table);
        }
        if (frameRows < 1) {
            throw new ParameterException(spec.commandLine(), "--frame-rows: expected at least 1, got " + frameRows);
        }
        for (String field : map.values()) {
            if (!k.fields.contains(field)) {
                throw new ParameterException(spec.commandLine(), "--map: " + field + " is not a field of a " + k.type
                        + " (fields: " + String.join(", ", k.fields) + ")");
            }
        }
        PostgresUrl url;
        try {
            url = PostgresUrl.parse(from);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--from: " + e.getMessage());
        }
        Path progress = progressFile != null ? progressFile
                : Path.of("import-" + table + "-" + k.name().toLowerCase(Locale.ROOT) + ".progress");
        PostgresImport run = new PostgresImport(url, table, k, map, where, server, progress, frameRows,
                maxRows == null ? Long.MAX_VALUE : maxRows);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long total = run.countRows();
        long already = run.rowsDone();
        ImportReport report;
        try (Progress bar = Progress.start("import " + table, total, "rows", err)) {
            bar.stepTo(already);
            report = run.run(bar::stepTo, b -> {
                synchronized (err) {
                    err.println("bad row " + b.row() + " (" + b.key() + "): " + b.reason());
                    err.flush();
                }
            });
        }
        out.printf(Locale.ROOT, "import %s (%s): %d rows read from row %d in %.1f s (%.0f rows/s): %d stored, "
                        + "%d already held, %d refused; %d of %d rows done (%s)%n",
                table, k.type, report.read(), report.startedAt(), report.seconds(), report.rowsPerSecond(),
                report.accepted(), report.duplicates(), report.bad().size(), report.startedAt() + report.read(), total,
                progress);
        for (ImportReport.BadRow b : report.bad()) {
            out.println("  refused row " + b.row() + " (" + b.key() + "): " + b.reason());
        }
        out.flush();
        return report.bad().isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
    }
}

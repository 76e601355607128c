package io.tickstore.store.cold;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.regex.Pattern;

/**
 * Where a partition's cold files live under the cold directory, in Hive layout:
 * {@code TABLE/exchange=X/date=YYYY-MM-DD/vN.parquet}, N the partition's version (1 at its first move,
 * one more each time late rows are merged in). Exchange names are escaped as Hive escapes partition
 * values: every character outside {@code [A-Za-z0-9._-]} as {@code %XX} of its UTF-8 bytes.
 */
public final class ColdLayout {
    /** Names of files a move writes: the only files cleaning up may delete. */
    public static final Pattern FILE_NAME = Pattern.compile("v[0-9]+\\.parquet(\\.tmp)?");
    public static final String TEMPORARY_SUFFIX = ".tmp";

    private ColdLayout() {
    }

    /** The partition's file of {@code version}, relative to the cold directory ('/'-separated). */
    public static String relativePath(ColdTable table, String exchange, LocalDate day, int version) {
        return table.tableName() + "/exchange=" + escape(exchange) + "/date=" + day + "/v" + version + ".parquet";
    }

    /** A manifest path (relative, '/'-separated) resolved against the cold directory. */
    public static Path resolve(Path coldDir, String relativePath) {
        return coldDir.resolve(relativePath.replace('/', java.io.File.separatorChar));
    }

    /**
     * {@code read_parquet} of these files, as written by a move (their columns only: DuckDB would
     * otherwise add the Hive path's {@code exchange} and {@code date} as columns).
     */
    public static String readParquet(java.util.List<Path> files) {
        StringBuilder list = new StringBuilder();
        for (Path f : files) {
            list.append(list.length() == 0 ? "" : ", ").append(SqlLiteral.quote(f.toString()));
        }
        return "read_parquet([" + list + "], hive_partitioning = false)";
    }

    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (byte b : value.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
                    || c == '-') {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}

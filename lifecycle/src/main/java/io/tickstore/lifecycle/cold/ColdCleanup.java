package io.tickstore.lifecycle.cold;

import io.tickstore.store.cold.ColdLayout;
import io.tickstore.store.cold.ColdTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the cold files nothing needs: files a move wrote but never committed (a kill -9 or a failure
 * before the commit: in no manifest row, so no reader ever saw them), and files a newer version
 * replaced, once no reader's snapshot can still name them. Runs on the mover's thread, between
 * moves, so no file it looks at is being written. Only files named as a move names them are touched.
 */
final class ColdCleanup {
    private static final Logger LOG = LoggerFactory.getLogger(ColdCleanup.class);

    private final Connection connection;
    private final Path coldDir;

    ColdCleanup(Connection connection, Path coldDir) {
        this.connection = connection;
        this.coldDir = coldDir.toAbsolutePath();
    }

    /**
     * Deletes uncommitted files, and replaced files retired at least {@code retiredMicros} ago
     * ({@code 0}: all, right after start-up when no reader holds an old snapshot). Returns the files deleted.
     */
    int run(long retiredMicros) throws SQLException, IOException {
        int deleted = deleteRetired(retiredMicros);
        Set<String> known = new HashSet<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT path FROM cold_partitions UNION ALL SELECT path FROM cold_files_retired")) {
            while (rs.next()) {
                known.add(rs.getString(1));
            }
        }
        for (ColdTable table : ColdTable.values()) {
            Path root = coldDir.resolve(table.tableName());
            if (!Files.isDirectory(root)) {
                continue;
            }
            List<Path> orphans = new ArrayList<>();
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(Files::isRegularFile)
                        .filter(f -> ColdLayout.FILE_NAME.matcher(f.getFileName().toString()).matches())
                        .filter(f -> !known.contains(relative(f)))
                        .forEach(orphans::add);
            }
            for (Path f : orphans) {
                LOG.info("deleting {}: written by a move that did not commit", f);
                Files.deleteIfExists(f);
                deleted++;
            }
        }
        return deleted;
    }

    private int deleteRetired(long retiredMicros) throws SQLException, IOException {
        List<String> due = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT path FROM cold_files_retired WHERE retired_at <= now()::TIMESTAMP - to_microseconds(?)")) {
            s.setLong(1, retiredMicros);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    due.add(rs.getString(1));
                }
            }
        }
        for (String path : due) {
            Files.deleteIfExists(ColdLayout.resolve(coldDir, path));
            try (PreparedStatement s = connection.prepareStatement("DELETE FROM cold_files_retired WHERE path = ?")) {
                s.setString(1, path);
                s.executeUpdate();
            }
        }
        return due.size();
    }

    private String relative(Path file) {
        return coldDir.relativize(file.toAbsolutePath()).toString().replace(java.io.File.separatorChar, '/');
    }
}

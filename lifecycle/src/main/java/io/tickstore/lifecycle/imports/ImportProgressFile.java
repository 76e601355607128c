package io.tickstore.lifecycle.imports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * How far an import got: the number of source rows (in the import's order) whose frames the server
 * acknowledged, and the bad rows among them. Rewritten atomically (a temporary file moved over it)
 * after every acknowledged frame, so a killed import resumes at the first frame not acknowledged; a
 * frame sent again is answered as duplicates by the server's deduplication.
 */
final class ImportProgressFile {
    private final Path file;

    ImportProgressFile(Path file) {
        this.file = file;
    }

    /** Rows done and the bad ones among them; {0, 0} when the file does not exist. */
    long[] read() throws IOException {
        if (!Files.exists(file)) {
            return new long[] {0, 0};
        }
        String[] parts = Files.readString(file, StandardCharsets.UTF_8).trim().split("\\s+");
        try {
            return new long[] {Long.parseLong(parts[0].substring("rows_done=".length())),
                Long.parseLong(parts[1].substring("bad_rows=".length()))};
        } catch (RuntimeException e) {
            throw new IOException("import progress file " + file + " is not one this tool wrote: " + e.getMessage());
        }
    }

    void write(long rowsDone, long badRows) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, "rows_done=" + rowsDone + "\nbad_rows=" + badRows + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}

package io.tickstore.server.auth;

import io.tickstore.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Reads the tokens file ({@code auth.tokens_file}): one token a line, {@code NAME SCOPES SHA256_HEX}, fields
 * separated by spaces or tabs; {@code SCOPES} comma-separated from {@code ingest}, {@code read}, {@code admin};
 * blank lines and lines starting with {@code #} ignored. Example:
 * <pre>
 * # name     scopes       sha256 of the token (printf %s "$TOKEN" | sha256sum)
 * feed-a     ingest       9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
 * </pre>
 * An error names the file, the line number and what is wrong with it, never the line's hash.
 */
final class TokenFile {
    private TokenFile() {
    }

    static TokenSet read(Path file) throws ConfigException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("auth.tokens_file " + file + ": cannot read: " + e.getMessage());
        }
        List<AccessToken> tokens = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = "auth.tokens_file " + file + " line " + (i + 1) + ": ";
            String[] fields = line.split("[ \t]+");
            if (fields.length != 3) {
                throw new ConfigException(where + "expected NAME SCOPES SHA256_HEX (3 fields), got " + fields.length);
            }
            String name = fields[0];
            if (!name.matches("[A-Za-z0-9_.-]{1,64}")) {
                throw new ConfigException(where + "name: expected 1 to 64 of A-Z a-z 0-9 _ . -, got " + name.length()
                        + " characters"); // not echoed: a token pasted in the wrong column must not reach a log
            }
            if (!names.add(name)) {
                throw new ConfigException(where + "name " + name + " appears more than once");
            }
            Set<Scope> scopes = EnumSet.noneOf(Scope.class);
            for (String s : fields[1].split(",", -1)) {
                Scope scope = Scope.parse(s);
                if (scope == null) {
                    throw new ConfigException(where + "scopes: expected a comma-separated list of ingest, read, admin, got "
                            + (fields[1].length() <= 32 ? "\"" + fields[1] + "\"" : fields[1].length() + " characters"));
                }
                scopes.add(scope);
            }
            String hex = fields[2];
            if (!hex.matches("[0-9a-fA-F]{64}")) {
                throw new ConfigException(where + "hash: expected the SHA-256 of the token as 64 hex digits, got "
                        + hex.length() + " characters" + (hex.matches("[0-9a-fA-F]*") ? "" : " (not all hex)"));
            }
            tokens.add(new AccessToken(name, Set.copyOf(scopes), HexFormat.of().parseHex(hex)));
        }
        return new TokenSet(tokens);
    }
}

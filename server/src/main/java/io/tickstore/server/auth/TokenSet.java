package io.tickstore.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/** The tokens of one reading of the tokens file; immutable. */
final class TokenSet {
    private final List<AccessToken> tokens;

    TokenSet(List<AccessToken> tokens) {
        this.tokens = List.copyOf(tokens);
    }

    int size() {
        return tokens.size();
    }

    /**
     * The token whose hash matches {@code presented}'s, or null. Every entry is compared, each in constant
     * time, so the time taken says nothing about which hash or how much of it matched.
     */
    AccessToken find(String presented) {
        byte[] hash = sha256(presented);
        AccessToken found = null;
        for (AccessToken t : tokens) {
            if (MessageDigest.isEqual(hash, t.sha256()) && found == null) {
                found = t;
            }
        }
        return found;
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}

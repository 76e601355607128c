package io.tickstore.server.auth;

import java.util.Set;

/**
 * One line of the tokens file: a name (for logs, metrics and limits), its scopes and the SHA-256 of the
 * token. The token itself is never held.
 */
record AccessToken(String name, Set<Scope> scopes, byte[] sha256) {

    boolean allows(Scope scope) {
        return scopes.contains(scope) || scopes.contains(Scope.ADMIN);
    }
}

package io.tickstore.server.auth;

import io.tickstore.config.AuthConfig;
import io.tickstore.config.ConfigException;
import io.tickstore.store.model.JsonString;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first route handler: decides which scope a request needs from its path, finds the presented token
 * ({@code Authorization: Bearer TOKEN}, or on a WebSocket upgrade the subprotocol
 * {@code tickstore.bearer.BASE64URL(TOKEN)}, since browsers cannot set headers there) and answers 401 or
 * 403 with a JSON body naming what is missing. A request it lets through carries the token's name
 * ({@link #CLIENT}) for limits and metrics. Without a tokens file every request passes, named by address.
 *
 * <p>Open without a token: {@code /health}, the console's files ({@code /}, {@code /console/*},
 * {@code /webjars/*}) and {@code /openapi.json}; {@code /metrics} and {@code /ready} too with
 * {@code auth.open_metrics}. {@code /ws/ingest} needs {@code ingest}; {@code /api/v1/admin/*} needs
 * {@code admin}; everything else {@code read}.
 * Tokens are never logged; token names are.
 */
public final class AccessControl implements Handler<RoutingContext>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AccessControl.class);
    /** Routing-context key: the token's name, or {@code addr:IP} without authentication. */
    public static final String CLIENT = "tickstore.client";
    /** The client name of a request to an open path (health, console files): not limited per client. */
    public static final String OPEN = "open";
    static final String SUBPROTOCOL_PREFIX = "tickstore.bearer.";
    /** Paths that change the store's state on demand ({@code POST /api/v1/admin/lifecycle/run}): scope admin. */
    static final String ADMIN_PREFIX = "/api/v1/admin/";

    private final TokenFileWatcher watcher;
    private final boolean openMetrics;

    private AccessControl(TokenFileWatcher watcher, boolean openMetrics) {
        this.watcher = watcher;
        this.openMetrics = openMetrics;
    }

    /**
     * Reads the tokens file, if any. Without one, refuses a non-loopback {@code host} unless
     * {@code auth.allow_anonymous}: anyone reaching the port could write and read.
     */
    public static AccessControl start(AuthConfig config, String host, long pollMillis) throws ConfigException {
        if (config.tokensFile().isPresent()) {
            return new AccessControl(new TokenFileWatcher(config.tokensFile().get(), pollMillis), config.openMetrics());
        }
        if (!config.allowAnonymous() && !isLoopback(host)) {
            throw new ConfigException("http.host = " + host + " is not a loopback address and auth.tokens_file is not set: "
                    + "anyone who can reach the port could write and read. Set auth.tokens_file (docs/security.md), "
                    + "or auth.allow_anonymous = true to run open on purpose");
        }
        LOG.info("auth: no tokens file, every endpoint is open{}", isLoopback(host) ? " (loopback only)" : "");
        return new AccessControl(null, false);
    }

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host)
                    .isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** True when requests need tokens. */
    public boolean enabled() {
        return watcher != null;
    }

    /** The scope {@code path} needs, or null when it is open. */
    Scope required(String path) {
        if (path.equals("/health") || path.equals("/") || path.startsWith("/console/") || path.startsWith("/webjars/")
                || path.equals("/openapi.json")) {
            return null;
        }
        if (path.equals("/metrics") || path.equals("/ready")) {
            return openMetrics ? null : Scope.READ;
        }
        if (path.equals("/ws/ingest")) {
            return Scope.INGEST;
        }
        if (path.startsWith(ADMIN_PREFIX)) {
            return Scope.ADMIN;
        }
        return Scope.READ;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        String path = ctx.normalizedPath();
        Scope scope = required(path);
        if (watcher == null) {
            ctx.put(CLIENT, scope == null ? OPEN
                    : "addr:" + (req.remoteAddress() == null ? "unknown" : req.remoteAddress().hostAddress()));
            ctx.next();
            return;
        }
        if (scope == null) {
            ctx.put(CLIENT, OPEN);
            ctx.next();
            return;
        }
        String presented = presentedToken(req);
        if (presented == null) {
            refuse(ctx, 401, "no token: send Authorization: Bearer TOKEN (scope " + scope.text + " needed)",
                    "token", scope, null);
            return;
        }
        AccessToken token = watcher.tokens().find(presented);
        if (token == null) {
            refuse(ctx, 401, "unknown token (scope " + scope.text + " needed)", "a known token", scope, null);
            return;
        }
        if (!token.allows(scope)) {
            LOG.debug("auth: token {} refused {} (needs {})", token.name(), path, scope.text);
            refuse(ctx, 403, "token " + token.name() + " does not have the " + scope.text + " scope",
                    "scope " + scope.text, scope, token.name());
            return;
        }
        ctx.put(CLIENT, token.name());
        ctx.next();
    }

    /** The Bearer token from the Authorization header, else from a {@code tickstore.bearer.*} subprotocol. */
    static String presentedToken(HttpServerRequest req) {
        String auth = req.getHeader("Authorization");
        if (auth != null) {
            if (auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
                String t = auth.substring(7).strip();
                return t.isEmpty() ? null : t;
            }
            return null;
        }
        String protocols = req.getHeader("Sec-WebSocket-Protocol");
        if (protocols != null) {
            for (String p : protocols.split(",")) {
                String s = p.strip();
                if (s.startsWith(SUBPROTOCOL_PREFIX)) {
                    try {
                        return new String(Base64.getUrlDecoder().decode(s.substring(SUBPROTOCOL_PREFIX.length())),
                                StandardCharsets.UTF_8);
                    } catch (IllegalArgumentException e) {
                        return null;
                    }
                }
            }
        }
        return null;
    }

    private static void refuse(RoutingContext ctx, int status, String error, String missing, Scope scope, String name) {
        StringBuilder body = new StringBuilder(160).append("{\"error\":");
        JsonString.append(body, error);
        body.append(",\"missing\":");
        JsonString.append(body, missing);
        body.append(",\"required_scope\":\"").append(scope.text).append('"');
        if (name != null) {
            body.append(",\"token\":");
            JsonString.append(body, name);
        }
        body.append('}');
        var response = ctx.response().setStatusCode(status).putHeader("content-type", "application/json");
        if (status == 401) {
            response.putHeader("www-authenticate", "Bearer realm=\"tickstore\"");
        }
        response.end(body.toString());
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.close();
        }
    }
}

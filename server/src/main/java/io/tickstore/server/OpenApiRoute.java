package io.tickstore.server;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /openapi.json}: the OpenAPI 3.1 description of the whole HTTP API, for generating
 * clients. The file sits beside this class; a test validates it and checks every example reply in
 * docs/http-api.md, and every live reply of those examples, against its schemas.
 */
final class OpenApiRoute {
    static final String PATH = "/openapi.json";
    static final String RESOURCE = "/io/tickstore/server/openapi.json";
    private static final byte[] DOCUMENT = load();

    private OpenApiRoute() {
    }

    static void mount(Router router) {
        router.get(PATH).handler(ctx -> ctx.response().putHeader("content-type", "application/json")
                .end(Buffer.buffer(DOCUMENT)));
    }

    private static byte[] load() {
        try (InputStream in = OpenApiRoute.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

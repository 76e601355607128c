package io.tickstore.server;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The browser console (docs/console.md): {@code GET /} is its page, {@code /console/*} its script and
 * style, {@code /webjars/*} the charting library from its WebJar. Everything comes from this jar's
 * class path, so the page works offline; it reads the same HTTP API and live stream as any client.
 */
final class ConsoleRoutes {
    /** Where the page's files sit on the class path. */
    static final String ASSETS = "io/tickstore/server/console";
    /** Where WebJars keep their files on the class path (the echarts jar: echarts/VERSION/dist/...). */
    private static final String WEBJARS = "META-INF/resources/webjars";

    private ConsoleRoutes() {
    }

    static void mount(Router router) {
        // The page and its script change with each build: browsers revalidate them (a 304 when unchanged).
        StaticHandler assets = StaticHandler.create(ASSETS).setMaxAgeSeconds(0);
        router.get("/").handler(ctx -> ctx.reroute("/console/index.html"));
        router.get("/console/*").handler(assets);
        // A WebJar's path carries its version, so its files never change under one URL.
        router.get("/webjars/*").handler(StaticHandler.create(WEBJARS).setMaxAgeSeconds(365L * 24 * 3600));
    }
}

package io.tickstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.OpenApi31;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import io.tickstore.config.TickstoreConfig;
import io.tickstore.ingest.ws.IngestMetrics;
import io.tickstore.query.QueryMetrics;
import io.tickstore.query.stream.StreamHub;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * openapi.json (served at /openapi.json) cannot drift from the server or from docs/http-api.md: it
 * is a valid OpenAPI 3.1 document (swagger-parser); it names exactly the routes the server mounts
 * and, per endpoint, exactly the query parameters the server accepts; every example reply in
 * docs/http-api.md validates against the schema of its endpoint and status; and the live replies of
 * every documented request, against a server fed the documented frames, validate too.
 */
class OpenApiTest {
    private static final Path HTTP_API_MD = Path.of("..", "docs", "http-api.md");
    /** A name for the document inside the schema registry; nothing is fetched from it. */
    private static final String IRI = "https://tickstore.invalid/openapi.json";
    /** Routes of the console's files ({@code /console/*}, {@code /webjars/*}), described by the one "/" entry. */
    private static final Set<String> CONSOLE_FILES = Set.of("/console/", "/webjars/");
    /** Operations routes that ignore query parameters (they take none and check none). */
    private static final Set<String> UNCHECKED_PARAMETERS = Set.of("/", "/health", "/ready", "/metrics", "/openapi.json",
            "/ws/ingest", "/ws/stream");
    private static final Pattern EXPECTED_PARAMETERS = Pattern.compile("unknown parameter; expected one of (.*)$");

    static String text;
    static JsonObject spec;
    static SchemaRegistry schemas;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = OpenApiRoute.class.getResourceAsStream(OpenApiRoute.RESOURCE)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        spec = new JsonObject(text);
        schemas = SchemaRegistry.withDefaultDialect(OpenApi31.getInstance(), b -> b.schemas(Map.of(IRI, text)));
    }

    @Test
    void isAValidOpenApi31Document() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(text, null, options);
        assertEquals(List.of(), result.getMessages(), "swagger-parser's findings");
        assertNotNull(result.getOpenAPI());
        assertEquals("3.1.0", result.getOpenAPI().getOpenapi());
        assertTrue(result.getOpenAPI().getPaths().size() >= 18, "paths: " + result.getOpenAPI().getPaths().keySet());
        // Every component schema compiles as JSON Schema 2020-12 (the OpenAPI 3.1 dialect).
        for (String name : spec.getJsonObject("components").getJsonObject("schemas").fieldNames()) {
            assertNotNull(schema("#/components/schemas/" + name), name);
        }
    }

    @Test
    void describesExactlyTheRoutesTheServerMounts() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            HttpVerticle verticle = new HttpVerticle(TickstoreConfig.defaults(), 0, new StoreState(), registry,
                    new IngestMetrics(registry), new StreamHub(registry), new QueryMetrics(registry),
                    new StatusSampler(registry),
                    io.tickstore.server.auth.AccessControl.start(io.tickstore.config.AuthConfig.none(), "127.0.0.1", 1000),
                    new io.tickstore.server.limits.ClientLimits(io.tickstore.config.LimitsConfig.defaults(), registry),
                    () -> null);
            Set<String> routes = new TreeSet<>();
            for (Route r : verticle.router(vertx).getRoutes()) {
                if (r.getPath() == null) {
                    continue; // the access control and limits in front of every route
                }
                String path = r.getPath().replaceAll(":([a-z_]+)", "{$1}");
                if (!CONSOLE_FILES.contains(path)) {
                    routes.add(path);
                }
            }
            assertEquals(routes, new TreeSet<>(spec.getJsonObject("paths").fieldNames()));
        } finally {
            vertx.close().await();
        }
    }

    @Test
    void everyExampleReplyInTheHttpApiDocMatchesItsSchema() throws Exception {
        DocExamples doc = DocExamples.read(HTTP_API_MD);
        int replies = 0;
        for (DocExamples.Request r : doc.requests()) {
            String path = pathOf(r.url());
            DocExamples.Block reply = r.reply();
            if (reply.language().equals("json")) {
                JsonObject body = new JsonObject(reply.text());
                String status = body.containsKey("error") ? "404" : "200";
                assertValid(responseSchema(path, status, "application/json"), reply.text(),
                        HTTP_API_MD + ":" + reply.line() + " (" + r.url() + ", " + status + ")");
            } else if (r.headers()) {
                assertCurlHeadDeclared(path, reply);
            } else {
                // A CSV body alone: the request asks for CSV, which the endpoint declares.
                assertTrue(r.url().getRawQuery().contains("format=csv"), HTTP_API_MD + ":" + reply.line());
                assertTrue(response(path, "200").getJsonObject("content").containsKey("text/csv"), path);
                assertTrue(reply.text().lines().allMatch(l -> l.split(",", -1).length
                        == reply.text().lines().findFirst().orElseThrow().split(",").length), reply.text());
            }
            replies++;
        }
        int errors = 0;
        int frames = 0;
        int others = 0;
        for (DocExamples.Block b : doc.otherJson()) {
            for (String json : jsonValues(b)) {
                String where = HTTP_API_MD + ":" + b.line();
                Object value = parse(json);
                if (value instanceof JsonObject o && o.containsKey("required_scope")) {
                    assertValid(schema("#/components/schemas/AuthError"), json, where);
                    errors++;
                } else if (value instanceof JsonObject o && o.containsKey("limit")) {
                    assertValid(schema("#/components/schemas/LimitError"), json, where);
                    errors++;
                } else if (value instanceof JsonObject o && o.containsKey("error")) {
                    assertValid(schema("#/components/schemas/Error"), json, where);
                    errors++;
                } else if (isIngestFrame(value)) {
                    frames++;
                } else if (value instanceof JsonObject) {
                    assertMatchesSomeReply(json, where);
                    others++;
                } else {
                    fail(where + ": a JSON block that is neither a reply, an error nor an ingest frame: " + json);
                }
            }
        }
        // The doc as it stands: a parser that found nothing would pass the loops above.
        assertTrue(replies >= 16, "documented requests with a reply: " + replies);
        assertTrue(errors >= 10, "documented error replies: " + errors);
        assertTrue(frames >= 6, "documented ingest frames: " + frames);
        assertTrue(others >= 1, "other documented replies: " + others);
    }

    @Test
    void liveRepliesOfTheDocumentedRequestsMatchTheirSchemas() throws Exception {
        DocExamples doc = DocExamples.read(HTTP_API_MD);
        Vertx vertx = Vertx.vertx();
        try (TestServer server = TestServer.start(dataDir, c -> c.withPortfolio(c.portfolio()
                .withStartingCash(new java.math.BigDecimal("100000"))));
             IngestClient ingest = IngestClient.connect(vertx, server.port())) {
            for (DocExamples.Block b : doc.otherJson()) {
                for (String json : jsonValues(b)) {
                    if (isIngestFrame(parse(json))) {
                        assertEquals("ok", ingest.request(json).getString("status"), json);
                    }
                }
            }
            server.awaitApplied();
            List<String> checked = new ArrayList<>();
            for (DocExamples.Request r : doc.requests()) {
                String query = r.url().getRawQuery();
                checked.add(live(server, r.url().getRawPath() + (query == null ? "" : "?" + query)));
            }
            for (String more : List.of("/health", "/ready", "/metrics", "/openapi.json", "/api/v1/status", "/",
                    "/api/v1/orders/O-404", "/api/v1/ohlcv?exchange=NASDAQ", "/api/v1/quotes/latest?exchange=NASDAQ&symbol=NONE",
                    "/api/v1/status?verbose=1", "/?exchange=NASDAQ&symbol=AAPL&timeframe=5m")) {
                checked.add(live(server, more));
            }
            assertTrue(checked.size() >= 27, checked.toString());

            // Each endpoint's documented query parameters are the ones it accepts: an unknown one is a
            // 400 listing those.
            for (String path : spec.getJsonObject("paths").fieldNames()) {
                if (UNCHECKED_PARAMETERS.contains(path)) {
                    continue;
                }
                String unknown = path.replace("{order_id}", "O-1") + "?zz_unknown=1";
                HttpResponse<String> r = method(path).equals("post") ? server.post(unknown) : server.get(unknown);
                assertEquals(400, r.statusCode(), path + ": " + r.body());
                String error = new JsonObject(r.body()).getString("error");
                Set<String> accepted = new TreeSet<>();
                Matcher m = EXPECTED_PARAMETERS.matcher(error);
                if (m.find()) {
                    accepted.addAll(List.of(m.group(1).split(", ")));
                } else {
                    assertEquals("zz_unknown: unknown parameter; this endpoint takes none", error, path);
                }
                assertEquals(accepted, queryParameters(path), path + ": the query parameters openapi.json lists");
            }
        } finally {
            vertx.close().await();
        }
    }

    /** GETs one request from the live server and validates its reply against openapi.json; returns what was checked. */
    private String live(TestServer server, String pathAndQuery) throws Exception {
        HttpResponse<String> r = server.get(pathAndQuery);
        String path = pathOf(URI.create("http://h" + pathAndQuery));
        String status = Integer.toString(r.statusCode());
        String type = r.headers().firstValue("content-type").orElse("").split(";")[0].trim();
        JsonObject response = response(path, status);
        assertNotNull(response, pathAndQuery + ": status " + status + " is not in openapi.json (" + r.body() + ")");
        JsonObject content = response.getJsonObject("content");
        assertTrue(content != null && content.containsKey(type),
                pathAndQuery + ": content type " + type + " is not declared for " + status);
        if (type.equals("application/json")) {
            assertValid(responseSchema(path, status, type), r.body(), "live " + pathAndQuery + " (" + status + ")");
        }
        return status + " " + pathAndQuery;
    }

    private static void assertCurlHeadDeclared(String path, DocExamples.Block reply) {
        List<String> lines = reply.text().lines().toList();
        Matcher status = Pattern.compile("^HTTP/1\\.1 (\\d{3}) ").matcher(lines.get(0));
        assertTrue(status.find(), HTTP_API_MD + ":" + reply.line() + ": " + lines.get(0));
        JsonObject response = response(path, status.group(1));
        assertNotNull(response, path + " " + status.group(1));
        for (String line : lines.subList(1, lines.indexOf(""))) {
            String name = line.substring(0, line.indexOf(':')).trim();
            String value = line.substring(line.indexOf(':') + 1).trim();
            switch (name.toLowerCase(Locale.ROOT)) {
                case "content-type" -> assertTrue(response.getJsonObject("content").containsKey(value),
                        path + ": content type " + value + " not declared");
                case "content-length" -> { }
                default -> assertTrue(response.getJsonObject("headers", new JsonObject()).fieldNames().stream()
                        .anyMatch(h -> h.equalsIgnoreCase(name)), path + ": header " + name + " not declared");
            }
        }
    }

    private static void assertMatchesSomeReply(String json, String where) {
        List<String> tried = new ArrayList<>();
        for (String path : spec.getJsonObject("paths").fieldNames()) {
            JsonObject ok = response(path, "200");
            if (ok != null && ok.getJsonObject("content").containsKey("application/json")) {
                Schema s = responseSchema(path, "200", "application/json");
                if (s.validate(json, InputFormat.JSON).isEmpty()) {
                    return;
                }
                tried.add(path);
            }
        }
        fail(where + ": matches no documented reply (tried " + tried + "): " + json);
    }

    private static void assertValid(Schema schema, String json, String where) {
        var errors = schema.validate(json, InputFormat.JSON);
        assertEquals(List.of(), errors.stream().map(Object::toString).toList(), where + ": " + json);
    }

    /** The spec's path template that a request path is an instance of. */
    private static String pathOf(URI url) {
        String path = url.getRawPath();
        for (String template : spec.getJsonObject("paths").fieldNames()) {
            if (path.matches(template.replaceAll("\\{[a-z_]+}", "[^/]+"))) {
                return template;
            }
        }
        throw new AssertionError("no path in openapi.json for " + url);
    }

    private static Set<String> queryParameters(String path) {
        Set<String> names = new TreeSet<>();
        for (Object p : operation(path).getJsonArray("parameters")) {
            JsonObject param = resolve((JsonObject) p);
            if (param.getString("in").equals("query")) {
                names.add(param.getString("name"));
            }
        }
        return names;
    }

    /** A path's one operation: its GET, or (the admin routes) its POST. */
    private static String method(String path) {
        return spec.getJsonObject("paths").getJsonObject(path).containsKey("get") ? "get" : "post";
    }

    private static JsonObject operation(String path) {
        return spec.getJsonObject("paths").getJsonObject(path).getJsonObject(method(path));
    }

    /** The response object (references followed) for a path's operation and a status, or null if not declared. */
    private static JsonObject response(String path, String status) {
        JsonObject r = operation(path).getJsonObject("responses").getJsonObject(status);
        return r == null ? null : resolve(r);
    }

    private static Schema responseSchema(String path, String status, String contentType) {
        JsonObject r = operation(path).getJsonObject("responses").getJsonObject(status);
        assertNotNull(r, path + " has no " + status + " reply in openapi.json");
        String pointer = r.containsKey("$ref") ? r.getString("$ref")
                : "#/paths/" + escape(path) + "/" + method(path) + "/responses/" + status;
        return schema(pointer + "/content/" + escape(contentType) + "/schema");
    }

    /** A schema of the document by JSON pointer, wrapped so every reference resolves inside the document. */
    private static Schema schema(String pointer) {
        return schemas.getSchema(new JsonObject().put("$ref", IRI + pointer).encode(), InputFormat.JSON);
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1").replace("{", "%7B").replace("}", "%7D");
    }

    private static JsonObject resolve(JsonObject maybeRef) {
        String ref = maybeRef.getString("$ref");
        if (ref == null) {
            return maybeRef;
        }
        JsonObject at = spec;
        for (String part : ref.substring(2).split("/")) {
            at = at.getJsonObject(part.replace("~1", "/").replace("~0", "~"));
        }
        return at;
    }

    /** A block's JSON texts: the whole block as one value, or one value per line. */
    private static List<String> jsonValues(DocExamples.Block b) {
        try {
            parse(b.text());
            return List.of(b.text().trim());
        } catch (DecodeException e) {
            return b.text().lines().filter(l -> !l.isBlank()).map(String::trim).toList();
        }
    }

    private static Object parse(String json) {
        String t = json.trim();
        return t.startsWith("[") ? new JsonArray(t) : new JsonObject(t);
    }

    private static boolean isIngestFrame(Object value) {
        if (value instanceof JsonArray a) {
            return !a.isEmpty() && a.stream().allMatch(OpenApiTest::isIngestFrame);
        }
        return value instanceof JsonObject o && o.getValue("type") instanceof String type
                && List.of("tick", "order", "trade").contains(type);
    }
}

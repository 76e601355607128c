package io.tickstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard (ops/grafana/tickstore-dashboard.json) and the alerting rules name only
 * metrics, and labels, that a running server exports on /metrics (except the {@link #PENDING} ones);
 * the dashboard's queries are valid PromQL; and {@code promtool check metrics} finds no problem in
 * tickstore's own series ({@code tickstore_*}; the JVM's names are Micrometer's usual ones).
 */
class MonitoringMetricsTest {
    static final Path DASHBOARD = Promtool.REPOSITORY.resolve("ops/grafana/tickstore-dashboard.json");
    static final Path RULES = Promtool.REPOSITORY.resolve(AlertRulesTest.RULES);
    /**
     * Series the dashboard and the alerts use before the server exports them, with their labels.
     * Each must still be missing from /metrics: once a change adds one, this test fails until the
     * name leaves this list, so the list cannot go stale.
     * <ul>
     * <li>{@code resilience4j_circuitbreaker_state{name,state}}: resilience4j's Micrometer gauge, once a
     *     remote backend (S3, PostgreSQL) has a breaker.
     * </ul>
     */
    static final Map<String, Set<String>> PENDING = Map.of();
    /** Labels Prometheus adds when it scrapes, and the dashboard's variables stand for. */
    private static final Set<String> SCRAPE_LABELS = Set.of("instance", "job");
    private static final Pattern METRIC = Pattern.compile(
            "\\b((?:tickstore|jvm|process|system|disk|resilience4j)_[a-z0-9_]*)\\s*(\\{([^}]*)})?");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)");
    private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without)\\s*\\(([^)]*)\\)");

    @TempDir
    static Path dataDir;
    static TestServer server;
    static String scrape;

    @BeforeAll
    static void scrapeAServerThatDidSomething() throws Exception {
        // With the PostgreSQL mirror (a schema of its own on the machine's server): its breaker's series.
        server = TestServer.start(dataDir, c -> c.withMirror(c.mirror().withUrl(MIRROR_URL).withSchema(MIRROR_SCHEMA)));
        Vertx vertx = Vertx.vertx();
        try (IngestClient c = IngestClient.connect(vertx, server.port())) {
            assertEquals("ok", c.request("{\"type\":\"tick\",\"exchange\":\"MON\",\"symbol\":\"A\",\"timestamp\":"
                    + "\"2024-01-02T14:30:00Z\",\"last_price\":1.5,\"last_size\":2,\"sequence_number\":1}").getString("status"));
            assertEquals("error", c.request("{\"type\":\"tick\"}").getString("status"));
        } finally {
            vertx.close().await();
        }
        server.awaitApplied();
        assertEquals(200, server.get("/api/v1/ticks?exchange=MON&symbol=A").statusCode());
        assertEquals(400, server.get("/api/v1/ticks?exchange=MON").statusCode());
        // Micrometer registers jvm_gc_pause_seconds at the first GC notification; a short test JVM
        // may not have collected yet, so ask for one and wait (bounded) until the timer is there.
        System.gc();
        long deadline = System.nanoTime() + 10_000_000_000L;
        scrape = server.get("/metrics").body();
        while (!scrape.contains("jvm_gc_pause_seconds_count") && System.nanoTime() < deadline) {
            Thread.sleep(100);
            scrape = server.get("/metrics").body();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        try (java.sql.Connection c = io.tickstore.lifecycle.mirror.PostgresUrl.parse(MIRROR_URL).jdbc(null);
             java.sql.Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + MIRROR_SCHEMA + " CASCADE");
        }
    }

    private static final String MIRROR_URL = "postgresql://postgres@127.0.0.1:5432/test";
    private static final String MIRROR_SCHEMA = "monitoring_test_" + Long.toHexString(System.nanoTime());

    @Test
    void everyMetricTheDashboardAndTheAlertsNameIsOnMetrics() throws Exception {
        Map<String, Set<String>> exported = exported(scrape);
        Map<String, List<String>> exprs = new LinkedHashMap<>();
        exprs.put(DASHBOARD.getFileName().toString(), dashboardExprs());
        exprs.put(RULES.getFileName().toString(), ruleExprs());
        List<String> problems = new ArrayList<>();
        Set<String> used = new TreeSet<>();
        for (var file : exprs.entrySet()) {
            for (String expr : file.getValue()) {
                Set<String> labelsInExpr = new TreeSet<>(SCRAPE_LABELS);
                Matcher m = METRIC.matcher(expr);
                while (m.find()) {
                    String name = m.group(1);
                    used.add(name);
                    Set<String> labels = exported.containsKey(name) ? exported.get(name) : PENDING.get(name);
                    if (labels == null) {
                        problems.add(file.getKey() + ": " + name + " is not on /metrics (in " + expr + ")");
                        continue;
                    }
                    labelsInExpr.addAll(labels);
                    if (m.group(3) != null) {
                        Matcher l = MATCHER.matcher(m.group(3));
                        while (l.find()) {
                            if (!SCRAPE_LABELS.contains(l.group(1)) && !labels.contains(l.group(1))) {
                                problems.add(file.getKey() + ": " + name + " has no label " + l.group(1) + " (has "
                                        + labels + ")");
                            }
                        }
                    }
                }
                Matcher g = GROUPING.matcher(expr);
                while (g.find()) {
                    for (String label : g.group(1).split(",")) {
                        if (!label.isBlank() && !labelsInExpr.contains(label.trim())) {
                            problems.add(file.getKey() + ": grouping by " + label.trim() + ", a label none of its "
                                    + "series has: " + expr);
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
        for (String pending : PENDING.keySet()) {
            assertFalse(exported.containsKey(pending), pending + " is on /metrics now: take it off PENDING");
            assertTrue(used.contains(pending), pending + " is used nowhere: take it off PENDING");
        }
        assertTrue(used.size() >= 30, "metrics found in the dashboard and the rules: " + used);
    }

    @Test
    void theDashboardCoversWhatAnOperatorWatches() throws Exception {
        JsonObject dashboard = new JsonObject(Files.readString(DASHBOARD));
        List<String> rows = new ArrayList<>();
        for (Object p : dashboard.getJsonArray("panels")) {
            JsonObject panel = (JsonObject) p;
            if (panel.getString("type").equals("row")) {
                rows.add(panel.getString("title"));
            }
        }
        assertEquals(List.of("Ingest", "Sinks and journal", "Tiers", "Queries", "Errors", "JVM", "Clients and journal space"),
                rows);
        String all = String.join("\n", dashboardExprs());
        for (String needed : List.of("rate(tickstore_ingest_messages_total", "tickstore_ingest_ack_latency_seconds_bucket",
                "tickstore_sink_lag_messages", "tickstore_tick_memory_bytes", "tickstore_query_latency_seconds_bucket",
                "tickstore_ingest_errors_total", "disk_free_bytes", "tickstore_client_connections",
                "tickstore_client_queries_active", "rate(tickstore_client_limited_total",
                "rate(tickstore_journal_write_failures_total", "tickstore_journal_free_bytes")) {
            assertTrue(all.contains(needed), needed);
        }
    }

    @Test
    void theDashboardQueriesAreValidPromql() throws Exception {
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        int n = 0;
        for (String expr : dashboardExprs()) {
            String concrete = expr.replace("$__rate_interval", "5m").replace("$instance", ".*");
            rules.append("      - record: dashboard:query_").append(n++).append("\n        expr: '")
                    .append(concrete.replace("'", "''")).append("'\n");
        }
        Path file = dataDir.resolve("dashboard-queries.yml");
        Files.writeString(file, rules);
        Promtool.Run r = Promtool.run(null, "check", "rules", file.toString());
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("SUCCESS: " + n + " rules found"), r.output());
    }

    @Test
    void promtoolFindsNoProblemInTickstoreSeries() throws Exception {
        assertTrue(scrape.contains("# TYPE tickstore_ingest_messages_total counter"), "the scrape has tickstore's series");
        Promtool.Run r = Promtool.run(scrape, "check", "metrics");
        List<String> ours = r.output().lines().filter(l -> l.startsWith("tickstore_")).toList();
        assertEquals(List.of(), ours, "promtool check metrics on tickstore's series; all it said:\n" + r.output());
        // Whatever else it reports is about the JVM and process names Micrometer gives (kept as they are).
        for (String line : r.output().lines().filter(l -> !l.isBlank()).toList()) {
            assertTrue(line.matches("^(jvm|process|system|disk)_.*"), "unexpected promtool finding: " + line);
        }
    }

    /** Metric names on /metrics, each with its label names. */
    private static Map<String, Set<String>> exported(String text) {
        Map<String, Set<String>> out = new TreeMap<>();
        for (String line : text.lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            String name = line.substring(0, brace >= 0 && brace < space ? brace : space);
            Set<String> labels = out.computeIfAbsent(name, k -> new TreeSet<>());
            if (brace >= 0 && brace < space) {
                Matcher l = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"").matcher(line.substring(brace, line.lastIndexOf('}')));
                while (l.find()) {
                    labels.add(l.group(1));
                }
            }
        }
        return out;
    }

    private static List<String> dashboardExprs() throws Exception {
        List<String> out = new ArrayList<>();
        collectExprs(new JsonObject(Files.readString(DASHBOARD)).getJsonArray("panels"), out);
        return out;
    }

    private static void collectExprs(JsonArray panels, List<String> out) {
        for (Object p : panels) {
            JsonObject panel = (JsonObject) p;
            for (Object t : panel.getJsonArray("targets", new JsonArray())) {
                out.add(((JsonObject) t).getString("expr"));
            }
            collectExprs(panel.getJsonArray("panels", new JsonArray()), out);
        }
    }

    private static List<String> ruleExprs() throws Exception {
        List<String> out = new ArrayList<>();
        JsonNode root = new YAMLMapper().readTree(RULES.toFile());
        for (JsonNode group : root.get("groups")) {
            for (JsonNode rule : group.get("rules")) {
                out.add(rule.get("expr").asText());
            }
        }
        return out;
    }

}

package io.tickstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * ops/prometheus/tickstore-alerts.yml: valid for Prometheus ({@code promtool check rules}) and right
 * on its unit tests ({@code promtool test rules}: each alert fires on what should wake an operator,
 * with its labels and annotations, and not on the look-alike). That every metric the rules name
 * exists on a running server is {@link MonitoringMetricsTest}'s.
 */
class AlertRulesTest {
    static final String RULES = "ops/prometheus/tickstore-alerts.yml";
    static final String RULE_TESTS = "ops/prometheus/tickstore-alerts.test.yml";

    @Test
    void rulesAreValid() throws Exception {
        Promtool.Run r = Promtool.run(null, "check", "rules", RULES);
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("SUCCESS: 8 rules found"), r.output());
    }

    @Test
    void rulesPassTheirUnitTests() throws Exception {
        Promtool.Run r = Promtool.run(null, "test", "rules", RULE_TESTS);
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("SUCCESS"), r.output());
    }
}

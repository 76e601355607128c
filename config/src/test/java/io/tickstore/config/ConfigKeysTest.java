package io.tickstore.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class ConfigKeysTest {

    @Test
    void envVarIsPrefixedUpperCaseWithUnderscores() {
        assertEquals("TICKSTORE_HTTP_PORT", ConfigKeys.HTTP_PORT.envVar());
        assertEquals("TICKSTORE_DATA_DIR", ConfigKeys.DATA_DIR.envVar());
        assertEquals("TICKSTORE_INGEST_MAX_FRAME_BYTES", ConfigKeys.INGEST_MAX_FRAME_BYTES.envVar());
        for (ConfigKey<?> key : ConfigKeys.all()) {
            assertEquals("TICKSTORE_" + key.name().toUpperCase().replace('.', '_'), key.envVar());
        }
    }

    @Test
    void namesAndEnvVarsAreUniqueAndDescribed() {
        Set<String> names = new HashSet<>();
        Set<String> envVars = new HashSet<>();
        for (ConfigKey<?> key : ConfigKeys.all()) {
            assertTrue(names.add(key.name()), key.name());
            assertTrue(envVars.add(key.envVar()), key.envVar());
            assertFalse(key.description().isBlank(), key.name());
            assertFalse(key.allowed().isBlank(), key.name());
            assertTrue(key.name().matches("[a-z]+(\\.[a-z][a-z0-9_]*)+"), key.name());
        }
        assertEquals(58, names.size());
        assertFalse(envVars.contains("TICKSTORE_JAVA_OPTS"), "the launcher owns TICKSTORE_JAVA_OPTS");
    }

    @Test
    void listIsImmutable() {
        List<ConfigKey<?>> all = ConfigKeys.all();
        assertThrows(UnsupportedOperationException.class, () -> all.remove(0));
    }

    @Test
    void everyDefaultIsAllowedAndMatchesTypedDefault() {
        for (ConfigKey<?> key : ConfigKeys.all()) {
            Object parsed = key.parse(key.defaultValue());
            assertNotNull(parsed, key.name());
            assertEquals(key.typedDefault(), parsed, key.name());
        }
    }

    @Test
    void ringSizeMustBeAPowerOfTwoInRange() {
        assertEquals(1024, ConfigKeys.PIPELINE_RING_SIZE.parse("1024"));
        assertEquals(4_194_304, ConfigKeys.PIPELINE_RING_SIZE.parse("4194304"));
        assertNull(ConfigKeys.PIPELINE_RING_SIZE.parse("512"));
        assertNull(ConfigKeys.PIPELINE_RING_SIZE.parse("8388608"));
        assertNull(ConfigKeys.PIPELINE_RING_SIZE.parse("65535"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"+80", "8_080", "0x50", "80.0", "1e3", "٨٠", " 80", "-", "", "99999999999", "2147483648"})
    void integersArePlainAsciiDecimal(String text) {
        assertNull(ConfigKeys.HTTP_PORT.parse(text), text);
    }

    @Test
    void integerRangeIsInclusive() {
        assertEquals(0, ConfigKeys.HTTP_PORT.parse("0"));
        assertEquals(65535, ConfigKeys.HTTP_PORT.parse("65535"));
        assertEquals(80, ConfigKeys.HTTP_PORT.parse("0080"));
        assertNull(ConfigKeys.HTTP_PORT.parse("65536"));
        assertNull(ConfigKeys.HTTP_PORT.parse("-1"));
    }

    @Test
    void enumValuesAreLowerCaseConfigValues() {
        assertEquals(JournalRollCycle.HOURLY, ConfigKeys.JOURNAL_ROLL_CYCLE.parse("hourly"));
        assertEquals(WaitStrategyKind.SLEEPING, ConfigKeys.PIPELINE_WAIT_STRATEGY.parse("sleeping"));
        assertNull(ConfigKeys.PIPELINE_WAIT_STRATEGY.parse("BLOCKING"));
        assertEquals("one of hourly, daily", ConfigKeys.JOURNAL_ROLL_CYCLE.allowed());
        assertEquals("one of blocking, sleeping, yielding", ConfigKeys.PIPELINE_WAIT_STRATEGY.allowed());
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "0.0.0.0", "localhost", "tick-store.example.com", "example.com.", "host_1",
            "::", "::1", "fe80::1%eth0", "2001:db8::8a2e:370:7334", "1:2:3:4:5:6:7:8", "::ffff:192.0.2.1"})
    void validHosts(String host) {
        assertEquals(host, ConfigKeys.HTTP_HOST.parse(host));
    }

    @ParameterizedTest
    @ValueSource(strings = {"local host", "256.0.0.1", "1.2.3", "-leading", "trailing-", "a..b", "[::1]", "1:2:3",
            "1::2::3", "1:2:3:4:5:6:7:8:9", "12345::", "http://x", "x/y", "1.2.3.4::"})
    void invalidHosts(String host) {
        assertNull(ConfigKeys.HTTP_HOST.parse(host), host);
    }
}

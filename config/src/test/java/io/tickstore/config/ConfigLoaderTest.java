package io.tickstore.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

final class ConfigLoaderTest {

    @TempDir
    Path dir;

    /** Every key set to a valid value different from its default. */
    private static Map<String, String> allNonDefault(Path dataDir) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("http.host", "0.0.0.0");
        values.put("http.port", "9090");
        values.put("http.event_loops", "63");
        values.put("http.tls.cert", existingRegularFile().toString());
        values.put("http.tls.key", existingRegularFile().toString());
        values.put("auth.tokens_file", existingRegularFile().toString());
        values.put("auth.open_metrics", "true");
        values.put("auth.allow_anonymous", "true");
        values.put("limits.connections_per_client", "9");
        values.put("limits.ingest_messages_per_s", "1000");
        values.put("limits.queries_per_client", "3");
        values.put("data.dir", dataDir.toString());
        values.put("journal.roll_cycle", "hourly");
        values.put("journal.retain_cycles", "5");
        values.put("journal.min_free_mb", "3");
        values.put("pipeline.ring_size", "1024");
        values.put("pipeline.wait_strategy", "yielding");
        values.put("hot.max_unstored_mb", "77");
        values.put("warm.max_batch", "500");
        values.put("warm.commit_interval_ms", "0");
        values.put("warm.checkpoint_threshold_mb", "64");
        values.put("warm.max_lag_messages", "123456789012");
        values.put("warm.yield_to_ingest_mb", "64");
        values.put("dedupe.snapshot_interval_s", "5");
        values.put("ingest.max_frame_bytes", "2048");
        values.put("ingest.max_messages_per_frame", "512");
        values.put("ingest.max_connections", "7");
        values.put("ingest.frame_timeout_ms", "1500");
        values.put("query.reader_pool_size", "9");
        values.put("query.default_limit", "50");
        values.put("query.max_limit", "100");
        values.put("query.timeout_ms", "250");
        values.put("query.bar_memory_days", "2");
        values.put("query.tick_memory_mb", "3");
        values.put("portfolio.starting_cash", "1000000.12345678");
        values.put("portfolio.snapshot_interval_s", "60");
        values.put("mirror.postgres.url", "postgresql://postgres@127.0.0.1:5432/test");
        values.put("mirror.postgres.schema", "mirror_1");
        values.put("mirror.postgres.max_lag_mb", "64");
        values.put("mirror.postgres.max_batch", "500");
        values.put("mirror.postgres.serve_reads", "true");
        values.put("lifecycle.enabled", "true");
        values.put("lifecycle.seal_grace_minutes", "15");
        values.put("lifecycle.warm_days", "2");
        values.put("lifecycle.cold_dir", "parquet");
        values.put("lifecycle.interval_s", "600");
        values.put("lifecycle.row_group_rows", "65536");
        values.put("lifecycle.cold_retention_days", "365");
        values.put("lifecycle.s3.endpoint", "http://127.0.0.1:9000");
        values.put("lifecycle.s3.bucket", "tick-archive");
        values.put("lifecycle.s3.prefix", "prod/cold");
        values.put("lifecycle.s3.region", "eu-west-1");
        values.put("lifecycle.s3.access_key", "AKIDEXAMPLE");
        values.put("lifecycle.s3.secret_key", "wJalrXUtnFEMI/K7MDENG");
        values.put("lifecycle.s3.path_style", "false");
        values.put("lifecycle.s3.cache_mb", "256");
        values.put("lifecycle.local_cold_days", "3");
        values.put("lifecycle.s3_retention_days", "3650");
        return values;
    }

    private static TickstoreConfig expectedNonDefault(Path dataDir, Map<String, String> values) {
        return new TickstoreConfig(
                new HttpConfig("0.0.0.0", 9090, 63, Optional.of(Path.of(values.get("http.tls.cert"))),
                        Optional.of(Path.of(values.get("http.tls.key")))),
                dataDir,
                new JournalConfig(JournalRollCycle.HOURLY, 5, 3),
                new PipelineConfig(1024, WaitStrategyKind.YIELDING),
                new HotConfig(77),
                new WarmConfig(500, 0, 64, 123_456_789_012L, 64),
                new DedupeConfig(5),
                new IngestConfig(2048, 512, 7, 1500),
                new QueryConfig(9, 50, 100, 250, 2, 3),
                new PortfolioConfig(new java.math.BigDecimal("1000000.12345678"), 60),
                new AuthConfig(Optional.of(Path.of(values.get("auth.tokens_file"))), true, true),
                new LimitsConfig(9, 1000, 3),
                new MirrorConfig("postgresql://postgres@127.0.0.1:5432/test", "mirror_1", 64, 500, true),
                new LifecycleConfig(true, 15, 2, Path.of("parquet"), 600, 65536, 365,
                        new S3Config("http://127.0.0.1:9000", "tick-archive", "prod/cold", "eu-west-1", "AKIDEXAMPLE",
                                "wJalrXUtnFEMI/K7MDENG", "false", 256, 3, 3650)));
    }

    private Path writeFile(Map<String, String> values) throws IOException {
        StringBuilder text = new StringBuilder("# test config\n");
        values.forEach((key, value) -> text.append(key).append(" = ").append(value).append('\n'));
        return writeFile(text.toString());
    }

    private Path writeFile(String text) throws IOException {
        Path file = dir.resolve("tickstore.properties");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private static Map<String, String> asEnvironment(Map<String, String> values) {
        Map<String, String> environment = new HashMap<>();
        values.forEach((key, value) -> environment.put(envVarOf(key), value));
        return environment;
    }

    private static String envVarOf(String keyName) {
        return ConfigKeys.all().stream().filter(key -> key.name().equals(keyName)).findFirst().orElseThrow().envVar();
    }

    @Test
    void noFileAndNoEnvironmentGivesDefaults() throws ConfigException {
        TickstoreConfig config = ConfigLoader.load(null, Map.of());

        assertEquals(TickstoreConfig.defaults(), config);
        assertEquals(new HttpConfig("127.0.0.1", 8080,
                Math.min(64, Runtime.getRuntime().availableProcessors())), config.http());
        assertEquals(Path.of("./data"), config.dataDir());
        assertEquals(new JournalConfig(JournalRollCycle.DAILY), config.journal());
        assertEquals(new PipelineConfig(65536, WaitStrategyKind.BLOCKING), config.pipeline());
        assertEquals(new HotConfig(1024), config.hot());
        assertEquals(new WarmConfig(524_288, 100, 256, 50_000_000L), config.warm());
        assertEquals(new DedupeConfig(60), config.dedupe());
        assertEquals(new IngestConfig(1_048_576, 10_000, 1024), config.ingest());
        assertEquals(new QueryConfig(Math.max(1, Math.min(64, Runtime.getRuntime().availableProcessors() / 2)), 1000,
                10_000, 10_000), config.query());
    }

    @Test
    void fileOverridesEveryDefault() throws Exception {
        Path dataDir = dir.resolve("data");
        Map<String, String> values = allNonDefault(dataDir);
        assertEquals(ConfigKeys.all().size(), values.size(), "the fixture sets every key");

        assertEquals(expectedNonDefault(dataDir, values), ConfigLoader.load(writeFile(values), Map.of()));
    }

    @Test
    void environmentOverridesEveryDefault() throws Exception {
        Path dataDir = dir.resolve("data");

        Map<String, String> values = allNonDefault(dataDir);
        assertEquals(expectedNonDefault(dataDir, values), ConfigLoader.load(null, asEnvironment(values)));
    }

    @Test
    void environmentOverridesFile() throws Exception {
        Path file = writeFile("""
                http.port = 9090
                http.host = 10.0.0.1
                query.timeout_ms = 250
                """);
        Map<String, String> environment = Map.of("TICKSTORE_HTTP_PORT", "9191", "TICKSTORE_QUERY_TIMEOUT_MS", "300");

        TickstoreConfig config = ConfigLoader.load(file, environment);

        assertEquals(9191, config.http().port());
        assertEquals("10.0.0.1", config.http().host());
        assertEquals(300, config.query().timeoutMillis());
        assertEquals(TickstoreConfig.defaults().pipeline(), config.pipeline());
    }

    @Test
    void valuesAreTrimmed() throws Exception {
        Path file = writeFile("http.port =   9090   \njournal.roll_cycle = hourly\t\n");

        TickstoreConfig config = ConfigLoader.load(file, Map.of("TICKSTORE_QUERY_MAX_LIMIT", "  20000 "));

        assertEquals(9090, config.http().port());
        assertEquals(JournalRollCycle.HOURLY, config.journal().rollCycle());
        assertEquals(20_000, config.query().maxLimit());
    }

    /** One invalid value per key; the test below checks that every key is covered. */
    static Stream<Arguments> badValues() {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("http.host", "local host");
        bad.put("http.port", "abc");
        bad.put("http.event_loops", "65");
        bad.put("http.tls.cert", "/no/such/cert.pem");
        bad.put("http.tls.key", "/no/such/key.pem");
        bad.put("auth.tokens_file", "/no/such/tokens");
        bad.put("auth.open_metrics", "yes");
        bad.put("auth.allow_anonymous", "1");
        bad.put("limits.connections_per_client", "0");
        bad.put("limits.ingest_messages_per_s", "-1");
        bad.put("limits.queries_per_client", "0");
        bad.put("data.dir", existingRegularFile().toString());
        bad.put("journal.roll_cycle", "weekly");
        bad.put("journal.retain_cycles", "-2");
        bad.put("journal.min_free_mb", "0");
        bad.put("pipeline.ring_size", "3000");
        bad.put("pipeline.wait_strategy", "spinning");
        bad.put("hot.max_unstored_mb", "0");
        bad.put("warm.max_batch", "0");
        bad.put("warm.commit_interval_ms", "-1");
        bad.put("warm.checkpoint_threshold_mb", "0");
        bad.put("warm.max_lag_messages", "1e9");
        bad.put("warm.yield_to_ingest_mb", "-1");
        bad.put("dedupe.snapshot_interval_s", "86401");
        bad.put("ingest.max_frame_bytes", "1023");
        bad.put("ingest.max_messages_per_frame", "100001");
        bad.put("ingest.max_connections", "-1");
        bad.put("ingest.frame_timeout_ms", "99");
        bad.put("query.reader_pool_size", "1.5");
        bad.put("query.default_limit", "0");
        bad.put("query.max_limit", "99999999999");
        bad.put("query.timeout_ms", "99");
        bad.put("query.bar_memory_days", "-1");
        bad.put("query.tick_memory_mb", "1048577");
        bad.put("portfolio.starting_cash", "1.123456789");
        bad.put("portfolio.snapshot_interval_s", "86401");
        bad.put("mirror.postgres.url", "jdbc:postgresql://127.0.0.1/test");
        bad.put("mirror.postgres.schema", "Tick-Store");
        bad.put("mirror.postgres.max_lag_mb", "0");
        bad.put("mirror.postgres.max_batch", "0");
        bad.put("mirror.postgres.serve_reads", "sometimes");
        bad.put("lifecycle.enabled", "yes");
        bad.put("lifecycle.seal_grace_minutes", "-1");
        bad.put("lifecycle.warm_days", "36501");
        bad.put("lifecycle.cold_dir", existingRegularFile().toString());
        bad.put("lifecycle.interval_s", "0");
        bad.put("lifecycle.row_group_rows", "1000");
        bad.put("lifecycle.cold_retention_days", "-1");
        bad.put("lifecycle.s3.endpoint", "ftp://host");
        bad.put("lifecycle.s3.bucket", "Upper_Case");
        bad.put("lifecycle.s3.prefix", "/leading");
        bad.put("lifecycle.s3.region", "EU West");
        bad.put("lifecycle.s3.access_key", "has space");
        bad.put("lifecycle.s3.secret_key", "has space");
        bad.put("lifecycle.s3.path_style", "yes");
        bad.put("lifecycle.s3.cache_mb", "0");
        bad.put("lifecycle.local_cold_days", "-1");
        bad.put("lifecycle.s3_retention_days", "36501");
        return ConfigKeys.all().stream().map(key -> Arguments.of(key, bad.get(key.name())));
    }

    private static Path existingRegularFile() {
        try {
            Path file = Files.createTempFile("tickstore-config-test", ".file");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("badValues")
    void badValueFromEnvironmentNamesKeyValueSourceAndAllowed(ConfigKey<?> key, String value) {
        assertTrue(value != null, "no bad value for " + key.name());

        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, Map.of(key.envVar(), value)));

        assertEquals("invalid configuration: " + key.name() + " = \"" + value + "\" (from environment "
                + key.envVar() + "): expected " + key.allowed(), e.getMessage());
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("badValues")
    void badValueFromFileNamesKeyValueSourceAndAllowed(ConfigKey<?> key, String value) throws IOException {
        Path file = writeFile(key.name() + " = " + value.replace("\\", "\\\\") + "\n");

        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));

        assertEquals("invalid configuration: " + key.name() + " = \"" + value + "\" (from file "
                + file.toAbsolutePath() + "): expected " + key.allowed(), e.getMessage());
    }

    @Test
    void examplePortErrorReadsAsDocumented() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, Map.of("TICKSTORE_HTTP_PORT", "abc")));

        assertEquals("invalid configuration: http.port = \"abc\" (from environment TICKSTORE_HTTP_PORT):"
                + " expected an integer 0..65535", e.getMessage());
    }

    @Test
    void emptyValueIsAnError() throws IOException {
        ConfigException fromEnvironment = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, Map.of("TICKSTORE_HTTP_HOST", "   ")));
        assertEquals("invalid configuration: http.host = \"\" (from environment TICKSTORE_HTTP_HOST):"
                + " expected a host name or IP literal, without spaces", fromEnvironment.getMessage());

        Path file = writeFile("query.max_limit =\n");
        ConfigException fromFile = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));
        assertTrue(fromFile.getMessage().startsWith("invalid configuration: query.max_limit = \"\" (from file "),
                fromFile.getMessage());
    }

    @Test
    void valueWithLineBreakStaysOnOneLine() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, Map.of("TICKSTORE_HTTP_PORT", "80\n80")));

        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().contains("http.port = \"80\\n80\""), e.getMessage());
    }

    @Test
    void exceptionMessageIsAlwaysOneLine() {
        assertEquals("a\\nb\\u2028c\\u0000d", new ConfigException("a\nb\u2028c\u0000d").getMessage());
    }

    @Test
    void veryLongValueIsCutShort() {
        String value = "9".repeat(5000);

        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, Map.of("TICKSTORE_HTTP_PORT", value)));

        assertTrue(e.getMessage().length() < 400, e.getMessage());
        assertTrue(e.getMessage().contains("... (5000 chars)"), e.getMessage());
    }

    @Test
    void maxMessagesPerFrameIsAtMostHalfTheRing() throws Exception {
        Path file = writeFile("ingest.max_messages_per_frame = 600\n");
        Map<String, String> environment = Map.of("TICKSTORE_PIPELINE_RING_SIZE", "1024");

        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, environment));

        assertEquals("invalid configuration: ingest.max_messages_per_frame = \"600\" (from file "
                + file.toAbsolutePath() + "): expected at most pipeline.ring_size / 2 = 512;"
                + " pipeline.ring_size = \"1024\" (from environment TICKSTORE_PIPELINE_RING_SIZE)", e.getMessage());

        Map<String, String> fits = Map.of("TICKSTORE_PIPELINE_RING_SIZE", "1024",
                "TICKSTORE_INGEST_MAX_MESSAGES_PER_FRAME", "512");
        assertEquals(512, ConfigLoader.load(null, fits).ingest().maxMessagesPerFrame());
    }

    @Test
    void defaultMaxMessagesPerFrameIsCheckedAgainstAConfiguredRing() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, Map.of("TICKSTORE_PIPELINE_RING_SIZE", "8192")));

        assertEquals("invalid configuration: ingest.max_messages_per_frame = \"10000\" (from default):"
                + " expected at most pipeline.ring_size / 2 = 4096;"
                + " pipeline.ring_size = \"8192\" (from environment TICKSTORE_PIPELINE_RING_SIZE)", e.getMessage());
    }

    @Test
    void defaultLimitIsAtMostMaxLimit() throws Exception {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, Map.of("TICKSTORE_QUERY_MAX_LIMIT", "500")));

        assertEquals("invalid configuration: query.default_limit = \"1000\" (from default):"
                + " expected at most query.max_limit = 500;"
                + " query.max_limit = \"500\" (from environment TICKSTORE_QUERY_MAX_LIMIT)", e.getMessage());

        Map<String, String> equal = Map.of("TICKSTORE_QUERY_MAX_LIMIT", "500", "TICKSTORE_QUERY_DEFAULT_LIMIT", "500");
        assertEquals(new QueryConfig(Math.max(1, Math.min(64, Runtime.getRuntime().availableProcessors() / 2)), 500,
                500, 10_000), ConfigLoader.load(null, equal).query());
    }

    @Test
    void unknownFileKeyIsAnError() throws IOException {
        Path file = writeFile("http.port = 9090\nhttp.prot = 9091\n");

        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));

        assertEquals("invalid configuration: unknown key \"http.prot\" (in file " + file.toAbsolutePath() + ")",
                e.getMessage());
    }

    @Test
    void aKeyOfAnEarlierVersionNamesItsReplacement() throws IOException {
        Path file = writeFile("pipeline.writer_max_batch = 500\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));
        assertEquals("invalid configuration: key \"pipeline.writer_max_batch\" (in file " + file.toAbsolutePath()
                + ") was replaced by warm.max_batch; see docs/configuration.md", e.getMessage());
        ConfigException fromEnvironment = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, Map.of("TICKSTORE_PIPELINE_COMMIT_INTERVAL_MS", "5")));
        assertEquals("invalid configuration: environment variable TICKSTORE_PIPELINE_COMMIT_INTERVAL_MS "
                + "(pipeline.commit_interval_ms) was replaced by warm.commit_interval_ms; see docs/configuration.md",
                fromEnvironment.getMessage());
    }

    @Test
    void environmentVariableNameInFileIsAnUnknownKey() throws IOException {
        Path file = writeFile("TICKSTORE_HTTP_PORT = 9090\n");

        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));

        assertTrue(e.getMessage().contains("unknown key \"TICKSTORE_HTTP_PORT\""), e.getMessage());
    }

    @Test
    void missingFileIsAnError() {
        Path missing = dir.resolve("nope.properties");

        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(missing, Map.of()));

        assertEquals("invalid configuration: cannot read config file " + missing.toAbsolutePath() + ": no such file",
                e.getMessage());
    }

    @Test
    void directoryAsFileIsAnError() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir, Map.of()));

        assertEquals("invalid configuration: cannot read config file " + dir.toAbsolutePath() + ": is a directory",
                e.getMessage());
    }

    @Test
    void fileThatIsNotUtf8IsAnError() throws IOException {
        Path file = dir.resolve("latin1.properties");
        Files.write(file, new byte[] {'h', 't', 't', 'p', '.', 'h', 'o', 's', 't', '=', (byte) 0xE9});

        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));

        assertEquals("invalid configuration: cannot read config file " + file.toAbsolutePath() + ": not valid UTF-8",
                e.getMessage());
    }

    @Test
    void malformedEscapeIsAnError() throws IOException {
        Path file = writeFile("http.host = \\uZZZZ\n");

        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));

        assertTrue(e.getMessage().startsWith("invalid configuration: cannot read config file "
                + file.toAbsolutePath() + ": not a valid properties file"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void launcherAndOtherUnknownEnvironmentVariablesAreIgnored() throws ConfigException {
        Map<String, String> environment = Map.of(
                "TICKSTORE_JAVA_OPTS", "-Xmx8g -XX:+UseZGC",
                "TICKSTORE_SOMETHING_ELSE", "",
                "PATH", "/usr/bin",
                "tickstore_http_port", "1");

        assertEquals(TickstoreConfig.defaults(), ConfigLoader.load(null, environment));
    }

    @Test
    void dataDirMayBeAnExistingDirectoryOrNotExistYet() throws ConfigException {
        assertEquals(dir, ConfigLoader.load(null, Map.of("TICKSTORE_DATA_DIR", dir.toString())).dataDir());

        Path later = dir.resolve("a/b/c");
        assertEquals(later, ConfigLoader.load(null, Map.of("TICKSTORE_DATA_DIR", later.toString())).dataDir());
    }

    @Test
    void relativeColdDirIsUnderTheDataDir() throws ConfigException {
        TickstoreConfig config = ConfigLoader.load(null, Map.of("TICKSTORE_DATA_DIR", dir.toString()));
        assertEquals(dir.resolve("cold"), config.lifecycle().coldDir(config.dataDir()));
        Path elsewhere = dir.resolve("elsewhere").toAbsolutePath();
        TickstoreConfig absolute = ConfigLoader.load(null, Map.of("TICKSTORE_LIFECYCLE_COLD_DIR", elsewhere.toString()));
        assertEquals(elsewhere, absolute.lifecycle().coldDir(absolute.dataDir()));
    }

    @Test
    void portZeroPicksAFreePortAndIsAllowed() throws ConfigException {
        assertEquals(0, ConfigLoader.load(null, Map.of("TICKSTORE_HTTP_PORT", "0")).http().port());
    }

    @Test
    void everyKeyHasABadValueCase() {
        Set<String> covered = badValues().map(arguments -> ((ConfigKey<?>) arguments.get()[0]).name()
                + (arguments.get()[1] == null ? " (missing)" : "")).collect(Collectors.toSet());

        assertEquals(ConfigKeys.all().stream().map(ConfigKey::name).collect(Collectors.toSet()), covered);
    }
}

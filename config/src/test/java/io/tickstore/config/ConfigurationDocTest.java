package io.tickstore.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/configuration.md must keep up with {@link ConfigKeys}. Tests run with the module as working directory. */
final class ConfigurationDocTest {

    private static final Path DOC = Path.of("..", "docs", "configuration.md");
    private static final Pattern PROPERTIES_BLOCK = Pattern.compile("```properties\\n(.*?)```", Pattern.DOTALL);

    private static String doc() throws IOException {
        return Files.readString(DOC, StandardCharsets.UTF_8);
    }

    @Test
    void everyKeyHasATableRowWithItsEnvVarAndAllowedValues() throws IOException {
        String doc = doc();
        for (ConfigKey<?> key : ConfigKeys.all()) {
            String rowStart = "| `" + key.name() + "` | `" + key.envVar() + "` |";
            int row = doc.indexOf(rowStart);
            assertTrue(row >= 0, "no table row starting " + rowStart);
            String line = doc.substring(row, doc.indexOf('\n', row));
            assertTrue(line.contains(key.allowed()), key.name() + ": row does not say \"" + key.allowed() + "\"");
        }
    }

    @Test
    void everyNameAndEnvVarIsMentioned() throws IOException {
        String doc = doc();
        for (ConfigKey<?> key : ConfigKeys.all()) {
            assertTrue(doc.contains(key.name()), key.name());
            assertTrue(doc.contains(key.envVar()), key.envVar());
        }
    }

    @Test
    void exampleFileLoads(@TempDir Path dir) throws Exception {
        Matcher example = PROPERTIES_BLOCK.matcher(doc());
        assertTrue(example.find(), "no ```properties example");
        Path file = dir.resolve("tickstore.properties");
        Files.writeString(file, example.group(1), StandardCharsets.UTF_8);

        TickstoreConfig config = ConfigLoader.load(file, Map.of());

        assertEquals(ConfigKeys.all().size(), countSetKeys(example.group(1)), "the example sets every key");
        assertEquals(new HttpConfig("0.0.0.0", 8080, 4), config.http());
    }

    private static long countSetKeys(String properties) {
        return properties.lines().map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#")).count();
    }

    @Test
    void documentedErrorExampleIsWhatTheLoaderSays() throws Exception {
        String doc = doc();
        try {
            ConfigLoader.load(null, Map.of("TICKSTORE_HTTP_PORT", "abc"));
        } catch (ConfigException e) {
            assertTrue(doc.contains(e.getMessage()), "doc lacks: " + e.getMessage());
            return;
        }
        throw new AssertionError("expected a ConfigException");
    }
}

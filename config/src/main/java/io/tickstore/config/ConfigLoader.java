package io.tickstore.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Loads the configuration: defaults, overridden by an optional properties file, overridden by environment
 * variables. Every effective value is validated here, once; the result needs no further checks.
 */
public final class ConfigLoader {

    private static final String PREFIX = "invalid configuration: ";
    private static final int MAX_SHOWN_VALUE_CHARS = 120;
    private static final Set<String> KEY_NAMES =
            ConfigKeys.all().stream().map(ConfigKey::name).collect(Collectors.toUnmodifiableSet());

    /** Where a key's text came from: {@code default}, {@code file /x.properties} or {@code environment TICKSTORE_X}. */
    private record Setting(String text, String source) {
    }

    private ConfigLoader() {
    }

    /**
     * Loads and validates the configuration.
     *
     * @param fileOrNull  a Java properties file, read as UTF-8, or null for none
     * @param environment environment variables, normally {@code System.getenv()}; variables that are not a
     *                    key's (such as {@code TICKSTORE_JAVA_OPTS}) are ignored
     * @return the validated configuration
     * @throws ConfigException with a one-line message if the file cannot be read or names an unknown key, or a
     *                         value is empty or not allowed
     */
    public static TickstoreConfig load(Path fileOrNull, Map<String, String> environment) throws ConfigException {
        Objects.requireNonNull(environment, "environment");
        for (Map.Entry<String, String> renamed : ConfigKeys.RENAMED.entrySet()) {
            String variable = ConfigKey.envVarOf(renamed.getKey());
            if (environment.containsKey(variable)) {
                throw new ConfigException(PREFIX + "environment variable " + variable + " ("
                        + renamed.getKey() + ") was replaced by " + renamed.getValue() + "; see docs/configuration.md");
            }
        }
        Map<String, String> file = Map.of();
        String fileSource = null;
        if (fileOrNull != null) {
            String where = display(fileOrNull);
            file = readFile(fileOrNull, where);
            fileSource = "file " + where;
        }

        Map<ConfigKey<?>, Setting> settings = new HashMap<>();
        Map<ConfigKey<?>, Object> values = new HashMap<>();
        for (ConfigKey<?> key : ConfigKeys.all()) {
            Setting setting = choose(key, file, fileSource, environment);
            settings.put(key, setting);
            values.put(key, resolve(key, setting));
        }
        KeyValues resolved = new KeyValues() {
            @Override
            @SuppressWarnings("unchecked") // values.get(key) came from key.parse, so it is a T
            public <T> T get(ConfigKey<T> key) {
                return (T) values.get(key);
            }
        };

        for (ConfigKeys.UpperBound bound : ConfigKeys.UPPER_BOUNDS) {
            int value = resolved.get(bound.key());
            int limit = bound.limit().applyAsInt(resolved.get(bound.limitKey()));
            if (value > limit) {
                Setting limitSetting = settings.get(bound.limitKey());
                throw invalid(bound.key(), settings.get(bound.key()),
                        "expected at most " + bound.limitText() + " = " + limit
                                + "; " + bound.limitKey().name() + " = " + quote(limitSetting.text())
                                + " (from " + limitSetting.source() + ")");
            }
        }
        return TickstoreConfig.from(resolved);
    }

    private static Setting choose(
            ConfigKey<?> key, Map<String, String> file, String fileSource, Map<String, String> environment) {
        String fromEnvironment = environment.get(key.envVar());
        if (fromEnvironment != null) {
            return new Setting(fromEnvironment.trim(), "environment " + key.envVar());
        }
        String fromFile = file.get(key.name());
        if (fromFile != null) {
            return new Setting(fromFile.trim(), fileSource);
        }
        return new Setting(key.defaultValue(), "default");
    }

    private static <T> T resolve(ConfigKey<T> key, Setting setting) throws ConfigException {
        T value = setting.text().isEmpty() ? null : key.parse(setting.text());
        if (value == null) {
            throw invalid(key, setting, "expected " + key.allowed());
        }
        return value;
    }

    private static Map<String, String> readFile(Path path, String where) throws ConfigException {
        if (Files.isDirectory(path)) {
            throw unreadable(where, "is a directory");
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            throw unreadable(where, "no such file");
        } catch (AccessDeniedException e) {
            throw unreadable(where, "permission denied");
        } catch (CharacterCodingException e) {
            throw unreadable(where, "not valid UTF-8");
        } catch (IOException e) {
            throw unreadable(where, e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
        } catch (IllegalArgumentException e) { // Properties.load on a malformed \\uXXXX escape
            throw unreadable(where, "not a valid properties file: " + e.getMessage());
        }

        Set<String> unknown = new TreeSet<>(properties.stringPropertyNames());
        unknown.removeAll(KEY_NAMES);
        for (String name : unknown) {
            String now = ConfigKeys.RENAMED.get(name);
            if (now != null) {
                throw new ConfigException(PREFIX + "key " + quote(name) + " (in file " + where + ") was replaced by "
                        + now + "; see docs/configuration.md");
            }
        }
        if (!unknown.isEmpty()) {
            throw new ConfigException(PREFIX + "unknown key " + quote(unknown.iterator().next()) + " (in file " + where + ")");
        }
        Map<String, String> values = new HashMap<>();
        for (String name : properties.stringPropertyNames()) {
            values.put(name, properties.getProperty(name));
        }
        return values;
    }

    private static ConfigException invalid(ConfigKey<?> key, Setting setting, String detail) {
        return new ConfigException(
                PREFIX + key.name() + " = " + quote(setting.text()) + " (from " + setting.source() + "): " + detail);
    }

    private static ConfigException unreadable(String where, String reason) {
        return new ConfigException(PREFIX + "cannot read config file " + where + ": " + reason);
    }

    private static String display(Path path) {
        return path.toAbsolutePath().normalize().toString();
    }

    /** Double-quoted, with quote, backslash and control characters escaped and long text cut short. */
    static String quote(String text) {
        int shown = Math.min(text.length(), MAX_SHOWN_VALUE_CHARS);
        StringBuilder out = new StringBuilder(shown + 24).append('"');
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (ConfigException.needsEscape(c)) {
                ConfigException.appendEscaped(out, c);
            } else {
                out.append(c);
            }
        }
        out.append('"');
        if (shown < text.length()) {
            out.append("... (").append(text.length()).append(" chars)");
        }
        return out.toString();
    }
}

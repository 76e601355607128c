package io.tickstore.config;

import java.util.Locale;
import java.util.Objects;

/**
 * One configuration key: its name, environment variable, default, allowed values and parser.
 * All keys are listed by {@link ConfigKeys#all()}.
 *
 * @param <T> the type the value parses to
 */
public final class ConfigKey<T> {

    /** Prefix of every key's environment variable. */
    public static final String ENV_PREFIX = "TICKSTORE_";

    private final String name;
    private final String envVar;
    private final String defaultValue;
    private final ValueRule<T> rule;
    private final String description;
    private final T typedDefault;

    ConfigKey(String name, String defaultValue, ValueRule<T> rule, String description) {
        this.name = Objects.requireNonNull(name, "name");
        this.envVar = envVarOf(name);
        this.defaultValue = Objects.requireNonNull(defaultValue, "defaultValue");
        this.rule = Objects.requireNonNull(rule, "rule");
        this.description = Objects.requireNonNull(description, "description");
        // Parse only: the default must be well-formed, but checking it against the file system waits for a load.
        this.typedDefault = rule.parser().apply(defaultValue);
        if (typedDefault == null) {
            throw new IllegalStateException(name + ": default " + defaultValue + " is not " + rule.allowed());
        }
    }

    /** @return the key as written in a config file, e.g. {@code http.port} */
    public String name() {
        return name;
    }

    /** @return the environment variable that sets this key, e.g. {@code TICKSTORE_HTTP_PORT} */
    /** The environment variable that sets the key {@code name}: TICKSTORE_ and the name in capitals, dots as _. */
    static String envVarOf(String name) {
        return ENV_PREFIX + name.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    public String envVar() {
        return envVar;
    }

    /** @return the default as config text, e.g. {@code 8080}; {@code http.event_loops} depends on the machine */
    public String defaultValue() {
        return defaultValue;
    }

    /** @return what values are allowed, phrased to follow "expected", e.g. {@code an integer 0..65535} */
    public String allowed() {
        return rule.allowed();
    }

    /** @return what the key does, one sentence */
    public String description() {
        return description;
    }

    T typedDefault() {
        return typedDefault;
    }

    /** @return the value, or null when {@code text} (already trimmed) is not allowed */
    T parse(String text) {
        T value = rule.parser().apply(text);
        return value != null && rule.check().test(value) ? value : null;
    }

    @Override
    public String toString() {
        return name;
    }
}

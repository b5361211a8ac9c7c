package io.toggleworks.spi.config;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Settings handed to a provider, keyed by FeatBit's configuration names. {@code Postgres__ConnectionString},
 * {@code Postgres:ConnectionString} and {@code postgres.connectionstring} all name the same setting, as in .NET
 * configuration, so operators can reuse their FeatBit environment unchanged.
 */
public final class ProviderConfig {
    private final Map<String, String> values;

    private ProviderConfig(Map<String, String> values) {
        this.values = values;
    }

    public static ProviderConfig of(Map<String, String> raw) {
        Map<String, String> normalized = new TreeMap<>();
        raw.forEach((k, v) -> {
            if (k != null && v != null) {
                normalized.put(normalize(k), v);
            }
        });
        return new ProviderConfig(Map.copyOf(normalized));
    }

    /** The process environment and system properties, system properties winning. */
    public static ProviderConfig fromEnvironment() {
        Map<String, String> all = new TreeMap<>(System.getenv());
        System.getProperties().forEach((k, v) -> all.put(String.valueOf(k), String.valueOf(v)));
        return of(all);
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(normalize(key))).filter(s -> !s.isBlank());
    }

    public String get(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    public int getInt(String key, int defaultValue) {
        return get(key).map(String::trim).map(Integer::parseInt).orElse(defaultValue);
    }

    /** A new config where {@code overrides} replace existing settings. */
    public ProviderConfig with(Map<String, String> overrides) {
        Map<String, String> merged = new TreeMap<>(values);
        overrides.forEach((k, v) -> merged.put(normalize(k), v));
        return new ProviderConfig(Map.copyOf(merged));
    }

    static String normalize(String key) {
        return key.replace("__", ":").replace('.', ':').toLowerCase(Locale.ROOT);
    }
}

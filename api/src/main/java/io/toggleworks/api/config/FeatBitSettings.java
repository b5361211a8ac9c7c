package io.toggleworks.api.config;

import java.util.Locale;
import java.util.Optional;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Settings under FeatBit's configuration names ({@code Postgres__ConnectionString}, {@code Jwt__Key}, ...).
 * .NET reads {@code A__B} from the environment and {@code A:B} from appsettings; operators reuse their FeatBit
 * environment unchanged, so each name is looked up in all its spellings.
 */
@Component
public class FeatBitSettings {
    private final Environment env;

    public FeatBitSettings(Environment env) {
        this.env = env;
    }

    public Optional<String> get(String key) {
        return get(env, key);
    }

    /** As {@link #get(String)}, for code that runs before beans exist (conditions). */
    public static Optional<String> get(Environment env, String key) {
        for (String candidate : spellings(key)) {
            String value = env.getProperty(candidate);
            if (value != null && !value.isBlank()) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    public String get(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    private static String[] spellings(String key) {
        String colon = key.replace("__", ":");
        String dotted = key.replace("__", ".");
        return new String[] {key, colon, dotted, dotted.toLowerCase(Locale.ROOT), key.toUpperCase(Locale.ROOT)};
    }
}

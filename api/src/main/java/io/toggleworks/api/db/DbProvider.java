package io.toggleworks.api.db;

import io.toggleworks.api.config.FeatBitSettings;
import java.util.Locale;
import org.springframework.core.env.Environment;

/** FeatBit's {@code DbProvider}: which database holds the API's data. One implementation of every store per value. */
public enum DbProvider {
    POSTGRES("Postgres"),
    MONGODB("MongoDb");

    private final String setting;

    DbProvider(String setting) {
        this.setting = setting;
    }

    /** The value as FeatBit spells it in {@code DbProvider}. */
    public String setting() {
        return setting;
    }

    /** {@code DbProvider} from any of its spellings; default {@code Postgres}; an unknown value stops the start. */
    public static DbProvider of(Environment env) {
        return parse(FeatBitSettings.get(env, "DbProvider").orElse(null));
    }

    static DbProvider parse(String value) {
        if (value == null || value.isBlank()) {
            return POSTGRES;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "postgres", "postgresql" -> POSTGRES;
            case "mongodb", "mongo" -> MONGODB;
            default -> throw new IllegalStateException("DbProvider=" + value + " is not supported; use Postgres or MongoDb");
        };
    }
}

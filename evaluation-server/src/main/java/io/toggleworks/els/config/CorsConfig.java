package io.toggleworks.els.config;

import io.toggleworks.spi.config.ProviderConfig;

import java.util.Arrays;
import java.util.List;

/**
 * FeatBit's {@code Cors__*} settings (evaluation-server.md §2.3): on by default, every origin, header and method,
 * no credentials. Lists are {@code ;}-separated; {@code *} means any.
 */
public record CorsConfig(boolean enabled, List<String> allowedOrigins, List<String> allowedHeaders, List<String> allowedMethods,
                         boolean allowCredentials) {

    public CorsConfig {
        allowedOrigins = List.copyOf(allowedOrigins);
        allowedHeaders = List.copyOf(allowedHeaders);
        allowedMethods = List.copyOf(allowedMethods);
        if (allowCredentials && allowedOrigins.contains("*")) {
            // Browsers refuse this combination; ASP.NET refuses it at start-up, and so do we.
            throw new IllegalArgumentException("Cors: AllowCredentials cannot be combined with AllowedOrigins=*");
        }
    }

    static CorsConfig from(ProviderConfig c) {
        return new CorsConfig(
                Boolean.parseBoolean(c.get("Cors:Enabled", "true")),
                list(c.get("Cors:AllowedOrigins", "*")),
                list(c.get("Cors:AllowedHeaders", "*")),
                list(c.get("Cors:AllowedMethods", "*")),
                Boolean.parseBoolean(c.get("Cors:AllowCredentials", "false")));
    }

    private static List<String> list(String s) {
        return Arrays.stream(s.split(";")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }

    public boolean anyOrigin() {
        return allowedOrigins.contains("*");
    }

    public boolean originAllowed(String origin) {
        return anyOrigin() || allowedOrigins.stream().anyMatch(o -> o.equalsIgnoreCase(origin));
    }
}

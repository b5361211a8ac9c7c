package io.toggleworks.standalone;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Starts one Spring Boot service (API or portal) in this JVM. Every service jar carries its own
 * {@code application.properties}; on one classpath only the first would be found, so each service's file is read
 * from its own jar and passed in explicitly, followed by the standalone overrides.
 */
final class ServiceContext {
    private ServiceContext() {
    }

    static ConfigurableApplicationContext run(Class<?> application, Map<String, Object> overrides) {
        Map<String, String> settings = new LinkedHashMap<>(ownProperties(application));
        overrides.forEach((k, v) -> settings.put(k, String.valueOf(v)));
        List<String> args = new ArrayList<>();
        // No shared application.properties: each context gets exactly its own settings.
        args.add("--spring.config.name=toggleworks-standalone-" + application.getSimpleName());
        settings.forEach((k, v) -> args.add("--" + k + "=" + v));
        return new SpringApplicationBuilder(application).run(args.toArray(String[]::new));
    }

    static Map<String, String> ownProperties(Class<?> application) {
        String home = application.getProtectionDomain().getCodeSource().getLocation().toString();
        try {
            for (URL url : Collections.list(application.getClassLoader().getResources("application.properties"))) {
                if (url.toString().startsWith(home)) {
                    Properties p = new Properties();
                    try (InputStream in = url.openStream()) {
                        p.load(in);
                    }
                    Map<String, String> result = new LinkedHashMap<>();
                    p.stringPropertyNames().forEach(k -> result.put(k, p.getProperty(k)));
                    return result;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of();
    }
}

package io.toggleworks.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class FeatBitSettingsTest {
    @Test
    void readsFeatBitNamesFromTheEnvironmentAndAppsettingsStyleKeys() {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new SystemEnvironmentPropertySource("fake-env", Map.of(
                "Postgres__ConnectionString", "Host=db;Database=featbit", "JWT__KEY", "k")));
        env.getPropertySources().addLast(new MapPropertySource("appsettings", Map.of("Jwt:Issuer", "me")));
        FeatBitSettings settings = new FeatBitSettings(env);
        assertThat(settings.get("Postgres__ConnectionString")).contains("Host=db;Database=featbit");
        assertThat(settings.get("Jwt__Key")).contains("k");
        assertThat(settings.get("Jwt__Issuer")).contains("me");
        assertThat(settings.get("Redis__ConnectionString")).isEmpty();
        assertThat(settings.get("DbProvider", "Postgres")).isEqualTo("Postgres");
    }
}

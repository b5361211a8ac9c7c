package io.toggleworks.els.config;

import io.toggleworks.spi.config.ProviderConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ElsConfigTest {
    @Test
    void defaultsAreFeatBits() {
        ElsConfig c = ElsConfig.from(ProviderConfig.of(Map.of()));
        assertThat(c.port()).isEqualTo(5100);
        assertThat(c.dbProvider()).isEqualTo("Postgres");
        assertThat(c.mqProvider()).isEqualTo("Postgres");
        assertThat(c.cacheProvider()).isEqualTo("None");
        assertThat(c.tokenExpiry()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.limits().maxMessageBytes()).isEqualTo(65536);
        assertThat(c.cors().enabled()).isTrue();
        assertThat(c.cors().anyOrigin()).isTrue();
    }

    @Test
    void readsFeatBitsVariableNames() {
        ElsConfig c = ElsConfig.from(ProviderConfig.of(Map.of(
                "ASPNETCORE_URLS", "http://*:6100",
                "MqProvider", "Redis",
                "Streaming__TokenExpirySeconds", "120",
                "Streaming__MaxMessageBytes", "1024",
                "Cors__AllowedOrigins", "https://a.example; https://b.example")));
        assertThat(c.port()).isEqualTo(6100);
        assertThat(c.mqProvider()).isEqualTo("Redis");
        assertThat(c.tokenExpiry()).isEqualTo(Duration.ofSeconds(120));
        assertThat(c.limits().maxMessageBytes()).isEqualTo(1024);
        assertThat(c.cors().allowedOrigins()).containsExactly("https://a.example", "https://b.example");
        assertThat(c.cors().originAllowed("https://B.example")).isTrue();
        assertThat(c.cors().originAllowed("https://evil.example")).isFalse();
    }

    @Test
    void portOfAspNetUrls() {
        assertThat(ElsConfig.portOf("http://+:5100")).isEqualTo(5100);
        assertThat(ElsConfig.portOf("http://localhost:8080/;https://*:8443")).isEqualTo(8080);
        assertThat(ElsConfig.portOf("http://*")).isEqualTo(5100);
    }

    @Test
    void credentialsWithAnyOriginAreRefusedAtStartUp() {
        assertThatThrownBy(() -> ElsConfig.from(ProviderConfig.of(Map.of("Cors__AllowCredentials", "true"))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package io.toggleworks.infra.mongodb.connection;

import io.toggleworks.spi.config.ProviderConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MongoSettingsTest {
    @Test
    void readsFeatBitsSettingNamesInEveryForm() {
        MongoSettings env = MongoSettings.from(ProviderConfig.of(Map.of(
                "MongoDb__ConnectionString", "mongodb://db:27017", "MongoDb__Database", "ff")), "els");
        assertThat(env).isEqualTo(new MongoSettings("mongodb://db:27017", "ff", "els"));
        MongoSettings props = MongoSettings.from(ProviderConfig.of(Map.of("mongodb.connectionstring", "mongodb://x")), "els");
        assertThat(props.connectionString()).isEqualTo("mongodb://x");
        assertThat(props.database()).isEqualTo("featbit");
        assertThat(MongoSettings.from(ProviderConfig.of(Map.of()), "els").connectionString()).isEqualTo("mongodb://localhost:27017");
    }

    @Test
    void aMalformedUriIsRejectedWithoutEchoingIt() {
        MongoSettings bad = new MongoSettings("http://user:s3cret@db", "featbit", "els");
        assertThatThrownBy(bad::openClient).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MongoDb__ConnectionString").hasMessageNotContaining("s3cret");
        assertThat(new MongoSettings("mongodb://user:s3cret@db", "featbit", "els").toString()).doesNotContain("s3cret");
    }
}

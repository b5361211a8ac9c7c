package io.toggleworks.infra.kafka.mq;

import io.toggleworks.spi.config.ProviderConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaSettingsTest {

    @Test
    void featBitEnvironmentVariablesBecomeJavaClientProperties() {
        KafkaClientSettings s = KafkaClientSettings.from(ProviderConfig.of(Map.of(
                "Kafka__Producer__bootstrap.servers", "k1:9092,k2:9092",
                "Kafka__Producer__linger.ms", "50",
                "Kafka__Consumer__bootstrap.servers", "k3:9092",
                "Kafka__Consumer__group.id", "my-api",
                "Kafka__Consumer__security.protocol", "sasl_plaintext",
                "Kafka__Consumer__sasl.mechanism", "plain",
                "Kafka__Consumer__sasl.username", "kafka",
                "Kafka__Consumer__sasl.password", "bit\"nami",
                "Kafka__Consumer__enable.auto.offset.store", "false")));
        assertThat(s.producer()).containsEntry("bootstrap.servers", "k1:9092,k2:9092").containsEntry("linger.ms", "50");
        assertThat(s.consumer()).containsEntry("bootstrap.servers", "k3:9092").containsEntry("group.id", "my-api")
                .containsEntry("security.protocol", "SASL_PLAINTEXT").containsEntry("sasl.mechanism", "PLAIN")
                .doesNotContainKey("enable.auto.offset.store");
        assertThat(s.consumer().get("sasl.jaas.config").toString())
                .isEqualTo("org.apache.kafka.common.security.plain.PlainLoginModule required username=\"kafka\" password=\"bit\\\"nami\";");
    }

    @Test
    void defaultsAreFeatBitsAddressAndOneSettingServesBothSides() {
        assertThat(KafkaClientSettings.from(ProviderConfig.of(Map.of())).consumer()).containsEntry("bootstrap.servers", "kafka:9092");
        assertThat(KafkaClientSettings.from(ProviderConfig.of(Map.of("Kafka:Producer:bootstrap.servers", "x:1"))).consumer())
                .containsEntry("bootstrap.servers", "x:1");
        KafkaQueueSettings q = KafkaQueueSettings.defaults();
        assertThat(q.partitions()).isEmpty();
        assertThat(q.replicationFactor()).isEmpty();
        assertThat(q.maxDeliveries()).isEqualTo(5);
    }

    @Test
    void oneTopicCanHaveItsOwnPartitionCount() {
        KafkaQueueSettings q = KafkaQueueSettings.from(ProviderConfig.of(Map.of(
                "Kafka__Topics__Partitions", "2", "Kafka__Topics__featbit-insights__Partitions", "6")));
        assertThat(q.partitionsOf("featbit-insights")).hasValue(6);
        assertThat(q.partitionsOf("featbit-usage")).hasValue(2);
        assertThat(KafkaQueueSettings.defaults().partitionsOf("featbit-insights")).isEmpty();
    }

    @Test
    void badNumbersAreClearErrors() {
        assertThatThrownBy(() -> KafkaQueueSettings.from(ProviderConfig.of(Map.of("Kafka__Topics__Partitions", "many"))))
                .hasMessageContaining("Kafka__Topics__Partitions must be a whole number");
        assertThatThrownBy(() -> KafkaQueueSettings.from(ProviderConfig.of(Map.of("Kafka__Queue__MaxDeliveries", "0"))))
                .hasMessageContaining("MaxDeliveries must be at least 1");
    }
}

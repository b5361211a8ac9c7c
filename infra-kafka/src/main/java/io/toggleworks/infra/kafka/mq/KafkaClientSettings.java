package io.toggleworks.infra.kafka.mq;

import io.toggleworks.spi.config.ProviderConfig;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * FeatBit's client sections {@code Kafka__Producer__<key>} and {@code Kafka__Consumer__<key>}, whose keys are
 * librdkafka properties. Keys the Java client shares with librdkafka (most of them: {@code bootstrap.servers},
 * {@code security.protocol}, {@code sasl.mechanism}, {@code acks}, {@code linger.ms}, {@code group.id}, ...) pass
 * through; librdkafka-only keys that FeatBit's guides use are translated: {@code sasl.username} and
 * {@code sasl.password} become a {@code sasl.jaas.config}, {@code ssl.ca.location} a PEM trust store.
 */
public final class KafkaClientSettings {
    /** FeatBit's default for both sections. */
    public static final String DEFAULT_BOOTSTRAP = "kafka:9092";
    static final String PRODUCER = "Kafka__Producer__";
    static final String CONSUMER = "Kafka__Consumer__";

    private final Map<String, Object> producer;
    private final Map<String, Object> consumer;

    private KafkaClientSettings(Map<String, Object> producer, Map<String, Object> consumer) {
        this.producer = Map.copyOf(producer);
        this.consumer = Map.copyOf(consumer);
    }

    public static KafkaClientSettings from(ProviderConfig c) {
        Map<String, Object> producer = section(c, PRODUCER, ProducerConfig.configNames());
        Map<String, Object> consumer = section(c, CONSUMER, ConsumerConfig.configNames());
        producer.putIfAbsent(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, DEFAULT_BOOTSTRAP);
        // One setting is enough when both sides use one cluster (FeatBit requires both).
        consumer.putIfAbsent(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, producer.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
        return new KafkaClientSettings(producer, consumer);
    }

    /** The producer section as Java client properties. */
    public Map<String, Object> producer() {
        return producer;
    }

    /** The consumer section as Java client properties. */
    public Map<String, Object> consumer() {
        return consumer;
    }

    /** Admin client properties for the cluster a section points at (its address and security settings). */
    static Map<String, Object> admin(Map<String, Object> section) {
        Map<String, Object> admin = new HashMap<>();
        Set<String> names = AdminClientConfig.configNames();
        section.forEach((k, v) -> {
            if (names.contains(k) && !k.equals(AdminClientConfig.CLIENT_ID_CONFIG)) {
                admin.put(k, v);
            }
        });
        return admin;
    }

    private static Map<String, Object> section(ProviderConfig c, String prefix, Set<String> javaNames) {
        Map<String, Object> props = new HashMap<>();
        for (String name : javaNames) {
            c.get(prefix + name).ifPresent(v -> props.put(name, v.trim()));
        }
        props.computeIfPresent(SaslConfigs.SASL_MECHANISM, (k, v) -> v.toString().toUpperCase(Locale.ROOT));
        props.computeIfPresent("security.protocol", (k, v) -> v.toString().toUpperCase(Locale.ROOT));
        Optional<String> user = c.get(prefix + "sasl.username");
        Optional<String> password = c.get(prefix + "sasl.password");
        if (user.isPresent() && !props.containsKey(SaslConfigs.SASL_JAAS_CONFIG)) {
            String mechanism = props.getOrDefault(SaslConfigs.SASL_MECHANISM, "PLAIN").toString();
            String module = mechanism.startsWith("SCRAM")
                    ? "org.apache.kafka.common.security.scram.ScramLoginModule"
                    : "org.apache.kafka.common.security.plain.PlainLoginModule";
            props.put(SaslConfigs.SASL_JAAS_CONFIG, module + " required username=\"" + jaasEscape(user.get())
                    + "\" password=\"" + jaasEscape(password.orElse("")) + "\";");
        }
        c.get(prefix + "ssl.ca.location").ifPresent(ca -> {
            props.putIfAbsent(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, ca);
            props.putIfAbsent(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
        });
        return props;
    }

    private static String jaasEscape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}

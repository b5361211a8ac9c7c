package io.toggleworks.infra.kafka.mq;

import io.toggleworks.spi.mq.support.Backoff;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Creates the topics that are missing when the queue starts. FeatBit relies on the broker creating
 * {@code featbit-usage} on first use; auto-creation is often disabled in production clusters and creates topics with
 * whatever defaults the broker has, so we create all of them explicitly. Existing topics are left as they are.
 */
final class TopicCreator {
    private static final Logger LOG = LoggerFactory.getLogger(TopicCreator.class);

    private TopicCreator() {
    }

    static void ensure(Map<String, Object> adminProps, KafkaQueueSettings settings) {
        long deadline = System.nanoTime() + settings.topicTimeout().toNanos();
        Exception last = null;
        Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5));
        while (System.nanoTime() < deadline) {
            try (Admin admin = Admin.create(adminProps)) {
                createMissing(admin, settings, deadline);
                return;
            } catch (ExecutionException | java.util.concurrent.TimeoutException | RuntimeException e) {
                last = e;
                LOG.warn("Kafka at {} not ready to create topics, retrying: {}",
                        adminProps.get("bootstrap.servers"), e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while creating Kafka topics", e);
            }
            sleep(backoff.next());
        }
        throw new IllegalStateException("Kafka at " + adminProps.get("bootstrap.servers")
                + " did not answer within " + settings.topicTimeout() + " (" + KafkaQueueSettings.TOPICS
                + "TimeoutMs); cannot create the queue topics", last);
    }

    private static void createMissing(Admin admin, KafkaQueueSettings settings, long deadline)
            throws ExecutionException, InterruptedException, java.util.concurrent.TimeoutException {
        long remainingMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        Set<String> existing = admin.listTopics().names().get(remainingMs, TimeUnit.MILLISECONDS);
        List<NewTopic> missing = new ArrayList<>();
        for (String name : KafkaTopics.all()) {
            if (!existing.contains(name)) {
                NewTopic topic = new NewTopic(name, settings.partitionsOf(name), settings.replicationFactor());
                if (name.startsWith(KafkaTopics.PARKED_PREFIX)) {
                    topic.configs(Map.of(TopicConfig.RETENTION_MS_CONFIG,
                            Long.toString(settings.parkedRetention().toMillis())));
                }
                missing.add(topic);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        var result = admin.createTopics(missing);
        for (var entry : result.values().entrySet()) {
            try {
                entry.getValue().get(remainingMs, TimeUnit.MILLISECONDS);
                LOG.info("created Kafka topic {}", entry.getKey());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof AuthorizationException) {
                    // Locked-down clusters: operators create the topics, and may not let us list them either.
                    LOG.warn("not allowed to create Kafka topic {} ({}); assuming it has been created for us",
                            entry.getKey(), e.getCause().getMessage());
                } else if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                // TopicExistsException: another instance created it meanwhile.
            }
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating Kafka topics", e);
        }
    }
}

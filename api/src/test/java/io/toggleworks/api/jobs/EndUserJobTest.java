package io.toggleworks.api.jobs;

import io.toggleworks.api.testing.Eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.toggleworks.api.testing.ApiClient;
import io.toggleworks.api.testing.ApiTestBase;
import io.toggleworks.spi.mq.MessageQueue;
import io.toggleworks.spi.mq.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code featbit-endusers} messages through whichever queue the API runs with (PostgreSQL's, or Redis beside
 * MongoDB) into end users and their properties, checked through the API; on either main database.
 */
@Tag("mongodb")
class EndUserJobTest extends ApiTestBase {
    private static void publish(String payload) {
        server.context().getBean(MessageQueue.class).producer().publish(Topics.END_USERS, payload);
    }

    private static String message(UUID envId, String keyId, String name, Map<String, String> props) {
        StringBuilder p = new StringBuilder();
        props.forEach((k, v) -> p.append(p.isEmpty() ? "" : ",").append("{\"name\":\"").append(k).append("\",\"value\":\"")
                .append(v).append("\"}"));
        return "{\"envId\":\"" + envId + "\",\"keyId\":\"" + keyId + "\",\"name\":\"" + name + "\",\"customizedProperties\":[" + p + "]}";
    }

    private static JsonNode byKeyIds(ApiClient org, UUID envId, List<String> keyIds) {
        return org.post("envs/" + envId + "/end-users/by-keyIds", keyIds).ok().data();
    }

    private static List<String> propertyNames(ApiClient org, UUID envId) {
        return org.get("envs/" + envId + "/end-user-properties").ok().data().valueStream().map(p -> p.path("name").asString()).toList();
    }

    @Test
    void consumesEndUserMessagesIntoUsersAndNewProperties() {
        ApiClient org = newOrganization();
        UUID envId = envId(newProject(org), "dev");
        publish(message(envId, "u-123", "Alice", Map.of("country", "FR")));
        publish("{not json");
        publish(message(envId, "u-123", "Alice B", Map.of("country", "FR", "plan", "pro")));
        await(() -> {
            JsonNode users = byKeyIds(org, envId, List.of("u-123"));
            return users.size() == 1 && users.path(0).path("name").asString().equals("Alice B");
        });
        await(() -> propertyNames(org, envId).containsAll(List.of("country", "plan")));
        assertThat(propertyNames(org, envId).stream().filter("country"::equals).count()).isEqualTo(1);
        assertThat(org.post("envs/" + envId + "/end-users/list", Map.of("pageSize", 10)).ok().data().path("items").size())
                .isEqualTo(1);
    }

    /** The SDK's user arrives by the queue while the portal upserts it: one user, never two (api.md §7). */
    @Test
    void aUserUpsertedByTheApiAndTheQueueAtOnceIsOneUser() throws Exception {
        ApiClient org = newOrganization();
        UUID envId = envId(newProject(org), "dev");
        List<String> keys = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String key = "both-" + i;
                keys.add(key);
                publish(message(envId, key, "Queue", Map.of()));
                done.add(pool.submit(() -> org.put("envs/" + envId + "/end-users", Map.of("keyId", key, "name", "Api",
                        "customizedProperties", List.of())).ok()));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        // Each message is consumed at some point; then every key has exactly one user.
        publish(message(envId, "last", "Last", Map.of()));
        await(() -> byKeyIds(org, envId, List.of("last")).size() == 1);
        await(() -> byKeyIds(org, envId, keys).size() == keys.size());
        JsonNode listed = org.post("envs/" + envId + "/end-users/list", Map.of("pageSize", 100)).ok().data().path("items");
        assertThat(listed.size()).isEqualTo(keys.size() + 1);
    }

    /** Waits for the consumer; what is asserted is the outcome, never the time taken. */
    private static void await(BooleanSupplier condition) {
        Eventually.await(condition, Duration.ofSeconds(90), Duration.ofMillis(200), "condition not met in time");
    }
}

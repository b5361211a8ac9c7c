package io.toggleworks.infra.postgres.mq;

import io.toggleworks.infra.postgres.testing.PostgresTestDatabase;
import io.toggleworks.spi.mq.JobMessage;
import io.toggleworks.spi.mq.MessageQueue;
import io.toggleworks.spi.mq.MessageQueueProviders;
import io.toggleworks.spi.mq.Topics;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/** The queue on the schema our Flyway migrations build (the other tests create only FeatBit's queue table). */
@Timeout(120)
class PostgresQueueOnMigratedSchemaTest {

    @Test
    void publishesAndConsumesOnTheMigratedSchema() throws Exception {
        try (PostgresTestDatabase db = PostgresTestDatabase.create("tw_mqflyway")) {
            Flyway.configure().dataSource(db.jdbcUrl(), "postgres", "")
                    .locations("classpath:db/migration/postgresql").load().migrate();
            try (MessageQueue queue = MessageQueueProviders.create(PostgresMessageQueueConformanceTest.fastConfig(db), "None")) {
                List<String> realtime = new CopyOnWriteArrayList<>();
                List<JobMessage> jobs = new CopyOnWriteArrayList<>();
                queue.realtimeConsumer().start((topic, json) -> realtime.add(json));
                queue.jobConsumer().start(Topics.END_USERS, jobs::addAll);
                queue.producer().publish(Topics.END_USERS, "{\"keyId\":\"u1\"}");
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (realtime.stream().noneMatch("{\"flag\":1}"::equals)) {
                    queue.producer().publish(Topics.FEATURE_FLAG_CHANGE, "{\"flag\":1}");
                    Thread.sleep(200);
                    if (System.nanoTime() > deadline) {
                        fail("no real-time message on the migrated schema");
                    }
                }
                while (jobs.isEmpty()) {
                    Thread.sleep(50);
                    if (System.nanoTime() > deadline) {
                        fail("no job message on the migrated schema");
                    }
                }
                assertThat(jobs.getFirst().jsonPayload()).isEqualTo("{\"keyId\":\"u1\"}");
            }
        }
    }
}

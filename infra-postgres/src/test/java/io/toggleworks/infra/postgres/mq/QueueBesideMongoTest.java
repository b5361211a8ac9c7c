package io.toggleworks.infra.postgres.mq;

import static org.assertj.core.api.Assertions.assertThat;

import io.toggleworks.infra.postgres.testing.PostgresTestDatabase;
import io.toggleworks.spi.config.ProviderConfig;
import io.toggleworks.spi.mq.MessageQueue;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With {@code DbProvider=MongoDb} no migration creates the queue's table in PostgreSQL, so the provider does; with
 * {@code DbProvider=Postgres} it leaves the table to the main schema's migration.
 */
class QueueBesideMongoTest {
    @Test
    void createsItsTableWhenTheMainDatabaseIsMongoDb() throws Exception {
        try (PostgresTestDatabase db = PostgresTestDatabase.create("tw_mq_mongo")) {
            assertThat(tableExists(db)).isFalse();
            try (MessageQueue queue = new PostgresMessageQueueProvider().create(config(db, "MongoDb"))) {
                assertThat(tableExists(db)).isTrue();
                queue.producer().publish("featbit-endusers", "{\"envId\":\"e\",\"keyId\":\"k\"}");
            }
            try (Connection c = db.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select count(*) from queue_messages where topic = 'featbit-endusers'")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(1);
            }
            // A second start finds the table and keeps it.
            try (MessageQueue again = new PostgresMessageQueueProvider().create(config(db, "MongoDb"))) {
                assertThat(tableExists(db)).isTrue();
            }
        }
    }

    @Test
    void leavesTheTableToTheMigrationOnPostgres() throws Exception {
        try (PostgresTestDatabase db = PostgresTestDatabase.create("tw_mq_pg")) {
            try (MessageQueue queue = new PostgresMessageQueueProvider().create(config(db, "Postgres"))) {
                assertThat(tableExists(db)).isFalse();
            }
        }
    }

    private static ProviderConfig config(PostgresTestDatabase db, String dbProvider) {
        return ProviderConfig.of(Map.of("DbProvider", dbProvider, "MqProvider", "Postgres",
                "Postgres__ConnectionString", db.npgsqlConnectionString()));
    }

    private static boolean tableExists(PostgresTestDatabase db) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select to_regclass('queue_messages') is not null")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}

package io.toggleworks.api.testing;

import com.mongodb.client.MongoDatabase;
import com.zaxxer.hikari.HikariDataSource;
import io.toggleworks.infra.mongodb.schema.MongoSchema;
import io.toggleworks.testkit.mongo.MongoEmulator;
import io.toggleworks.testkit.postgres.TestDatabase;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The two main databases for store-level suites (one abstract {@code ...StoreContract} per store, run by a
 * PostgreSQL and a MongoDB subclass): a Flyway-migrated PostgreSQL database and an in-memory MongoDB server, each
 * made once per test run and removed when it ends. Use {@link #of(ExtensionContext)} from a {@code @BeforeAll}
 * with an {@code ExtensionContext} parameter.
 */
public final class StoreBackends implements AutoCloseable {
    private TestDatabase postgres;
    private HikariDataSource pool;
    private JdbcClient jdbc;
    private MongoEmulator mongo;

    private StoreBackends() {
    }

    /** The run's backends, closed by JUnit when the run ends. */
    public static StoreBackends of(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .computeIfAbsent(StoreBackends.class, k -> new StoreBackends(), StoreBackends.class);
    }

    /** A migrated PostgreSQL database (shared by the run; tests use random ids so they do not see each other). */
    public synchronized JdbcClient postgres() {
        if (jdbc == null) {
            postgres = TestDatabase.create("tw_api_store").migrate("classpath:db/migration/postgresql");
            pool = new HikariDataSource();
            pool.setJdbcUrl(postgres.jdbcUrl());
            pool.setUsername(postgres.user());
            pool.setMaximumPoolSize(4);
            pool.setMinimumIdle(0);
            jdbc = JdbcClient.create(pool);
        }
        return jdbc;
    }

    /** A new, empty MongoDB database with FeatBit's collections and indexes (GUIDs as subtype 4). */
    public synchronized MongoDatabase newMongo() {
        if (mongo == null) {
            mongo = MongoEmulator.start();
        }
        MongoDatabase db = mongo.client().getDatabase(MongoEmulator.randomDatabaseName("tw_api_"));
        MongoSchema.initialize(db);
        return db;
    }

    @Override
    public synchronized void close() {
        if (mongo != null) {
            mongo.close();
        }
        if (pool != null) {
            pool.close();
            postgres.close();
        }
    }
}

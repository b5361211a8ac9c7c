package io.toggleworks.api.config;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.toggleworks.api.db.DatabaseCheck;
import io.toggleworks.api.db.NoTransactions;
import io.toggleworks.api.db.OnMongoDb;
import io.toggleworks.infra.mongodb.connection.MongoSettings;
import io.toggleworks.infra.mongodb.schema.MongoSchema;
import io.toggleworks.spi.config.ProviderConfig;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The main database when {@code DbProvider=MongoDb}: FeatBit's {@code MongoDb__ConnectionString} and
 * {@code MongoDb__Database}, GUIDs as BSON subtype 4. FeatBit's collections and indexes are created at start when
 * missing (an existing FeatBit database is used as it is), and {@code @Transactional} becomes a no-op (ADR 0052).
 */
@Configuration(proxyBeanMethods = false)
@OnMongoDb
public class MongoConfiguration {
    private static final Logger log = LoggerFactory.getLogger(MongoConfiguration.class);

    @Bean(destroyMethod = "close")
    public MongoClient mongoClient(ProviderConfig config) {
        return settings(config).openClient();
    }

    @Bean
    public MongoDatabase mongoDatabase(MongoClient client, ProviderConfig config) {
        MongoSettings settings = settings(config);
        MongoDatabase db = client.getDatabase(settings.database());
        try {
            MongoSchema.initialize(db);
        } catch (RuntimeException e) {
            // Start anyway, as with PostgreSQL down: readiness reports it, requests fail until it is back.
            log.warn("Could not initialise MongoDB database {}: {}", settings.database(), e.toString());
        }
        return db;
    }

    @Bean
    public PlatformTransactionManager transactionManager() {
        return new NoTransactions();
    }

    @Bean
    public DatabaseCheck databaseCheck(MongoDatabase db) {
        return timeoutSeconds -> {
            try {
                db.runCommand(new Document("ping", 1));
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        };
    }

    private static MongoSettings settings(ProviderConfig config) {
        return MongoSettings.from(config, "toggleworks-api");
    }
}

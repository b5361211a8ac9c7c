package io.toggleworks.infra.mongodb.connection;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.toggleworks.spi.config.ProviderConfig;
import org.bson.UuidRepresentation;

import java.util.concurrent.TimeUnit;

/**
 * FeatBit's MongoDB settings: {@code MongoDb__ConnectionString} (a standard {@code mongodb://} or
 * {@code mongodb+srv://} URI) and {@code MongoDb__Database} (default {@code featbit}).
 *
 * @param connectionString the URI as configured
 * @param database         the database holding FeatBit's collections
 * @param applicationName  shown in the server's connection list (e.g. "toggleworks-els")
 */
public record MongoSettings(String connectionString, String database, String applicationName) {
    public static final String DEFAULT_CONNECTION_STRING = "mongodb://localhost:27017";
    public static final String DEFAULT_DATABASE = "featbit";
    /** Fail fast when the server is gone, so callers report "unavailable" instead of hanging (the driver waits 30 s). */
    static final int DEFAULT_SERVER_SELECTION_TIMEOUT_MS = 5_000;

    public static MongoSettings from(ProviderConfig config, String applicationName) {
        return new MongoSettings(
                config.get("MongoDb:ConnectionString", DEFAULT_CONNECTION_STRING).trim(),
                config.get("MongoDb:Database", DEFAULT_DATABASE).trim(),
                applicationName);
    }

    /** Without the URI, which may carry a password. */
    @Override
    public String toString() {
        return "MongoSettings[database=" + database + ", applicationName=" + applicationName + "]";
    }

    /**
     * A client whose GUIDs are BSON binary subtype 4, as FeatBit configures its driver
     * ({@code GuidRepresentation.Standard}). Timeouts in the URI win over our defaults.
     */
    public MongoClient openClient() {
        ConnectionString cs;
        try {
            cs = new ConnectionString(connectionString);
        } catch (IllegalArgumentException e) {
            // The URI may hold a password: name the setting, not its value.
            throw new IllegalArgumentException("MongoDb__ConnectionString is not a valid MongoDB URI: " + e.getMessage().replace(connectionString, "<uri>"));
        }
        MongoClientSettings.Builder b = MongoClientSettings.builder()
                .uuidRepresentation(UuidRepresentation.STANDARD)
                .applicationName(applicationName)
                .applyToClusterSettings(c -> c.serverSelectionTimeout(DEFAULT_SERVER_SELECTION_TIMEOUT_MS, TimeUnit.MILLISECONDS))
                .applyToSocketSettings(s -> s.connectTimeout(DEFAULT_SERVER_SELECTION_TIMEOUT_MS, TimeUnit.MILLISECONDS))
                .applyConnectionString(cs);
        return MongoClients.create(b.build());
    }
}

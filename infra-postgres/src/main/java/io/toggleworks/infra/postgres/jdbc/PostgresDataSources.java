package io.toggleworks.infra.postgres.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.toggleworks.spi.config.ProviderConfig;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Connections and pools built from FeatBit's {@code Postgres__ConnectionString}. */
public final class PostgresDataSources {
    /** FeatBit's setting name; {@link ProviderConfig} also accepts {@code Postgres:ConnectionString}. */
    public static final String CONNECTION_STRING = "Postgres__ConnectionString";

    private PostgresDataSources() {
    }

    /** The parsed {@code Postgres__ConnectionString}; throws a message naming the setting when it is missing. */
    public static PostgresConnectionString connectionString(ProviderConfig config) {
        String raw = config.get(CONNECTION_STRING).orElseThrow(
                () -> new IllegalArgumentException(CONNECTION_STRING + " is not set"));
        return PostgresConnectionString.parse(raw);
    }

    /**
     * A HikariCP pool. {@code Maximum Pool Size} in the connection string wins over {@code defaultMaxSize}. The pool
     * starts without connecting ({@code initializationFailTimeout=-1}) so a service can start while PostgreSQL is
     * still coming up, as FeatBit's services do.
     */
    public static HikariDataSource pool(PostgresConnectionString cs, String poolName, int defaultMaxSize) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName(poolName);
        hc.setJdbcUrl(cs.jdbcUrl());
        Properties props = cs.connectionProperties();
        props.setProperty("ApplicationName", cs.properties().getOrDefault("ApplicationName", poolName));
        hc.setDataSourceProperties(props);
        hc.setMaximumPoolSize(cs.maxPoolSize().orElse(defaultMaxSize));
        hc.setMinimumIdle(Math.min(1, hc.getMaximumPoolSize()));
        hc.setInitializationFailTimeout(-1);
        hc.setConnectionTimeout(5_000);
        hc.setValidationTimeout(2_000);
        hc.setKeepaliveTime(60_000);
        return new HikariDataSource(hc);
    }

    /** One unpooled connection, for sessions that must stay on one backend (LISTEN). */
    public static Connection connect(PostgresConnectionString cs, String applicationName) throws SQLException {
        Properties props = cs.connectionProperties();
        props.setProperty("ApplicationName", applicationName);
        props.setProperty("tcpKeepAlive", "true");
        props.putIfAbsent("connectTimeout", "10");
        return DriverManager.getConnection(cs.jdbcUrl(), props);
    }
}

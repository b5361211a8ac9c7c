package io.toggleworks.api.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.toggleworks.api.db.DatabaseCheck;
import io.toggleworks.api.db.JdbcDatabaseCheck;
import io.toggleworks.api.db.OnPostgres;
import io.toggleworks.infra.postgres.jdbc.PostgresConnectionString;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The main database, from {@code Postgres__ConnectionString} in any form {@link PostgresConnectionString} reads
 * (Npgsql keywords, JDBC URL, {@code postgres://} URI), with {@code Postgres__Password} overriding its password.
 * Only with {@code DbProvider=Postgres} (the default); Flyway and {@code JdbcClient} follow this bean.
 */
@Configuration(proxyBeanMethods = false)
@OnPostgres
public class DataSourceConfiguration {
    static final String DEFAULT_CONNECTION =
            "Host=localhost;Port=5432;Username=postgres;Password=please_change_me;Database=featbit";

    @Bean(destroyMethod = "close")
    public DataSource dataSource(FeatBitSettings settings) {
        PostgresConnectionString cs = PostgresConnectionString
                .parse(settings.get("Postgres__ConnectionString", DEFAULT_CONNECTION))
                .withPassword(settings.get("Postgres__Password"));
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(cs.jdbcUrl());
        // user, password and what the string sets (sslmode, timeouts, ...) travel as driver properties.
        config.setDataSourceProperties(cs.connectionProperties());
        // Npgsql's Maximum Pool Size in the string, else Postgres__MaxPoolSize.
        config.setMaximumPoolSize(cs.maxPoolSize().orElseGet(() -> Integer.parseInt(settings.get("Postgres__MaxPoolSize", "20"))));
        config.setPoolName("toggleworks-api");
        // Start even when the database is down: readiness reports it and requests fail with 500 until it is back.
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    @Bean
    public DatabaseCheck databaseCheck(DataSource dataSource) {
        return new JdbcDatabaseCheck(dataSource);
    }
}

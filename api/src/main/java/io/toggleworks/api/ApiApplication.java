package io.toggleworks.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;

/**
 * The management API service (FeatBit's "API", port 5000). The main database's beans come from
 * {@code DataSourceConfiguration} (DbProvider=Postgres) or {@code MongoConfiguration} (DbProvider=MongoDb), so
 * Spring Boot's own DataSource, which would demand a JDBC URL on MongoDB, stays off.
 */
@SpringBootApplication(exclude = DataSourceAutoConfiguration.class)
public class ApiApplication {
    public static void main(String[] args) {
        SpringApplication.run(ApiApplication.class, args);
    }
}

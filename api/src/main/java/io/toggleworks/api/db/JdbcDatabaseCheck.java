package io.toggleworks.api.db;

import javax.sql.DataSource;

/** PostgreSQL answers when a pooled connection is valid. */
public record JdbcDatabaseCheck(DataSource dataSource) implements DatabaseCheck {
    @Override
    public boolean answers(int timeoutSeconds) {
        try (var connection = dataSource.getConnection()) {
            return connection.isValid(timeoutSeconds);
        } catch (Exception e) {
            return false;
        }
    }
}

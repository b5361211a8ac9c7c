package io.toggleworks.infra.postgres.jdbc;

import io.toggleworks.infra.postgres.testing.PostgresTestDatabase;
import io.toggleworks.spi.config.ProviderConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostgresConnectionStringTest {

    @Test
    void featbitComposeForm() {
        var cs = PostgresConnectionString.parse("Host=postgresql;Port=5432;Username=postgres;Password=please_change_me;Database=featbit");
        assertThat(cs.jdbcUrl()).isEqualTo("jdbc:postgresql://postgresql:5432/featbit");
        assertThat(cs.user()).contains("postgres");
        assertThat(cs.password()).contains("please_change_me");
        assertThat(cs.properties()).isEmpty();
        assertThat(cs.maxPoolSize()).isEmpty();
    }

    @Test
    void keysAreCaseAndSpaceInsensitiveWithNpgsqlSynonyms() {
        var cs = PostgresConnectionString.parse(" SERVER = db.internal ; User ID=app ; PWD=secret; DATABASE=flags; ");
        assertThat(cs.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/flags");
        assertThat(cs.user()).contains("app");
        assertThat(cs.password()).contains("secret");
    }

    @Test
    void databaseDefaultsToTheUserAsInNpgsql() {
        assertThat(PostgresConnectionString.parse("Host=h;Username=featbit").jdbcUrl())
                .isEqualTo("jdbc:postgresql://h:5432/featbit");
        assertThat(PostgresConnectionString.parse("Host=h").jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/postgres");
    }

    @Test
    void quotedValuesMayHoldSeparators() {
        var cs = PostgresConnectionString.parse("Host=h;Password=\"a;b=c\"\"d\";Username='x y'");
        assertThat(cs.password()).contains("a;b=c\"d");
        assertThat(cs.user()).contains("x y");
    }

    @Test
    void hostListsAndPerHostPorts() {
        assertThat(PostgresConnectionString.parse("Host=h1,h2:5433;Port=6000;Database=d").jdbcUrl())
                .isEqualTo("jdbc:postgresql://h1:6000,h2:5433/d");
        assertThat(PostgresConnectionString.parse("Host=::1;Database=d").jdbcUrl())
                .isEqualTo("jdbc:postgresql://[::1]:5432/d");
        assertThat(PostgresConnectionString.parse("Host=[::1]:7000;Database=d").jdbcUrl())
                .isEqualTo("jdbc:postgresql://[::1]:7000/d");
    }

    @ParameterizedTest
    @CsvSource({"Disable,disable", "Prefer,prefer", "Require,require", "VerifyCA,verify-ca", "VerifyFull,verify-full", "verify-full,verify-full"})
    void sslModes(String npgsql, String pgjdbc) {
        var cs = PostgresConnectionString.parse("Host=h;SSL Mode=" + npgsql);
        assertThat(cs.properties()).containsEntry("sslmode", pgjdbc);
    }

    @Test
    void otherNpgsqlOptions() {
        var cs = PostgresConnectionString.parse(
                "Host=h;Timeout=7;Keepalive=30;Application Name=featbit-api;Search Path=tw;Maximum Pool Size=7;Trust Server Certificate=true");
        assertThat(cs.properties()).containsAllEntriesOf(Map.of(
                "connectTimeout", "7", "tcpKeepAlive", "true", "ApplicationName", "featbit-api", "currentSchema", "tw",
                "sslfactory", "org.postgresql.ssl.NonValidatingFactory"));
        assertThat(cs.maxPoolSize()).contains(7);
    }

    @Test
    void jdbcUrlCredentialsAreLiftedOutOfTheUrl() {
        var cs = PostgresConnectionString.parse("jdbc:postgresql://db:5433/featbit?user=u&password=p%26w&sslmode=require");
        assertThat(cs.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5433/featbit?sslmode=require");
        assertThat(cs.user()).contains("u");
        assertThat(cs.password()).contains("p&w");
        assertThat(cs.toString()).doesNotContain("p&w");
    }

    @Test
    void plainJdbcUrlIsKept() {
        var cs = PostgresConnectionString.parse("jdbc:postgresql://db/featbit");
        assertThat(cs.jdbcUrl()).isEqualTo("jdbc:postgresql://db/featbit");
        assertThat(cs.user()).isEmpty();
    }

    @Test
    void libpqUri() {
        var cs = PostgresConnectionString.parse("postgres://app:s%40cret@db.example:6543/featbit?sslmode=require");
        assertThat(cs.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/featbit?sslmode=require");
        assertThat(cs.user()).contains("app");
        assertThat(cs.password()).contains("s@cret");
    }

    @Test
    void npgsqlSslModeBecomesAProperty() {
        var cs = PostgresConnectionString.parse("Server=db; User ID=u; Pwd=p; SSL Mode=Require");
        assertThat(cs.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/u");
        assertThat(cs.properties()).containsEntry("sslmode", "require");
        assertThat(cs.connectionProperties()).containsEntry("user", "u").containsEntry("password", "p");
    }

    @Test
    void postgresPasswordOverridesTheStringsPassword() {
        var cs = PostgresConnectionString.parse("Host=h;Port=6000;Password=a;Maximum Pool Size=3;SSL Mode=Require");
        var overridden = cs.withPassword(Optional.of("b"));
        assertThat(overridden.password()).contains("b");
        assertThat(overridden.jdbcUrl()).isEqualTo(cs.jdbcUrl());
        assertThat(overridden.properties()).isEqualTo(cs.properties());
        assertThat(overridden.maxPoolSize()).contains(3);
        assertThat(cs.withPassword(Optional.empty()).password()).contains("a");
        assertThat(PostgresConnectionString.parse("jdbc:postgresql://h/d?password=x").withPassword(Optional.of("y"))
                .connectionProperties()).containsEntry("password", "y");
    }

    @Test
    void passwordNeverPrinted() {
        assertThat(PostgresConnectionString.parse("Host=h;Username=u;Password=topsecret").toString()).doesNotContain("topsecret");
    }

    @Test
    void withDatabaseKeepsEverythingElse() {
        var cs = PostgresConnectionString.parse("jdbc:postgresql://db:5433/featbit?sslmode=require").withDatabase("other");
        assertThat(cs.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5433/other?sslmode=require");
    }

    @Test
    void defaultPropertiesNeverOverrideTheOperators() {
        assertThat(PostgresConnectionString.parse("Host=h").withDefaultProperty("socketTimeout", "60").properties())
                .containsEntry("socketTimeout", "60");
        assertThat(PostgresConnectionString.parse("Host=h;Timeout=3").withDefaultProperty("connectTimeout", "10").properties())
                .containsEntry("connectTimeout", "3");
        assertThat(PostgresConnectionString.parse("jdbc:postgresql://h/d?socketTimeout=5").withDefaultProperty("socketTimeout", "60")
                .properties()).doesNotContainKey("socketTimeout");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "Port=5432;Database=d", "Host=h;Port=abc", "Host=h;Port=70000", "Host=h;Password=\"open",
            "Host=h;SSL Mode=Sometimes", "Host=h;garbage", "Host=h;Maximum Pool Size=0", "Host=h,;Database=d", "postgres:///nohost"})
    void badStringsAreRejectedWithAMessage(String text) {
        assertThatThrownBy(() -> PostgresConnectionString.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Postgres connection");
    }

    @Test
    void missingSettingIsNamed() {
        assertThatThrownBy(() -> PostgresDataSources.connectionString(ProviderConfig.of(Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Postgres__ConnectionString");
    }

    @Test
    void settingIsReadUnderEveryFeatbitSpelling() {
        var config = ProviderConfig.of(Map.of("Postgres:ConnectionString", "Host=h;Database=d"));
        assertThat(PostgresDataSources.connectionString(config).jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/d");
    }

    @Test
    void connectsToARealServerWithTheNpgsqlForm() throws Exception {
        try (PostgresTestDatabase db = PostgresTestDatabase.create("tw_jdbc")) {
            var cs = PostgresConnectionString.parse(db.npgsqlConnectionString());
            try (Connection c = PostgresDataSources.connect(cs, "tw_test"); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select current_database(), current_setting('application_name')")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo(db.name());
                assertThat(rs.getString(2)).isEqualTo("tw_test");
            }
            try (var pool = PostgresDataSources.pool(cs, "tw_pool", 2); Connection c = pool.getConnection();
                 Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(Optional.of(pool.getMaximumPoolSize())).contains(2);
            }
        }
    }
}

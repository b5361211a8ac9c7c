package io.toggleworks.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PostgresConnectionStringTest {
    @Test
    void npgsqlForm() {
        var cs = PostgresConnectionString.parse("Host=postgresql;Port=5433;Username=postgres;Password=please_change_me;Database=featbit");
        assertThat(cs.jdbcUrl()).isEqualTo("jdbc:postgresql://postgresql:5433/featbit");
        assertThat(cs.user()).contains("postgres");
        assertThat(cs.password()).contains("please_change_me");
    }

    @Test
    void npgsqlAliasesAndDefaults() {
        var cs = PostgresConnectionString.parse("Server=db; User ID=u; Pwd=p; SSL Mode=Require");
        assertThat(cs.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/postgres?sslmode=require");
        assertThat(cs.user()).contains("u");
        assertThat(cs.password()).contains("p");
    }

    @Test
    void jdbcAndUriForms() {
        assertThat(PostgresConnectionString.parse("jdbc:postgresql://h:1/d?user=x").jdbcUrl()).isEqualTo("jdbc:postgresql://h:1/d?user=x");
        var uri = PostgresConnectionString.parse("postgresql://me:p%40ss@h:6000/db");
        assertThat(uri.jdbcUrl()).isEqualTo("jdbc:postgresql://h:6000/db");
        assertThat(uri.password()).contains("p@ss");
    }

    @Test
    void passwordOverride() {
        var cs = PostgresConnectionString.parse("Host=h;Password=a").withPassword(Optional.of("b"));
        assertThat(cs.password()).contains("b");
    }
}

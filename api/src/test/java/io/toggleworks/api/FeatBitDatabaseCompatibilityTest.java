package io.toggleworks.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.toggleworks.api.testing.ApiClient;
import io.toggleworks.api.testing.RunningApi;
import io.toggleworks.api.testing.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A database created by FeatBit's own init scripts (no Flyway history, FeatBit's seed and data) works after our
 * migrations run on it: nothing is seeded twice, existing users log in, existing tokens keep working (hashed).
 */
class FeatBitDatabaseCompatibilityTest {
    @Test
    void ourMigrationsRunOnAFeatBitDatabaseAndTheApiWorks() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), TestDatabase.USER, "");
                 Statement s = c.createStatement();
                 InputStream in = getClass().getResourceAsStream("/featbit/featbit-initdb-v5.4.1.sql")) {
                s.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            try (RunningApi app = RunningApi.start(db)) {
                ApiClient api = app.seededUser();
                assertThat(api.organizationId().toString()).isEqualTo("aaaaaaaa-0000-0000-0000-000000000003");
                JsonNode projects = api.get("projects").ok().data();
                assertThat(projects.path(0).path("key").asString()).isEqualTo("legacy");
                assertThat(projects.path(0).path("environments").path(0).path("settings").path("requireChangeComment").asBoolean()).isFalse();
                assertThat(db.jdbc().sql("select count(*) from workspaces").query(Long.class).single()).isEqualTo(1);
                assertThat(db.jdbc().sql("select count(*) from users").query(Long.class).single()).isEqualTo(1);
                assertThat(db.jdbc().sql("select count(*) from policies").query(Long.class).single()).isEqualTo(3);
                assertThat(db.jdbc().sql("select count(*) from flyway_schema_history where success").query(Long.class).single())
                        .isGreaterThanOrEqualTo(4);
                // FeatBit's plain-text access token was hashed by the migration and still authenticates.
                assertThat(db.jdbc().sql("select token from access_tokens").query(String.class).single()).startsWith("sha256$api-MjAyNi");
                ApiClient token = app.anonymous().withAccessToken("api-MjAyNi0xMS0yN1QwMDowMDowMC4wMDBaqqqqqqoA");
                assertThat(token.get("projects").ok().data().path(0).path("key").asString()).isEqualTo("legacy");
                // New work lands in FeatBit's tables as FeatBit would write it.
                JsonNode created = api.post("projects", Map.of("name", "New", "key", "new")).ok().data();
                assertThat(created.path("environments")).hasSize(2);
                assertThat(db.jdbc().sql("select count(*) from events").query(Long.class).single()).isZero();
            }
        }
    }

    static String read(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}

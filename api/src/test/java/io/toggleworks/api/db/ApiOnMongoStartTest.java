package io.toggleworks.api.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.toggleworks.api.testing.ApiTestBase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The smallest proof that the API runs on the configured main database: it starts, reports ready, and the seeded
 * user signs in. Runs in both executions (PostgreSQL, and MongoDB with {@code -Dtoggleworks.api.db=MongoDb}).
 */
@Tag("mongodb")
class ApiOnMongoStartTest extends ApiTestBase {
    @Test
    void startsReadyAndTheSeededUserSignsIn() {
        assertThat(server.anonymous().get("/health/readiness").status()).isEqualTo(200);
        assertThat(api.get("user/workspaces").ok().data().size()).isGreaterThanOrEqualTo(1);
        assertThat(api.get("organizations").ok().data().size()).isGreaterThanOrEqualTo(1);
    }
}

package io.toggleworks.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.toggleworks.api.testing.ApiClient;
import io.toggleworks.api.testing.RunningApi;
import io.toggleworks.api.testing.TestDatabase;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestSizeLimitTest {
    @Test
    void bodiesAboveTheLimitAreRefusedWith413AndNothingIsWritten() {
        try (TestDatabase db = TestDatabase.create();
             RunningApi app = RunningApi.start(db, Map.of("Api__MaxRequestBodyBytes", "2000"))) {
            ApiClient api = app.seededUser();
            long before = db.jdbc().sql("select count(*) from projects").query(Long.class).single();
            ApiClient.Response r = api.post("projects", Map.of("name", "x".repeat(5000), "key", "big"));
            assertThat(r.status()).isEqualTo(413);
            assertThat(r.success()).isFalse();
            assertThat(api.post("projects", Map.of("name", "small", "key", "small")).status()).isIn(200, 403);
            assertThat(db.jdbc().sql("select count(*) from projects where key = 'big'").query(Long.class).single()).isZero();
            assertThat(before).isZero();
        }
    }
}

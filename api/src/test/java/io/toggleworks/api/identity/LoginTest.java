package io.toggleworks.api.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.toggleworks.api.testing.ApiClient;
import io.toggleworks.api.testing.ApiTestBase;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("mongodb")
class LoginTest extends ApiTestBase {
    @Test
    void seededUserLogsInAndSeesProfileWorkspaceAndOrganization() {
        assertThat(api.get("user/profile").ok().data().path("email").asString()).isEqualTo("test@featbit.com");
        assertThat(api.get("user/workspaces").ok().data().path(0).path("key").asString()).isEqualTo("default-workspace");
        var orgs = api.get("organizations").ok().data();
        assertThat(orgs.findValuesAsString("key")).contains("playground");
    }

    @Test
    void wrongPasswordIs200WithEmailPasswordMismatch() {
        ApiClient.Response r = server.anonymous().post("identity/login-by-email",
                Map.of("email", "test@featbit.com", "password", "wrong"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.success()).isFalse();
        assertThat(r.error()).isEqualTo("EmailPasswordMismatch");
    }

    @Test
    void healthEndpointsAnswer() {
        assertThat(server.anonymous().get("/health/liveness").text()).isEqualTo("Healthy");
        assertThat(server.anonymous().get("/health/readiness").text()).isEqualTo("Healthy");
    }

    @Test
    void openApiDocumentIsServedWithoutAuthentication() {
        ApiClient.Response r = server.anonymous().get("/swagger/v1/swagger.json");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().path("paths").has("/api/v1/projects")).isTrue();
        assertThat(r.body().path("paths").has("/api/v1/identity/login-by-email")).isTrue();
    }
}

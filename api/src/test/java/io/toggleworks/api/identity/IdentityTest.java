package io.toggleworks.api.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.toggleworks.api.testing.ApiClient;
import io.toggleworks.api.testing.ApiTestBase;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdentityTest extends ApiTestBase {
    private static String cookie(ApiClient.Response r) {
        return r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("refresh-token=")).findFirst()
                .map(c -> c.substring("refresh-token=".length(), c.indexOf(';'))).orElse("");
    }

    @Test
    void loginSetsRefreshCookieAndRefreshRotatesIt() {
        ApiClient.Response login = server.anonymous().post("identity/login-by-email", Map.of("email", "test@featbit.com", "password", "123456")).ok();
        String setCookie = login.headers().allValues("Set-Cookie").get(0);
        assertThat(setCookie).contains("Path=/api/v1/identity").contains("HttpOnly").contains("SameSite=Lax").contains("Max-Age=2592000");
        String first = cookie(login);
        assertThat(first).hasSize(32);
        assertThat(db().sql("select count(*) from refresh_tokens where token = :t").param("t", RefreshTokenStore.hash(first))
                .query(Long.class).single()).isEqualTo(1);

        ApiClient withCookie = server.anonymous().withHeader("Cookie", "refresh-token=" + first);
        ApiClient.Response refreshed = withCookie.post("identity/refresh-token", null).ok();
        assertThat(refreshed.data().path("token").asString()).isNotBlank();
        String second = cookie(refreshed);
        assertThat(second).isNotEqualTo(first).hasSize(32);
        // The old token is revoked: reusing it fails and clears the cookie.
        ApiClient.Response reused = withCookie.post("identity/refresh-token", null);
        assertThat(reused.status()).isEqualTo(401);
        assertThat(reused.error()).isEqualTo("RefreshTokens_is_invalid");
        assertThat(server.anonymous().post("identity/refresh-token", null).error()).isEqualTo("refresh-token_is_required");

        ApiClient user = server.anonymous().withAuthorization("Bearer " + refreshed.data().path("token").asString())
                .withHeader("Cookie", "refresh-token=" + second);
        assertThat(user.get("user/profile").ok().data().path("email").asString()).isEqualTo("test@featbit.com");
        user.post("identity/logout", null).ok();
        assertThat(server.anonymous().withHeader("Cookie", "refresh-token=" + second).post("identity/refresh-token", null).status())
                .isEqualTo(401);
    }

    @Test
    void seedPasswordIsRehashedToTheCurrentFormatOnLogin() {
        String hash = db().sql("select password from users where email = 'test@featbit.com'").query(String.class).single();
        assertThat(PasswordHasher.needsRehash(hash)).isFalse();
        assertThat(PasswordHasher.verify(hash, "123456")).isTrue();
    }

    @Test
    void passwordResetAndProfileUpdate() {
        ApiClient org = newOrganization();
        String email = "u-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        org.post("members/add", Map.of("email", email, "policyIds", List.of(), "groupIds", List.of())).ok();
        String initial = org.get("members?searchText=" + email).ok().data().path("items").path(0).path("initialPassword").asString();
        ApiClient user = server.anonymous().login(email, initial);
        assertThat(user.put("identity/reset-password", Map.of("currentPassword", "wrong", "newPassword", "abcdef")).ok().data()
                .path("reason").asString()).isEqualTo("EmailPasswordMismatch");
        assertThat(user.put("identity/reset-password", Map.of("currentPassword", initial, "newPassword", "abc")).error())
                .isEqualTo("PasswordTooShort");
        assertThat(user.put("identity/reset-password", Map.of("currentPassword", initial, "newPassword", "n3w-password")).ok().data()
                .path("success").asBoolean()).isTrue();
        assertThat(db().sql("select initial_password from users where email = :e").param("e", email).query(String.class).optional())
                .isEmpty();
        ApiClient again = server.anonymous().login(email, "n3w-password");
        assertThat(again.put("user/profile", Map.of("name", "New Name", "email", email)).ok().data().path("name").asString()).isEqualTo("New Name");
        assertThat(again.put("user/profile", Map.of("name", "x", "email", "test@featbit.com")).status()).isEqualTo(422);
        // Members added without policies get the organization's defaults (Developer).
        assertThat(again.withOrganization(org.organizationId()).get("user/policies").ok().data().path(0).path("key").asString())
                .isEqualTo("developer");
    }
}

package io.toggleworks.api.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.toggleworks.api.db.StoreFixture;
import io.toggleworks.api.testing.ApiClient;
import io.toggleworks.api.testing.ApiTestBase;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("mongodb")
class IdentityTest extends ApiTestBase {

    /** What the API stored, on whichever main database this run uses. */
    private static <T> T stored(java.util.function.Function<StoreFixture, T> read) {
        if (onMongo()) {
            try (var client = mongoClient()) {
                return read.apply(StoreFixture.mongo(client.getDatabase(mongoDatabaseName())));
            }
        }
        return read.apply(StoreFixture.postgres(db()));
    }

    private static long count(String table, String column, Object value) {
        return stored(s -> s.count(table, column, value));
    }

    private static java.util.Optional<Object> value(String table, String whereColumn, Object whereValue, String column) {
        return stored(s -> s.value(table, whereColumn, whereValue, column));
    }
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
        assertThat(count("refresh_tokens", "token", RefreshTokenStore.hash(first))).isEqualTo(1);

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
        String hash = (String) value("users", "email", "test@featbit.com", "password").orElseThrow();
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
        assertThat(value("users", "email", email, "initial_password")).isEmpty();
        ApiClient again = server.anonymous().login(email, "n3w-password");
        assertThat(again.put("user/profile", Map.of("name", "New Name", "email", email)).ok().data().path("name").asString()).isEqualTo("New Name");
        assertThat(again.put("user/profile", Map.of("name", "x", "email", "test@featbit.com")).status()).isEqualTo(422);
        // Members added without policies get the organization's defaults (Developer).
        assertThat(again.withOrganization(org.organizationId()).get("user/policies").ok().data().path(0).path("key").asString())
                .isEqualTo("developer");
    }
}

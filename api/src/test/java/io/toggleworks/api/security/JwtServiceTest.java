package io.toggleworks.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class JwtServiceTest {
    static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    static final JsonMapper JSON = JsonMapper.builder().build();
    final Instant now = Instant.parse("2026-01-01T00:00:00Z");
    final JwtService jwt = new JwtService(KEY, "featbit", "featbit-api", JSON, Clock.fixed(now, ZoneOffset.UTC));

    @Test
    void roundTrip() {
        UUID user = UUID.randomUUID();
        assertThat(jwt.verify(jwt.issue(user))).contains(user);
    }

    @Test
    void expiredForgedOrForeignTokensAreRejected() {
        UUID user = UUID.randomUUID();
        String token = jwt.issue(user);
        var later = new JwtService(KEY, "featbit", "featbit-api", JSON, Clock.fixed(now.plus(Duration.ofMinutes(5)), ZoneOffset.UTC));
        assertThat(later.verify(token)).isEmpty();
        var otherKey = new JwtService("another-key-another-key-another-key".getBytes(StandardCharsets.UTF_8), "featbit",
                "featbit-api", JSON, Clock.fixed(now, ZoneOffset.UTC));
        assertThat(otherKey.verify(token)).isEmpty();
        var otherAudience = new JwtService(KEY, "featbit", "other", JSON, Clock.fixed(now, ZoneOffset.UTC));
        assertThat(otherAudience.verify(token)).isEmpty();
        String[] parts = token.split("\\.");
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(jwt.verify(none + "." + parts[1] + ".")).isEmpty();
        assertThat(jwt.verify("garbage")).isEmpty();
        assertThat(jwt.verify("a.b.c")).isEmpty();
    }
}

package io.toggleworks.api.security;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/** JWTs for tests: expired ones signed with the right key, and forged ones. */
public final class TestTokens {
    private TestTokens() {
    }

    public static String expired(String key, UUID userId) {
        Clock past = Clock.fixed(Instant.now().minus(Duration.ofMinutes(10)), ZoneOffset.UTC);
        return new JwtService(key.getBytes(StandardCharsets.UTF_8), "featbit", "featbit-api", JsonMapper.builder().build(), past)
                .issue(userId);
    }

    public static String signedWith(String key, UUID userId) {
        return new JwtService(key.getBytes(StandardCharsets.UTF_8), "featbit", "featbit-api", JsonMapper.builder().build(),
                Clock.systemUTC()).issue(userId);
    }

    public static String wrongAudience(String key, UUID userId) {
        return new JwtService(key.getBytes(StandardCharsets.UTF_8), "featbit", "someone-else", JsonMapper.builder().build(),
                Clock.systemUTC()).issue(userId);
    }
}

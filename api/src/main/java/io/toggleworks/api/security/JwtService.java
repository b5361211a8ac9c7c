package io.toggleworks.api.security;

import io.toggleworks.api.config.FeatBitSettings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * FeatBit's portal JWT (api.md §4.2): HS256 with {@code Jwt__Key}, claim {@code id} = user id, issuer
 * {@code Jwt__Issuer} (featbit), audience {@code Jwt__Audience} (featbit-api), 5 minutes, zero clock skew, the
 * algorithm pinned. RS256/ES256 key files are not supported yet.
 */
@Component
public class JwtService {
    private static final Logger log = LoggerFactory.getLogger(JwtService.class);
    static final Duration LIFETIME = Duration.ofMinutes(5);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final byte[] key;
    private final String issuer;
    private final String audience;
    private final JsonMapper json;
    private final Clock clock;

    @org.springframework.beans.factory.annotation.Autowired
    public JwtService(FeatBitSettings settings, JsonMapper json) {
        this(keyFrom(settings), settings.get("Jwt__Issuer", "featbit"), settings.get("Jwt__Audience", "featbit-api"),
                json, Clock.systemUTC());
        String alg = settings.get("Jwt__Algorithm", "HS256");
        if (!alg.equalsIgnoreCase("HS256")) {
            throw new IllegalStateException("Jwt__Algorithm=" + alg + " is not supported yet; use HS256 with Jwt__Key");
        }
    }

    JwtService(byte[] key, String issuer, String audience, JsonMapper json, Clock clock) {
        this.key = key;
        this.issuer = issuer;
        this.audience = audience;
        this.json = json;
        this.clock = clock;
    }

    private static byte[] keyFrom(FeatBitSettings settings) {
        Optional<String> configured = settings.get("Jwt__Key");
        if (configured.isEmpty()) {
            // FeatBit refuses to start; we prefer a working single-node default, with a loud warning.
            log.warn("Jwt__Key is not set: using a random key, so sessions end at restart and differ between instances");
            byte[] random = new byte[48];
            new SecureRandom().nextBytes(random);
            return random;
        }
        if (configured.get().length() < 32) {
            throw new IllegalStateException("Jwt__Key must be at least 32 characters long");
        }
        return configured.get().getBytes(StandardCharsets.UTF_8);
    }

    public String issue(UUID userId) {
        long now = clock.instant().getEpochSecond();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("id", userId.toString());
        payload.put("nbf", now);
        payload.put("exp", now + LIFETIME.toSeconds());
        payload.put("iat", now);
        payload.put("iss", issuer);
        payload.put("aud", audience);
        String header = B64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String body = B64.encodeToString(json.writeValueAsBytes(payload));
        String signingInput = header + "." + body;
        return signingInput + "." + B64.encodeToString(sign(signingInput));
    }

    /** The user id of a valid token; empty for anything forged, expired, malformed or for another audience. */
    public Optional<UUID> verify(String token) {
        try {
            String[] parts = token.split("\\.", -1);
            if (parts.length != 3) {
                return Optional.empty();
            }
            JsonNode header = json.readTree(B64D.decode(parts[0]));
            if (!"HS256".equals(header.path("alg").asString(""))) {
                return Optional.empty();
            }
            byte[] expected = sign(parts[0] + "." + parts[1]);
            if (!MessageDigest.isEqual(expected, B64D.decode(parts[2]))) {
                return Optional.empty();
            }
            JsonNode claims = json.readTree(B64D.decode(parts[1]));
            long now = clock.instant().getEpochSecond();
            if (!claims.path("exp").isNumber() || claims.path("exp").asLong() <= now) {
                return Optional.empty();
            }
            if (claims.path("nbf").isNumber() && claims.path("nbf").asLong() > now) {
                return Optional.empty();
            }
            if (!issuer.equals(claims.path("iss").asString(""))) {
                return Optional.empty();
            }
            JsonNode aud = claims.path("aud");
            boolean audienceOk = audience.equals(aud.asString(""));
            if (aud.isArray()) {
                for (JsonNode a : aud) {
                    audienceOk |= audience.equals(a.asString(""));
                }
            }
            if (!audienceOk) {
                return Optional.empty();
            }
            return Optional.of(UUID.fromString(claims.path("id").asString("")));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private byte[] sign(String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

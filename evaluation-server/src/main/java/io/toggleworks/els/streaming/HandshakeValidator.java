package io.toggleworks.els.streaming;

import io.toggleworks.core.secret.ConnectionToken;
import io.toggleworks.core.secret.SecretType;
import io.toggleworks.els.auth.AuthResult;
import io.toggleworks.els.auth.SecretAuthenticator;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Validates a {@code /streaming} upgrade request in FeatBit's order (evaluation-server.md §1.2, §2.1): type,
 * version, token format, token age, then the store: the secret must exist and match the requested type.
 * Blocking (store lookup): call off the event loop.
 */
public final class HandshakeValidator {
    private static final Set<String> VERSIONS = Set.of("", "1", "2");

    /** What the handshake decided; {@code type} is set when accepted. */
    public record Outcome(AuthResult auth, Optional<SdkType> type) {
        static Outcome rejected(String reason) {
            return new Outcome(new AuthResult.Rejected(reason), Optional.empty());
        }
    }

    private final SecretAuthenticator authenticator;
    private final Duration tokenExpiry;
    private final Clock clock;

    public HandshakeValidator(SecretAuthenticator authenticator, Duration tokenExpiry, Clock clock) {
        this.authenticator = authenticator;
        this.tokenExpiry = tokenExpiry;
        this.clock = clock;
    }

    public Outcome validate(Map<String, List<String>> query) {
        return validate(query, false).orElseThrow();
    }

    /** {@link #validate} when it needs no store query (see {@link SecretAuthenticator#authenticateIfCached}). */
    public Optional<Outcome> validateIfCached(Map<String, List<String>> query) {
        return validate(query, true);
    }

    private Optional<Outcome> validate(Map<String, List<String>> query, boolean cachedOnly) {
        Outcome checked = checkRequest(query);
        if (checked != null) {
            return Optional.of(checked);
        }
        SdkType type = SdkType.fromWire(first(query, "type")).orElseThrow();
        String secret = ConnectionToken.decode(first(query, "token")).orElseThrow().secret();
        Set<SecretType> accepted = Set.of(type.secretType());
        Optional<AuthResult> auth = cachedOnly ? authenticator.authenticateIfCached(secret, accepted)
                : Optional.of(authenticator.authenticate(secret, accepted));
        return auth.map(a -> new Outcome(a, a instanceof AuthResult.Accepted ? Optional.of(type) : Optional.empty()));
    }

    /** FeatBit's checks before the store, in its order: the rejection, or null when the request passes them. */
    private Outcome checkRequest(Map<String, List<String>> query) {
        String typeText = first(query, "type");
        Optional<SdkType> type = SdkType.fromWire(typeText);
        if (type.isEmpty()) {
            return Outcome.rejected("Invalid type: " + typeText);
        }
        String version = first(query, "version");
        if (!VERSIONS.contains(version)) {
            return Outcome.rejected("Invalid version: " + version);
        }
        String token = first(query, "token");
        if (token.isBlank()) {
            return Outcome.rejected("Missing token");
        }
        if (type.get() == SdkType.RELAY_PROXY) {
            // Relay proxies (FeatBit Agent) authenticate with an rp- key against relay_proxies: not served yet.
            return Outcome.rejected("Invalid relay proxy token: relay proxies are not supported by this server yet");
        }
        Optional<ConnectionToken> decoded = ConnectionToken.decode(token);
        if (decoded.isEmpty()) {
            return Outcome.rejected("Invalid token: " + SecretAuthenticator.mask(token));
        }
        if (!decoded.get().isFresh(clock.millis(), tokenExpiry)) {
            return Outcome.rejected("Token is expired: " + SecretAuthenticator.mask(token) + " (" + (clock.millis() - decoded.get().timestamp()) + " ms off)");
        }
        return null;
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? "" : values.getFirst();
    }
}

package io.toggleworks.els.http;

import io.netty.handler.codec.http.HttpMethod;
import io.toggleworks.core.secret.SecretType;

import java.util.Locale;
import java.util.Set;

/**
 * An authenticated SDK route: method, path (exact, or a prefix ending in {@code /} for routes with a trailing
 * parameter such as {@code /ofrep/v1/evaluate/flags/{key}}), the secret types it accepts (ADR 0040) and its
 * endpoint. Paths match case-insensitively, as ASP.NET routing does.
 */
public record Route(HttpMethod method, String path, Set<SecretType> accepted, Endpoint endpoint) {
    public static final Set<SecretType> SERVER = Set.of(SecretType.SERVER);
    public static final Set<SecretType> CLIENT = Set.of(SecretType.CLIENT);
    public static final Set<SecretType> ANY = Set.of(SecretType.SERVER, SecretType.CLIENT);

    public Route {
        path = path.toLowerCase(Locale.ROOT);
        accepted = Set.copyOf(accepted);
    }

    boolean matchesPath(String lowerPath) {
        return path.endsWith("/") ? lowerPath.startsWith(path) && lowerPath.length() > path.length() : lowerPath.equals(path);
    }
}

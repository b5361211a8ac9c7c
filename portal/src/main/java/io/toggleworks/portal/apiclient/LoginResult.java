package io.toggleworks.portal.apiclient;

/** A JWT plus the refresh-token cookie value that came with it. */
public record LoginResult(String token, String refreshToken) {
}

package io.toggleworks.els.auth;

import io.toggleworks.core.secret.SecretRecord;

/** The outcome of checking an environment secret against the store. */
public sealed interface AuthResult {
    /** The secret exists and has an accepted type. */
    record Accepted(SecretRecord secret) implements AuthResult {
    }

    /** Unknown, malformed or of the wrong type: WebSocket close 4003, HTTP 401. */
    record Rejected(String reason) implements AuthResult {
    }

    /** The store could not answer: WebSocket close 1011 (SDKs retry), HTTP 503. */
    record Unavailable(String reason) implements AuthResult {
    }
}

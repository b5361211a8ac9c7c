package io.toggleworks.portal.apiclient;

import java.time.Instant;

/** An end user who evaluated a flag, with the variation (name) served last ({@code end-users/get-by-featureflag}). */
public record FlagEndUser(String variation, String keyId, String name, Instant lastEvaluatedAt) {
}

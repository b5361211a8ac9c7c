package io.toggleworks.portal.apiclient;

import java.time.Instant;

/** The latest non-create change of a flag. */
public record LastChange(UserRef operator, Instant happenedAt, String comment) {
}

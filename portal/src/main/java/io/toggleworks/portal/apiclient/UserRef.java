package io.toggleworks.portal.apiclient;

/** Who created or changed something. */
public record UserRef(String id, String name, String email) {
}

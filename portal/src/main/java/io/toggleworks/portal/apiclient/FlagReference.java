package io.toggleworks.portal.apiclient;

/** A flag whose rules use a segment. */
public record FlagReference(String envId, String id, String name, String key) {
}

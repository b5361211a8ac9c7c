package io.toggleworks.portal.apiclient;

/** A flag variation; values are always strings on the wire. */
public record Variation(String id, String name, String value) {
}

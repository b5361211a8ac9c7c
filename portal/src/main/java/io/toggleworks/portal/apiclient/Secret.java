package io.toggleworks.portal.apiclient;

/** An environment secret (SDK key). */
public record Secret(String id, String name, String type, String value) {
}

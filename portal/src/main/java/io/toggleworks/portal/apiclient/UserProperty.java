package io.toggleworks.portal.apiclient;

/** A customized end-user property. */
public record UserProperty(String name, String value) {
}

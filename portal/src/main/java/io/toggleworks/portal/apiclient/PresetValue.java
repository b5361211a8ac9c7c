package io.toggleworks.portal.apiclient;

/** A preset value of an end-user property. */
public record PresetValue(String id, String value, String description) {
}

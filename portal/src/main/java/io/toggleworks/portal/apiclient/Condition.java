package io.toggleworks.portal.apiclient;

/** One rule condition; multi-value and segment conditions carry a JSON array string in value. */
public record Condition(String id, String property, String op, String value) {
}

package io.toggleworks.core.flag;

/** One possible value of a flag. The value is always a string, whatever the flag's variation type. */
public record Variation(String id, String name, String value) {
}

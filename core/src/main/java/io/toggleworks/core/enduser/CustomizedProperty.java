package io.toggleworks.core.enduser;

/** A custom end-user attribute. Values are strings or null, as FeatBit accepts them. */
public record CustomizedProperty(String name, String value) {
}

package io.toggleworks.core.evaluation;

import io.toggleworks.core.enduser.CustomizedProperty;
import io.toggleworks.core.enduser.EndUser;

import java.util.List;

/**
 * FeatBit's user attribute lookup {@code ValueOf} (evaluation-server.md §4.6): a blank name gives {@code ""},
 * {@code keyId} and {@code name} (exact case) are built in, anything else is the first custom property of that name
 * (ordinal), {@code ""} when missing or null. Only a missing {@code name} (or keyId) yields null.
 */
final class Attribute {
    private static final int BLANK = 0;
    private static final int KEY_ID = 1;
    private static final int NAME = 2;
    private static final int CUSTOM = 3;

    private final int kind;
    private final String name;

    private Attribute(int kind, String name) {
        this.kind = kind;
        this.name = name;
    }

    static Attribute of(String property) {
        if (DotNetText.isNullOrWhiteSpace(property)) {
            return new Attribute(BLANK, "");
        }
        return switch (property) {
            case "keyId" -> new Attribute(KEY_ID, property);
            case "name" -> new Attribute(NAME, property);
            default -> new Attribute(CUSTOM, property);
        };
    }

    String valueOf(EndUser user) {
        return switch (kind) {
            case KEY_ID -> user.keyId();
            case NAME -> user.name();
            case CUSTOM -> custom(user.customizedProperties());
            default -> "";
        };
    }

    private String custom(List<CustomizedProperty> properties) {
        for (int i = 0, n = properties.size(); i < n; i++) {
            CustomizedProperty p = properties.get(i);
            if (name.equals(p.name())) {
                String v = p.value();
                return v == null ? "" : v;
            }
        }
        return "";
    }
}

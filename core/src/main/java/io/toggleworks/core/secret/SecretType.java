package io.toggleworks.core.secret;

/** The two kinds of environment secret; the wire strings are FeatBit's. */
public enum SecretType {
    SERVER("server"), CLIENT("client");

    private final String wire;

    SecretType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static java.util.Optional<SecretType> fromWire(String s) {
        for (SecretType t : values()) {
            if (t.wire.equals(s)) {
                return java.util.Optional.of(t);
            }
        }
        return java.util.Optional.empty();
    }
}

package io.toggleworks.els.streaming;

import io.toggleworks.core.secret.SecretType;

import java.util.Optional;

/** The {@code type} query parameter of {@code /streaming}. */
public enum SdkType {
    SERVER("server", SecretType.SERVER), CLIENT("client", SecretType.CLIENT), RELAY_PROXY("relay-proxy", SecretType.SERVER);

    private final String wire;
    private final SecretType secretType;

    SdkType(String wire, SecretType secretType) {
        this.wire = wire;
        this.secretType = secretType;
    }

    public String wire() {
        return wire;
    }

    public SecretType secretType() {
        return secretType;
    }

    /** Exact, case-sensitive, as FeatBit compares it. */
    public static Optional<SdkType> fromWire(String s) {
        for (SdkType t : values()) {
            if (t.wire.equals(s)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}

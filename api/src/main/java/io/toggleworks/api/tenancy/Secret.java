package io.toggleworks.api.tenancy;

/** One environment secret as stored in {@code environments.secrets} and shown on the wire. */
public record Secret(String id, String name, String type, String value) {
    public static final String SERVER = "server";
    public static final String CLIENT = "client";
}

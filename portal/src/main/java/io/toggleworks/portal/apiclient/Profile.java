package io.toggleworks.portal.apiclient;

/** The signed-in user. */
public record Profile(String id, String email, String name, String origin) {
}

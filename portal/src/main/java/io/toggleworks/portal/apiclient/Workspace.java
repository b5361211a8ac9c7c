package io.toggleworks.portal.apiclient;

/** A workspace (license and SSO are not used by the portal yet). */
public record Workspace(String id, String name, String key) {
}

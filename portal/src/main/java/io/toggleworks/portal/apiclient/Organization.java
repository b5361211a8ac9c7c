package io.toggleworks.portal.apiclient;

/** An organization. */
public record Organization(String id, String name, String key, boolean initialized, DefaultPermissions defaultPermissions, OrgSettings settings) {
}

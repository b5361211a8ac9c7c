package io.toggleworks.portal.apiclient;

/** Organization settings. */
public record OrgSettings(String flagSortedBy) {
}

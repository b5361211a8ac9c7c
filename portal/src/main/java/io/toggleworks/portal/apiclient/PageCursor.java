package io.toggleworks.portal.apiclient;

/** End-user list cursor; kept as the API sent it. */
public record PageCursor(String id, String updatedAt, String direction) {
}

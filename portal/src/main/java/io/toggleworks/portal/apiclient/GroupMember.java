package io.toggleworks.portal.apiclient;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A member as listed on a group. */
public record GroupMember(String id, String name, String email, @JsonProperty("isGroupMember") boolean isGroupMember) {
}

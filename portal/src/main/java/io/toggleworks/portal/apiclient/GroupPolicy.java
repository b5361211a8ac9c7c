package io.toggleworks.portal.apiclient;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A policy as listed on a group. */
public record GroupPolicy(String id, String name, String type, String description, @JsonProperty("isGroupPolicy") boolean isGroupPolicy) {
}

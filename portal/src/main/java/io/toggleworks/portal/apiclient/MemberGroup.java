package io.toggleworks.portal.apiclient;

/** A group as listed on a member. */
public record MemberGroup(String id, String name, String description) {
}

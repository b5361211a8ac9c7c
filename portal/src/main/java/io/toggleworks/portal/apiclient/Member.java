package io.toggleworks.portal.apiclient;

import java.util.List;

/** An organization member. */
public record Member(String id, String email, String name, String invitorId, String initialPassword, List<MemberGroup> groups) {
}

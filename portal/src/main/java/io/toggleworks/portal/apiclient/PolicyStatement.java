package io.toggleworks.portal.apiclient;

import java.util.List;

/** One allow/deny statement of a policy. */
public record PolicyStatement(String id, String resourceType, String effect, List<String> actions, List<String> resources) {
}

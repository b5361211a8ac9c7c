package io.toggleworks.portal.apiclient;

import java.util.List;

/** A segment rule: all its conditions must hold. */
public record MatchRule(String id, String name, List<Condition> conditions) {
}
